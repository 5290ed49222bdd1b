"""Sweeping statements in English: absolute words (always, never, no exceptions, "does not …
at all") and records (the highest since 1991, the largest trial so far), and the tests that keep
them to what an answer states, not what it hedges, advises or quotes as material. The rules
(`find_en`) and the learned tagger both ask these tests."""

from __future__ import annotations

import re
from collections.abc import Iterator

from bot.core.qa.checking.claims import MONTH_EN as MONTH
from bot.core.qa.checking.claims import Candidate, normal

ABSOLUTE = re.compile(
    r"\b(?:(?:can\s|will\s)?(?:always|never)|no exceptions?|without exception|guarantee[sd]?"
    # "every three years", "every January": how often, not who
    r"|every(?!\s(?:hour|day|week|month|year|time|use|morning|evening|quarter|spring|summer|autumn"
    r"|winter|other|few|couple|single\s(?:day|week|month|year)|\d|one|two|three|four|five|six"
    r"|seven|eight|nine|ten|twelve|January|February|March|April|May|June|July|August|September"
    r"|October|November|December|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b)"
    r"\s[a-z]+|everyone|everybody"
    r"|nobody|no one|none of|(?<=\bis\s)the\sonly\b"
    r"|all\s(?:[A-Z]{2,3}\s|[a-z]+\s)?(?:companies|employers|workers|employees|staff|members"
    r"|member\sstates|states|countries|people|cases|businesses|firms)\b|zero risk|risk-free"
    # "all" before a plural names every one of them where a rule reaches them ("apply to all
    # shops") or a sentence says what they do ("All managers attend…"); "all options below" does not
    r"|(?=all\s)(?:(?<=apply\sto\s)|(?<=applies\sto\s)|(?<=cover\s)|(?<=covers\s)|(?<=protect\s)"
    r"|(?<=protects\s)|(?<=^)|(?<=\n)|(?<=[.!?]\s)|(?<=\*\*\s)|(?<=\sthat\s))all\s(?:[a-z]+-[a-z]+\s(?:[a-z]+\s)?)?(?!(?:the|of|these|those|your|our|their|its|this|that|kinds|sorts|types"
    r"|sizes|ages|levels|things|sides|hours|days|weeks|months|years|times)\b)[a-z]{3,}[^s\W]s\b"
    r"|world's first|world’s first|fully compliant"
    # the only one, the first one: "the only US state with…", "its first law dedicated to…"
    r"|(?:the|its|their)\s(?:only|first)\s(?:[A-Z]{2,3}\s|[a-z]+\s)?(?:country|state|nation|company|employer"
    r"|union|law|city|prefecture|region|court)\b"
    r"|without any\s[a-z]+|no (?:legal |real |financial )?risk"
    # "there is no qualifying period", "had no effect": that none exists anywhere
    r"|(?:(?<=\bis\s)|(?<=\b(?:are|was|had|has)\s)|(?<=\b(?:were|have)\s))"
    r"(?:(?:currently|still|now|also)\s)?no\s(?!(?:more|less|fewer|longer|later|earlier|sooner"
    r"|need|doubt|idea|matter|one|reason)\b)[a-z][\w-]*"
    r"|anywhere in the world|unanimous(?:ly)?|no\s[a-z]+\sin\sthe\sworld\b|every\syear\ssince\b"
    # that none exists, said of nothing or no one: "nothing is deducted", "no contract can stop",
    # "there's no earnings limit"
    r"|(?:(?<=^)|(?<=[\s;:]))nothing\s(?:is|was|will|can)\s[a-z]+"
    r"|\bno\s(?!(?:one|doubt|matter|need|longer)\b)[a-z]+\s(?:can|may|will)\s(?!also\b)[a-z]+"
    r"|(?<=\bthere['’]s\s)no\s(?!(?:need|doubt|reason|point|way|harm|rush)\b)[a-z]+\s[a-z]+"
    # to the full, for all time, the same in every respect: "depends entirely on", "upheld it in
    # full", "lost forever", "treated exactly the same as"
    r"|(?<=\s)entirely\b|\bforever\b|for\sgood(?=[.,;!?])|(?<=\s)in\sfull(?=[.,;!?])"
    r"|exactly\sthe\ssame\b|fully\s(?:automated|funded|paid|reimbursed|solved|refunded|enforced)\b"
    r"|(?<=\s)in\sfull(?=\s(?:on|at|by|in|within)\b)"
    # not at all, whatever the case, at any moment, in every place: "not affected at all", "no
    # matter what type they are", "at any time without notice", "everywhere in the EU"
    r"|not\s(?:[a-z]+\s){0,2}at\sall\b"
    # that no bound or exception exists: "there's no qualifying period", "with no two-year
    # qualifying period and no cap on compensation"
    r"|(?:with|there\sis|there\sare|there['’]s|and)\s\**no\s(?:[a-z-]+\s){0,2}(?:period|cap|limit"
    r"|ceiling|minimum|maximum|exceptions?|penalty|penalties|fee|charge|difference|requirement)\b"
    # every one or none of what was looked at: "All of the studies reviewed found", "none found"
    r"|(?:all|none)\sof\sthe\s[a-z]+(?:\s[a-z]+)?\s(?:found|showed|reported|were|are|had|have)\b"
    r"|none\s(?:found|showed|reported)\b"
    # …however far it reaches: "does not require employers to give paid sick leave at all",
    # "you pay no health insurance or pension premiums at all"
    r"|(?:(?:does|do|did|is|are|was|were|has|have)\snot|doesn['’]t|don['’]t|isn['’]t|aren['’]t|no"
    r"|nothing)\b[^.;:\n]{0,60}?\bat\sall\b"
    r"|no\smatter\s(?:what|how|who|which|where|when|your|their|the|his|her|its|our)\b"
    r"|at\sany\stime\b|everywhere\b"
    # no bound at all: "with no upper limit", "with no exceptions"
    r"|with\sno\s(?:[a-z]+\s)?(?:limit|cap|ceiling|exceptions?|penalt(?:y|ies)|restrictions?)\b"
    # a sentence that says none exists: "No date has yet been set."
    r"|(?:(?<=^)|(?<=\n)|(?<=[.!?]\s))No\s[a-z]+\s(?:has|have|is|was|were|will|can)\b"
    r"|completely (?!understand|agree|see|appreciate|sympathi[sz]e)\w+"
    # …or after what it qualifies: "prevents back pain completely."
    r"|(?<=[a-z]\s)completely(?=[.,;!?])"
    # every one of a counted set, opening a sentence: "All five quotes are verified"
    r"|(?:(?<=^)|(?<=\n)|(?<=[.!?]\s))all\s(?:two|three|four|five|six|seven|eight|nine|ten|\d+)"
    r"\s[a-z]+s\s(?:are|were|have|had|can|will)\b"
    # the first one to do something: "the first public railway to use steam locomotives"
    r"|(?:the|its|their)\sfirst\s(?:[a-z-]+\s){1,3}to\s(?!be\b|do\b|take\b|ask\b|call\b|contact\b"
    r"|check\b|try\b|consider\b)[a-z]+"
    r"|cannot\s(?:[a-z]+\s){1,4}at all"
    r"|under any circumstances|in all cases|at all times|without fail|impossible|definitely"
    r"|certainly|100\s?(?:%|percent)\s(?!of\b|(?:in|on|at|for|to|by)\b)[a-z]{4,}|zero tolerance"
    r"|fully (?:deductible|refundable|covered|protected|legal|safe)|any (?:employee|worker)\b"
    # a rule for any one of a kind: "any decision to suspend an account must be taken by a human"
    r"|(?<!\bif\s)any\s[a-z]+\s(?:[a-z]+\s){0,6}?must\b"
    # a set narrowed to only some: "Tip pools may include only workers who regularly receive tips"
    r"|(?<=\s)only\s(?:[a-z]+\s)?(?:workers|employees|staff|members|people|companies|employers)\b"
    r"|no (?:jobs?|one|employees?|workers?|staff) will (?:be|lose)|cannot be (?:refused|denied)"
    # the only place that has something: "only Wales has a staffing law"
    r"|(?<=\s)only\s[A-Z][a-z]+\s(?:has|have|had|requires|required)\b"
    # no limit at all: "compensation is uncapped", "the rules do not set any maximum"
    r"|(?<=\s)(?:is|are|was|were)\suncapped|(?:do|does|did)\snot\s(?:set|impose|contain|include"
    r"|have)\sany\b"
    # every act of a kind a rule reaches: "applies to all processing of employee data"
    r"|(?<=\bto\s)all\s[a-z]{3,}ing\b(?=\sof\b))\b"
    r"(?:[^,.;:!?\n\"”]|[,.](?=\d)){0,60}",
    re.IGNORECASE,
)
# A record is a sweeping claim about every year before it ("the fastest increase in 41 years",
# "the first time above 5% since 1991", "a record high"), as 過去最大 is.
SINCE = (
    r"\s(?:in\s(?:\d+|[a-z]+)\s(?:years|decades)|in\sa\s(?:decade|generation|century)"
    # since something began: "since current recording practices began in 2003", "since it was
    # introduced in 1938"
    r"|since\s(?:[A-Za-z]+\s){1,4}(?:began|started|was\sintroduced|were\sintroduced|was\sfounded"
    r"|was\screated|was\sset\sup)(?:(?:\s[a-z]+){0,3}?\sin\s(?:19|20)\d{2})?"
    # …or in all the history it names: "in California history", "in SAG-AFTRA's history"
    r"|in\s(?:[A-Z][\w'’-]*\s|its\s|their\s)?history"
    r"|since\srecords\sbegan(?:\sin\s(?:19|20)\d{2})?|since\s(?:19|20)\d{2}|on record|ever"
    # since a month, or an event in a year; so far: "since October 2021", "since the company
    # listed in 2014", "the largest trial so far"
    rf"|since\s(?:the\s)?{MONTH}\s(?:19|20)\d{{2}}|since\s(?:the\s)?(?:[a-z]+\s){{1,4}}in\s(?:19|20)\d{{2}}"
    r"|so\sfar|to\sdate"
    # since an event of a year: "since the General Strike of 1926"
    r"|since\s(?:the\s)?(?:[A-Z][\w-]*\s){1,4}of\s(?:19|20)\d{2})"
)
SUPERLATIVE = (
    r"(?:largest|biggest|highest|lowest|smallest|fastest|slowest|sharpest|steepest|best|worst"
    r"|most|least|fewest|longest|shortest|weakest|strongest|deepest|greatest|tightest|richest"
    r"|poorest|oldest|youngest|hottest|coldest|warmest|widest|heaviest|busiest|cheapest)"
)
RECORD = re.compile(
    r"\b(?:the|our|its|their|his|her)\s(?:largest|biggest|highest|lowest|smallest|fastest|slowest"
    r"|sharpest|steepest|best|worst)\s(?:(?:annual|monthly|yearly|single|pay|wage)\s)?"
    rf"(?:(?:rise|fall|increase|decrease|drop|growth|cut|jump|gain|decline)(?:{SINCE})?"
    rf"|(?:share|gap|number|level|rate|figure|total)(?:{SINCE}))\b"
    r"|\b(?:the|our|its|their)\s(?:highest|lowest|largest|biggest|best|worst|fastest)"
    r"(?:\s[a-z]+){0,2}\sever\b"
    r"|\bthe first time\s(?:[^,.;\n]{1,30}?\s)?"
    r"(?:since\s(?:19|20)\d{2}|in\s(?:more\sthan\s|over\s)?\d+\s(?:years|decades))\b"
    r"|\b(?:a\s)?(?:record|all-time)\s(?:high|low)\b"
    # any superlative measured against every year before: "the lowest since records began in
    # 1995", "the most in a decade", "the lowest rate on record", "the biggest ever increase"
    rf"|\bthe\s(?:most\s[a-z]+|{SUPERLATIVE})(?:\s(?:[a-z'’-]+|[A-Z][\w'’-]*)){{0,4}}?(?={SINCE}\b){SINCE}\b"
    # a record figure: "a record 26.4% in 2022"
    r"|\ba\srecord\s[$£€¥]?\d[\d.,]*(?:%|\s(?:million|billion|per\scent))?(?:\sin\s(?:19|20)\d{2})?"
    # a record given as an aside: "$473 million in 2023–24, a record."
    r"|(?<=,\s)a\srecord(?=[.;]|$)"
    rf"|\bthe\s{SUPERLATIVE}\sever\s[a-z-]+"
    # a first since…: "the company's first strike since it was founded in 1998"
    r"|\bfirst\s(?:[a-z-]+\s){1,2}(?:since\s(?:[^,.;\n]{1,40}?\s)?(?:19|20)\d{2}|in\s\d+\syears)\b"
    r"|\bpeaked\sat\s(?:[^,.;\n]|[.,](?=\d)){1,30}?\sin\s(?:19|20)\d{2}\b"
    # a superlative across every one: "the longest of all participating countries"
    r"|\bthe\s(?:largest|biggest|highest|lowest|smallest|fastest|slowest|longest|shortest|best"
    r"|worst)(?=,?\s(?:of\sall|in\sthe\sworld|anywhere)\b)"
    # …since a month, since an event of a year, so far, anywhere in a whole: "the highest since
    # October 2021", "their biggest one-day fall since the company listed in 2014", "the largest
    # trial so far", "the highest marginal rate anywhere in the UK tax system"
    rf"|\b(?:the|its|their|our)\s(?:[a-z'’-]+\s){{0,2}}{SUPERLATIVE}(?:\s[a-z'’-]+){{0,4}}?\s"
    rf"(?:since\s(?:the\s)?{MONTH}\s(?:19|20)\d{{2}}|since\s(?:the\s)?(?:[a-z]+\s){{1,4}}in\s(?:19|20)\d{{2}}"
    r"|so\sfar|to\sdate|anywhere\s(?:in|on)\s(?:the\s)?(?:[A-Za-z]+\s){0,4}[a-z]+)\b"
    # the only one doing something: "the only sector adding jobs"
    r"|\bthe\s(?:very\s)?only\s[a-z]+\s[a-z]+ing\s[a-z]+\b"
    # any superlative against years, a whole history or a century: "the fastest in more than 15
    # years", "the largest round of layoffs in the company's 22-year history", "the weakest
    # stretch since the early 19th century"
    rf"|\bthe\s(?:[a-z-]+\s){{0,2}}{SUPERLATIVE}\b(?:\s[\w'’-]+){{0,6}}?\s"
    r"(?:in\s(?:more\sthan\s|over\s|almost\s|nearly\s)?\d+\s(?:years|decades)"
    r"|in\s(?:the\s)?[\w'’-]+\s(?:\d+-year\s)?history|since\s(?:19|20)\d{2}\b|since\srecords\sbegan"
    r"|since\sthe\s(?:early\s|late\s|mid-)?(?:\d+(?:st|nd|rd|th)\scentury|(?:19|20)\d0s))"
    # the first to do it, or the first anywhere: "the first country to ratify", "the first public
    # holiday in the world", "the first federal heat standard"
    r"|\b(?:the|its|their)\s(?:very\s)?first\s(?:[a-z-]+\s){0,2}[a-z]+\s"
    r"(?:to\s(?!be\b)[a-z]+|in\s(?:the\s)?(?:world|country|UK|US|EU|Europe|Japan|history))\b"
    r"|\bthe\sfirst\s(?:federal|national|nationwide|statutory|legally\sbinding)\s[a-z]+(?:\s[a-z]+)?"
)


def _any_case(pattern: str) -> re.Pattern[str]:
    """A cue read in any case: advice, greetings, asides and hedges open sentences as often as
    they run on in them."""
    return re.compile(pattern, re.IGNORECASE)


SOFT = _any_case(r"always (?:worth|a good idea|best|good|helpful|wise)|never too (?:early|late)")
# Advice is not a claim: "make sure every ladder is checked" asks, it does not state.
ADVICE = _any_case(
    r"\b(?:should|make sure|remember to|try to|consider|it's a good idea|I recommend|feel free"
    r"|you can|you may|ask (?:your|the))\b"
)
# A set narrowed by what follows is no longer "all": "all staff earning under…", "anyone aged…".
RESTRICTED = _any_case(
    r"(?:everyone|everybody|anyone|all\s[a-z]+)\s(?:earning|aged|paid)\b"
    # "with everyone's consent" asks for it; "every school is different" claims nothing checkable
    r"|(?:everyone|everybody)['’]s\s(?:consent|permission|agreement|approval)"
    r"|every\s[a-z]+\s(?:is|are)\s(?:different|unique)\b"
)
# Sentences that open with a verb tell the reader what to do ("Collect names from everyone…").
IMPERATIVE = _any_case(
    r"(?:[-*\d.)]+\s*)?(?:always|never|ask|check|choose|collect|contact|divide|give|keep|make|pick"
    r"|read|review|run|send|split|start|take|talk|tell|try|use|write|avoid|plan|inspect|report"
    r"|note|log|document|raise|join|speak|call|request)\b"
)
ASIDE = _any_case(r"\b(?:hello|hi|dear|thanks(?:\sto)?|thank you(?:\sto)?|welcome|as)\s$")
# Who a document goes to is not a claim: "circulate these minutes to all members".
RECIPIENTS = _any_case(
    r"\b(?:circulate[sd]?|send|sent|sends|email(?:ed|s)?|distribute[sd]?|forward(?:ed|s)?"
    r"|copy|copied|post(?:ed)?)\s(?:[\w'’-]+\s){0,4}(?:to|with)\s$"
)
SUBORDINATE = _any_case(r"\b(?:so that|when|whenever|if|unless|until|as long as)\b")
SUPPOSED = _any_case(
    r"(?:\bif (?:your|you|a|an|the) [\w' -]{0,30}?\b(?:is|was|are|earns?|works?|gets?)"
    r"|\b(?:someone|anyone|a person|people|those|a worker|an employee)"
    r" (?:who works?|working|earning|paid))"
    r"\s(?:about\s|around\s)?$"
)
REACH = 300
HEDGE = _any_case(r"\b(?:almost|nearly|not|may not|might not|practically)\s(?:\w+\s){0,3}$")
# "all" as the whole a share is taken of is the population counted, not a sweeping claim: "13.1%
# for all employees", "3.1% of all people in employment", "Among all employees it was…"
POPULATION = _any_case(r"\b(?:of|for|among|across)\s$")


def hedged(text: str, start: int) -> bool:
    """Is the sweeping word at `start` hedged ("almost never") or a population ("of all staff")?
    The rules and the learned tagger both ask."""
    before = text[max(0, start - 30) : start].replace("*", "")
    if HEDGE.search(before):
        return True
    if not (re.match(r"all\b", text[start : start + 4], re.I) and POPULATION.search(before)):
        return False
    # …a population only where a figure is taken of it (not "the highest of all OECD countries")
    return bool(re.search(r"\d", text[max(0, start - 40) : start + 60]))


SENTENCE_START = re.compile(r"(?:^|[.!?]\s+|\n\s*(?:[-*\d.)]+\s*)?(?:\*\*[^*]+\*\*\s*)?)$")


def within(position: int, ranges: list[tuple[int, int]]) -> bool:
    """Is `position` inside one of `ranges`?"""
    return any(start <= position < end for start, end in ranges)


def instruction(text: str, position: int) -> bool:
    """Is the text at `position` part of an instruction, advice or a bold heading?"""
    # A sentence is read back at most REACH characters: a long paste must not cost n².
    reach = max(0, position - REACH)
    line_start = text.rfind("\n", reach, position) + 1 or reach
    if text.count("**", line_start, position) % 2:
        return True
    line = text[line_start:position].replace("*", "")
    sentence = re.split(r"[.!?]\s+", line)[-1].strip()
    return bool(ADVICE.search(sentence) or IMPERATIVE.match(sentence))


def stated(
    text: str,
    start: int,
    words: str,
    quoted: list[tuple[int, int]],
    attributed: list[tuple[int, int]],
) -> bool:
    """Are the sweeping `words` at `start` stated, as a claim to check? Not in a hedge, an
    instruction, a subordinate clause, a draft in quotation marks or a greeting. The rules and
    the learned tagger both ask."""
    before = text[max(0, start - 30) : start].replace("*", "")
    if hedged(text, start) or SOFT.match(words):
        return False
    if words[0].isupper() and re.search(r"\b[A-Z][a-z]+\s$", before):
        return False  # "the Superannuation Guarantee": a word of a name, not a promise
    reach = max(0, start - REACH)
    sentence_start = max(
        reach - 1, *(text.rfind(end, reach, start) for end in (". ", "\n", "! ", "? "))
    )
    if ADVICE.search(text[sentence_start + 1 : start]):
        return False
    if within(start, quoted) and not within(start, attributed):
        return False  # a headline, a translation or a draft in quotes is material, not a claim
    word = words.split()[0].lower()
    if word in ("always", "never") and SENTENCE_START.search(before):
        return False  # "Always keep two hands on the ladder" is an instruction
    if instruction(text, start) and word not in ("always", "never"):
        return False  # "Collect names from everyone who wants to be included"
    if RECIPIENTS.search(text[max(0, start - 60) : start]):
        return False
    if RESTRICTED.match(words) or ASIDE.search(before):
        return False  # "everyone who wants to", "Hello everyone", "As always"
    clause_start = max(text.rfind(mark, reach, start) for mark in (",", ";", ":"))
    # not in a subordinate clause: "so that nobody has too many", "when everyone knows their role"
    return not SUBORDINATE.search(text[max(clause_start, sentence_start) + 1 : start])


def absolutes(
    text: str, quoted: list[tuple[int, int]], attributed: list[tuple[int, int]]
) -> Iterator[Candidate]:
    """Absolute words in statements, not in hedges ("almost all") or in instructions (`quoted`
    and `attributed`: the spans in quotation marks, and those of them someone said)."""
    for match in ABSOLUTE.finditer(text):
        if not stated(text, match.start(), match.group(), quoted, attributed):
            continue
        words = match.group().rstrip("\"”’' ")  # not the mark that closes a quotation
        yield Candidate("absolute", match.start(), match.start() + len(words), normal(words))
