"""Claim rules for English text: figures, money, dates, laws, names, quotes and citations; the
sweeping statements and records are `sweeping_en`'s."""

from __future__ import annotations

import re
from collections.abc import Iterator
from importlib import resources

from bot.core.qa.checking import orgs_en
from bot.core.qa.checking.claims import MONTH_EN as MONTH
from bot.core.qa.checking.claims import (
    NUMERIC,
    OFFICE_KEY,
    RECORD_KEY,
    SAYER_KEY,
    Candidate,
    normal,
    spans,
    trimmed,
)
from bot.core.qa.checking.sweeping_en import RECORD, SUPPOSED, absolutes, instruction
from bot.core.redaction import is_given_name

NUM = r"\d+(?:[,.]\d+){0,6}"  # bounded: a run like "1,1,1,…" must not cost n²
WORDNUM = r"(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
CLOCK = r"\d{1,2}(?::\d{2})?\s?(?:a\.m\.|p\.m\.|am\b|pm\b)"
AT_CLOCK = r"\sat\s\d{1,2}(?::\d{2})?\s?(?:a\.m|p\.m|am|pm)"  # the date's own \b follows
WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
# Capitalised words that start sentences, not names.
LEAD = (
    r"(?!(?:The|A|An|In|Under|From|Since|According|This|These|Those|If|For|With|By|As|On|At"
    r"|Its|Their|Our|Your|Most|Many|All|Every|Each|Any|Some|Both|When|While|After|Before"
    r"|Does|Do|Did|Is|Are|Was|Were|Can|Could|Will|Would|Should|How|What|Why|Which|Who|Where"
    r"|Once|Unlike|Like|Because|Although|Though|Unless|Whether|But|And|Also|However)\b)"
)
# A capitalised word; a dot only inside it (U.S.) or after a lone initial, so that a name
# never runs on past a full stop ("…Business and Trade. HMRC").
CAP = r"[A-Z](?:[\w'’&-]|\.(?=\w))*(?:(?<=\b[A-Z])\.)?"
LOWER = r"[a-zß-öø-ÿ]"  # lower-case letters, accented ones included (Kivimäki, Müller)
PAREN = r"\((?:[^()\n]|\([^()\n]*\))*\)"
NAME_PART = rf"(?:{CAP}|of|and|on|for|the|to|at|in|etc\.|{PAREN})"
LAW_NAME = (
    rf"{LEAD}{CAP}(?:\s{NAME_PART}){{0,10}}?\s"
    r"(?:Act|Bill|Regulations?|Law|Code(?!\sof\sPractice)|Directive|Ordinance|Convention|Treaty"
    # an industrial award or a statutory document by its year: "…Industry Award 2020", "School
    # Teachers' Pay and Conditions Document 2024"
    r"|Award(?=\s(?:19|20)\d{2})|Conditions\sDocument(?=\s(?:19|20)\d{2})"
    # an amendment is one, not where an Act's longer name goes on: "…Amendment (…) Act 2024"
    r"|Amendment(?!\s[(A-Z])(?:\sof\s(?:1[6-9]|20)\d{2})?)"
    r"(?:\s(?:19|20)\d{2}|(?:(?<=Law)|(?<=Bill))\s\d+(?:\sof\s(?:19|20)\d{2})?)?\b"
    # an ILO instrument gives its year and its number: "…Convention, 2019 (No. 190)"
    r"(?:,\s(?:19|20)\d{2}(?=\s\(No\.))?"
    r"(?:\s\(No\.\s?\d+\)|\s\([A-Z]{2,8}\)(?:\sof\s(?:19|20)\d{2}\b)?)?"
)

MONEY = re.compile(
    rf"(?:US\$|[¥$€£￥])\s?{NUM}(?:\s?(?:million|billion|trillion|bn|m|k)\b)?"
    rf"|\b{NUM}\s?(?:million\s|billion\s)?(?:yen|dollars|euros|pounds|USD|EUR|JPY|GBP)\b"
    # pay counted in periods is an amount of money: "52 weeks' pay"
    rf"|\b(?:{NUM}|{WORDNUM})\s(?:weeks?|months?|days?)['’]\s(?:pay|wages?|salary|earnings)"
    r"(?:\sper\syear\sof\sservice)?\b"
    # …however it is put: "a week's pay for every week", "2 to 26 weeks of base pay", "two weeks
    # of severance", "the full 60 days of back pay"
    rf"|\b(?:(?:{NUM}|{WORDNUM})(?:\sto\s{NUM})?|a|an)\s(?:weeks?|months?|days?)(?:['’]s?\s|\sof\s)"
    r"(?:(?:base|basic|back|full|gross|normal|their|your)\s)?(?:pay|wages?|salary|earnings|severance)\b"
    r"(?:\sfor\s(?:every|each)\s(?:full\s)?(?:week|month|year)(?:\sof\sservice)?)?"
    # a rate in cents or pence: "30 cents per mile"
    rf"|\b{NUM}\s(?:cents?|pence)(?:\s(?:per|a|an)\s[a-z]+)?\b"
    # a penalty as a multiple of what was owed: "three times the underpaid amount"
    rf"|\b(?:{NUM}|{WORDNUM}|double)\s(?:times\s)?the\s(?:underpaid|unpaid|owed|original|lost)\s(?:amount|wages?|pay)\b"
)
DATE = re.compile(
    # a statistic's period, ending in a month: "the three months to March 2025", "the 12 months
    # to July 2025"
    rf"\b(?:(?:the|in)\s)?(?:\d{{1,2}}|{WORDNUM})\smonths\sto\s{MONTH}\s(?:19|20)\d{{2}}\b|"
    # days of one month, in a range or a list: "from 4 to 12 May", "on 21, 23 and 25 June"
    r"\b(?:\d{1,2}(?:st|nd|rd|th)?(?:(?:,\s\d{1,2}(?:st|nd|rd|th)?)*,?\sand\s|\sto\s|\s?[–-]\s?)"
    rf"(?=\d{{1,2}}(?:st|nd|rd|th)?\s{MONTH}))?"
    rf"(?:(?:{WEEKDAY},?\s)?\d{{1,2}}(?:st|nd|rd|th)?\s{MONTH}(?:,?\s(?:1[6-9]|20)\d{{2}})?"
    rf"(?:{AT_CLOCK})?"
    r"|(?:1\d|2[01])(?:st|nd|rd|th)\scentury"
    rf"|{MONTH}\s\d{{1,2}}(?:st|nd|rd|th)?(?:,\s(?:1[6-9]|20)\d{{2}})?"
    rf"|{MONTH},?\s(?:1[6-9]|20)\d{{2}}"
    rf"|(?:end|beginning|start|middle|mid|late|early)(?:\sof)?\s{MONTH}(?:\s(?:19|20)\d{{2}})?"
    # a span of two years is one date: "the 1984–85 strike"
    r"|(?:fiscal\s(?:year\s)?|FY\s?)?(?:19|20)\d{2}(?:/\d{2}|–\d{2}(?![\d%–-]))?"
    r"(?!\s?(?:%|percent|people|workers|employees|staff|members|companies|hours|days|cases))"
    r"|(?:Christmas|Boxing|New\sYear['’]s|Labou?r|Memorial|Independence|Thanksgiving)\sDay"
    r"|Christmas\sEve|New\sYear['’]s\sEve|Good\sFriday|Easter\s(?:Sunday|Monday)"
    r"|\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}/\d{4}|Q[1-4]\s(?:19|20)\d{2}|(?:1[6-9]|20)\d0s)\b"
)
# A month or an older year on its own, after a preposition ("in September", "in 1817").
LONE_DATE = re.compile(
    r"\b(?:[Ii]n|[Bb]y|[Ff]rom|[Uu]ntil|[Ss]ince|[Dd]uring|[Bb]efore|[Aa]fter|of)\s"
    r"(?P<when>(?:January|February|March|April|June|July|August|September|October|November"
    r"|December)(?!\s\d)|1[6-8]\d{2})\b"
)
DURATION = re.compile(
    rf"\b(?<!hours\s)(?<!hour\s)"  # "2 hours 18 minutes" is one amount of time
    rf"(?:(?:up to|within|at least|no more than|less than|more than|for|first|last|after)\s)?"
    rf"(?:{NUM}|{WORDNUM})(?:\s?[–-]\s?{NUM}|\sto\s{NUM})?(?:\s(?:further|more|additional|extra))?[\s-]"
    r"(?:minutes?|months?|years?|weeks?|workweeks?|decades?)(?!['’]\s?(?:paid\s)?(?:holiday|leave|pay))"
    # working time, a figure: "a 30-minute break", "a 15-minute paid rest break"
    r"(?!['’]?\s(?:(?:paid|unpaid)\s)?(?:break|shift|rest|restart)\b)"
    r"(?![\s-]olds?\b)"  # "18 to 20 year olds" are ages
    r"(?:['’]\s?(?:imprisonment|jail|prison))?(?:\s(?:period|and\s\d+\smonths?))?\b"
    r"|\b(?:within|for up to|up to)\s(?:a|one)\s(?:year|month|week|fortnight)\b"
    # a period given to do something: "gives you 30 days to reject them"
    rf"|\b{NUM}\s(?:(?:calendar|working|business)\s)?(?:days|weeks|months)(?=\sto\s[a-z]+\b)"
    rf"|\b(?:within|first|for|after|in the first)\s{NUM}\s(?:(?:calendar|working|business)\s)?"
    r"(?:days?|hours?)\b(?!\sof\s[a-z]+ing\b)"  # "after 6 hours of driving" is work done
    # …but a window is counted from an event: "within 72 hours of becoming aware"
    rf"|\bwithin\s{NUM}\s(?:(?:calendar|working|business)\s)?(?:days?|hours?)\b"
    rf"|\b{NUM}\sconsecutive\s(?:days|weeks|months|years|quarters)\b"
    # a period counted in calendar or working days: "12 continuous calendar weeks", "60 calendar
    # days' written notice", "no more than 20 working days", "any 30-day period"
    r"|\b(?:(?:no more than|at least|less than|more than|up to|within)\s)?"
    rf"{NUM}\s(?:(?:continuous|consecutive)\s)?(?:calendar|working|business|clear)\s(?:days|weeks|months)\b"
    r"(?:['’]\s(?:written\s)?notice)?"
    rf"|\bany\s{NUM}-(?:day|week|month)\speriod\b"
    rf"|\bless\sthan\s{NUM}\s(?:hours|days|weeks)['’]\snotice\b"
    # a run or a qualifying spell counted in days or years: "4 days in a row", "3 qualifying
    # days", "35 qualifying years"
    rf"|\b{NUM}\s(?:days|weeks|months|years)\sin\sa\srow\b"
    rf"|\b{NUM}\squalifying\s(?:days|weeks|months|years)\b"
    # time awake: "after 17 hours awake"
    rf"|\b{NUM}\shours\s(?:awake|without\ssleep)\b"
    rf"|\b{NUM}\s(?:calendar\s|working\s|business\s)?days?(?:['’]?\snotice|\sbefore|\safter(?!\s\d)"
    r"|\sof\s(?:the|receiving))"
    rf"|\b{CLOCK}\s?(?:[–-]|to)\s?{CLOCK}"
    # how long something lasts: "a 2-hour training course"; a break or a shift is working time,
    # a figure as 1日8時間 is ("a 30-minute break", "an 8-hour shift")
    # how long something lasted, in words: "lasted nine days", "lasted almost a year"
    r"|(?<=\blasted\s)(?:(?:about|almost|nearly|over|more than|just over|just under|only)\s)?"
    rf"(?:a|an|{WORDNUM}|{NUM})\s(?:hours?|days?|weeks?|months?|years?)\b"
    # the last or first hours of something, in words: "in the last six hours of your shift"
    rf"|(?<=\bthe\s)(?:last|first|final)\s{WORDNUM}\s(?:hours|days|weeks|months|years)\b"
    rf"|\b(?:a|an|{WORDNUM}|{NUM})[\s-](?:year|month|week|day)-long\b"
    rf"|\b{NUM}-(?:minute|hour|day|week|month)\s(?:[a-z]+\s)?(?:course|session|meeting|training"
    r"|programme|program|trial|pilot|window|suspension)\b"
)
# What follows an amount of time that makes it a rate: "… of paid holiday a year".
PER_PERIOD = re.compile(
    r"\*{0,2}(?:"  # the amount may be in bold: "**5.6 weeks** of paid holiday a year"
    r"(?:\s(?!(?:in|within|over|during)\b)[\w-]+){0,4}\s(?:a|per|each)\s(?:year|week|month)\b"
    # "8 hours in a day", "15 minutes every 2 hours": a limit or a rate per period
    r"|(?:\sof\s(?:[a-z-]+\s){0,2}[a-z-]+)?\s(?:in\sa|in\sany|every|each)\s(?:\d+[\s-])?"
    r"(?:hours?|days?|weeks?|months?|workweek|workday)\b"
    # a streak: "fallen for 38 months in a row"
    r"|\s(?:in\sa\srow|running)\b)"
)
# What precedes an amount of time that makes it how often, or the run a figure is counted over:
# "every three years", "averaged over 17 weeks", "calculated over 17 weeks"
HOW_OFTEN = re.compile(r"\b(?:every|averaged\sover|calculated\sover|averaged\sacross)\s$", re.I)
# …or what precedes it: "60 hours on duty in 7 consecutive days" is a limit per period.
OVER_PERIOD = re.compile(r"\b\d+\shours?(?:\s[a-z-]+){0,3}\s(?:in|per|over)\s(?:any\s)?(?:\d+/)?$")
DURATION_WORDS = r"minutes|hours|days|weeks|months|years|decades|times|of"
# Counts that organise the answer itself ("three things to consider") are not claims.
TALK = re.compile(
    r"(?:things|tips|steps|ways|points|questions|options|ideas|reasons|examples|suggestions"
    r"|sentences|lines|paragraphs|bullets|parts|sections|words|versions|drafts)$"
)
COUNTED = r"(?:[a-z-]+\s|[A-Z][a-z]+(?:an|ese|ish)\s){0,2}[a-z]+s\b"
FIGURE = re.compile(
    # a range of shares is one figure: "40-50%"
    r"(?:(?:about|around|almost|nearly|over|under|up to|more than|less than|at least|at most)\s)?"
    rf"\b{NUM}\s?[–-]\s?{NUM}\s?(?:%|percent\b|per cent\b)"
    r"|(?:(?:about|around|almost|nearly|over|under|up to|more than|less than|at least|at most)\s)?"
    rf"{NUM}\s?"
    r"(?:%|percent\b|per cent\b)"
    rf"|\b{NUM}(?:st|nd|rd|th)\s(?:out of|of|among)\s{NUM}"
    # "ranked Japan 118th (out of 146)"
    r"|(?=[A-Z\d])(?<=\branked\s)(?:[A-Z][\w-]*\s){0,3}\d{1,3}(?:st|nd|rd|th)\b"
    rf"(?:\s(?:out of|of|among)\s{NUM})?"
    rf"|\b(?:first|second|third|top|last)\s(?:among|out of|of)\s{NUM}\b"
    # a rank: "the second-largest", "the fourth highest", "the 5th largest"
    r"|\b(?=[a-z\d])(?:second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|\d{1,2}(?:st|nd|rd|th))"
    r"[\s-](?:largest|highest|lowest|biggest|smallest)\b"
    r"|\bthe\sleading\s(?:[a-z]+-[a-z]+\s)?[a-z]+\b"
    # a rank across every one of a kind: "the highest of any state"
    r"|\bthe\s(?:highest|lowest|largest|smallest|biggest|longest|shortest)\sof\sany\s[a-z]+\b"
    r"|\bby\s(?:a\sthird|half|a\squarter|two\sthirds|three\squarters)\b"
    rf"|\b{NUM} (?:in|of the|out of) {NUM}\b"
    rf"|\b{WORDNUM} in {WORDNUM}\b"
    r"|\b(?:a third|a quarter|half|two thirds|three quarters) of\b"
    # a share in words with its qualifier: "more than half", "nearly half", "around a quarter",
    # "Half of the committee members"; a difference as a share: "a third smaller"
    r"|\b(?:(?:more|less|fewer)\sthan|almost|nearly|about|around|roughly|over|just\sover|just\sunder"
    r"|under)\s(?:half|a\sthird|a\squarter|two-thirds|three-quarters|one-third|one-quarter)\b"
    r"|\b(?:[Hh]alf|[Tt]wo-thirds|[Tt]hree-quarters)(?=\sof\s(?:the|all|those|them|its|their)\b)"
    r"|\ba\s(?:third|quarter|half)\s(?:smaller|larger|lower|higher|bigger|less|more)\b"
    # a risk as a multiple: "three times more likely", "79 times as likely", "twice as likely"
    r"|\b(?:\d+(?:\.\d+)?|two|three|four|five|ten)\stimes\s(?:more|less|as|higher|lower)"
    r"(?:\s(?:likely|often|much|many))?\b"
    r"|\b(?:twice|half)\sas\s(?:likely|many|much|often|high|long)\b"
    r"|\b(?:(?:about|around|nearly|almost|over|roughly)\s)?(?:one|two|three|four)-(?:thirds?|quarters?"
    r"|fifths?)\b"
    r"|\b(?:more than|almost|nearly)\s(?:double|triple|twice)\b"
    # a multiple of an amount: "one and a half times their regular rate", "about twice that of"
    r"|\b(?:(?:about|around|nearly|almost|roughly|up\sto)\s)?(?:one\sand\sa\shalf\stimes|(?:two|three"
    r"|four|five|ten)\stimes|twice)(?=\s(?:the|their|that|what|as|his|her|its)\b)"
    r"|\b(?:double|triple)\stime\b|\btime\sand\sa\shalf\b"
    # a comparison with every other one: "more than any other industry"
    r"|\b(?:more|higher|lower|fewer)\sthan\sany\sother\s[a-z]+\b"
    # time spent, on average or in total: "about 2 hours 18 minutes"
    r"|\b(?:(?:about|around|roughly|nearly|almost)\s)?\d{1,2}\shours?\s\d{1,2}\sminutes\b"
    # a count in words with its tens: "Sixty-one companies"
    r"|\b(?:[Tt]wenty|[Tt]hirty|[Ff]orty|[Ff]ifty|[Ss]ixty|[Ss]eventy|[Ee]ighty|[Nn]inety)"
    rf"(?:-(?:one|two|three|four|five|six|seven|eight|nine))?\s{COUNTED}"
    r"|\b(?:before|after|from|under|over|until|at)\sage\s\d{1,3}\b"
    r"|\b\d{1,3}(?:\s(?:to|and)\s\d{1,3}|\s?[–-]\s?\d{1,3})?[\s-]year[\s-]olds?\b"
    # an age as a limit is an age, as 1歳になるまで is: "until the child turns 1"
    rf"|\buntil (?:the|a|your|their) \w+ (?:turns|is|reaches) (?:\d+|{WORDNUM})\b"
    r"|\b(?:doubl|tripl|halv)(?:ed|es)\b"
    r"|\bone of the (?:lowest|highest|largest|smallest|biggest|best|worst|fastest)\b(?!-)"
    r"|\b(?:once|twice|three times|four times)\s(?:a|per|every)\s(?:day|week|month|year)\b"
    rf"|\b{WORDNUM}\s(?:hours|days|shifts|nights)\s(?:a|per)\s(?:day|week|month|year)\b"
    # a ratio: "a ratio of 1:4", "1:5" (one digit after the colon is never a clock time)
    r"|(?=\d)\b(?<![\d:.])(?!1:1\b)\d{1,3}:\d(?![\d:])|(?<=\bratio\sof\s)\d{1,3}:\d{1,3}\b"
    rf"|\b(?:(?:more than|fewer than|less than|over|under|at least|up to)\s)?{NUM}(?:\sor more)?"
    r"\s(?:employees|workers|staff|people|members|companies|firms|countries|cases)\b"
    rf"|\b(?P<words>(?:[Tt]wo|[Tt]hree|[Ff]our|[Ff]ive|[Ss]ix|[Ss]even|[Ee]ight|[Nn]ine|[Tt]en"
    rf"|[Tt]welve)\s(?!(?:{DURATION_WORDS})\b){COUNTED})"  # "three rounds of talks": a count
    rf"|\b(?:(?:above|below|beyond|exceeding|fewer than|a maximum of|maximum of|a minimum of"
    rf"|minimum of|at least|at most)\s)?{NUM}\s(?:hours?|days?|times?)"
    r"(?:\s(?:per|a|in a)\s(?:day|week|month|year)|/(?:day|week|month|year))?\b"
    rf"|\b{NUM}-(?:minute|hour|day|week|month|year)\s(?:(?:paid|unpaid|uninterrupted|unbroken)\s){{0,2}}"
    r"(?:week|day|month|year"
    r"|shift|limit|cap|ban|break|rest(?:\sbreak)?|restart)\b"
    # A service line to call (UK 0800/0808/0300/0345, US 1-800…); a person's own number is
    # personal data, never a claim.
    r"|(?<![\d-])(?:0800|0808|0300|0345|1-8[0-8]{2})[\s-]\d{3}[\s-]\d{3,4}(?![\d-])"
    rf"|(?<![\w.,$¥€£/:-]){NUM}(?:°C|°F|\s?km|\s?kg)?(?![\w/:]|\.\d)"  # not a clock time
    r"(?!\s?(?:a\.m\.|p\.m\.|am\b|pm\b))"  # …nor "6 a.m."
)
LAW = re.compile(
    # US federal rules and statutes by title and part ("29 CFR 1910.95", "49 CFR Part 395",
    # "29 U.S.C. § 207"), and bills by chamber and number ("AB 394", "H.R. 1")
    r"\b\d{1,3}\s(?:CFR|C\.F\.R\.|U\.S\.C\.|USC|ILCS)\s(?:(?:Part|Parts|Chapter|§§?)\s?)?\d+(?:\.\d+)*"
    r"(?:\([a-z0-9]{1,3}\))*"
    r"|\b(?:AB|SB|HB|H\.R\.|S\.B\.|A\.B\.)\s?\d{1,5}\b(?![./]\d)|"
    # a point of an annex, either way round: "point 4 of Annex III", "Annex III, point 4"
    r"\bpoint\s\d+[a-z]?\sof\s(?:Annex|Article|Schedule)\s(?:\d+[A-Za-z]?|[IVX]+)"
    r"|\bAnnex\s[IVX]+,\spoint\s\d+[a-z]?|"
    rf"\b(?:Articles?|Art\.|Sections?|Sec\.|Annex|Schedule|Chapter|Paragraph|Regulation)\s"
    rf"(?:\d+[A-Za-z]?(?:[–-]\d+[A-Za-z]?)?|[IVX]+)(?![\w/])(?:\(\w{{1,3}}\))*(?:\sand\s\d+[A-Z]?)?"
    rf"(?:\sof\s(?:the\s)?{LAW_NAME})?"
    # a provision written in running text: "regulation 13 and 13A", "section 40A"
    # a part or a title of an Act by its Roman numeral: "Part IVA", "Title VII"
    r"|\b(?:Part|Title)\s(?=[IVX])[IVX]{1,5}[A-Z]?\b"
    r"|\b(?:section|regulation|article|schedule|paragraph)\s\d+[A-Z]?(?:\.\d+)*(?:\(\w{1,3}\))*"
    r"(?:(?:,\s|\sand\s|\sor\s|\sto\s)\d+[A-Z]?(?:\(\w{1,3}\))*)*"
    # rules known by their acronym: "reported to the HSE under RIDDOR"
    r"|(?<=\bunder\s)(?!(?:the|a|an)\b)[A-Z]{3,8}(?![\w-])"
    r"|\b(?:Regulation|Directive)\s(?:\((?:EU|EC|EEC)\)\s)?(?:No\.?\s)?\d+/\d+(?:/(?:EU|EC|EEC)\b)?"
    r"|\b\d+\sAgreement\b"
    r"|\b(?:[A-Z]{2,6}\s)?(?:Convention|Recommendation)\s(?:No\.\s?)?\d+\b"
    r"|(?<![A-Za-z])(?:GDPR|FLSA|FMLA|NLRA|CCPA|WARN Act)(?![A-Za-z])"
    # a reform by its year: "after its 2021 labour reform"
    r"|\b(?:19|20)\d{2}\s(?:labou?r|pension|tax|employment)\sreform\b"
    # a section by its sign, with the code before it or the statute's acronym after it:
    # "§ 14(2)", "§ 1(1b) AÜG", "N.C. Gen. Stat. § 95-98", "Cal. Lab. Code § 1400–1408"
    r"|(?:\b(?:[A-Z][a-z]{0,4}\.\s?){1,4}(?:Code\s)?)?§§?\s?\d+(?:\.\d+)*[a-z]?(?:\(\w{1,3}\))*"
    r"(?:\s?(?:–|-|to)\s?\d+[a-z]?(?:\(\w{1,3}\))*)?(?:\s(?=[A-Z])[A-Za-zÄÖÜäöü]{2,8}\b(?<=[A-Z]\b|G\b))?"
    # orders, propositions and clauses by number: "Executive Order 14251", "Proposition 22",
    # "Clause 4 says"
    r"|\b(?:Executive\sOrder|Proposition|Prop\.|Clause)\s\d+[A-Za-z]?\b"
    # a provision's range in running text: "regulations 55A to 55D"
    r"|\bregulations\s\d+[A-Z]?\s(?:to|and|–)\s\d+[A-Z]?\b"
    # a German statute by its name, with its acronym: "Arbeitnehmerüberlassungsgesetz (AÜG)",
    # "Teilzeit- und Befristungsgesetz (TzBfG)"
    r"|\b(?:[A-ZÄÖÜ][a-zäöüß]+-\s(?:und|and)\s)?[A-ZÄÖÜ][a-zäöüß]{3,}gesetz(?:es)?\b"
    r"(?:\s\([A-Za-zÄÖÜ]{2,8}\))?"
    # Japanese laws in English name their subject after "Act on": "Act on the Protection of
    # Personal Information", "Act on Childcare Leave, Caregiver Leave, and Other Measures"
    rf"|\bAct\s(?:on|for|concerning)\s(?:the\s)?{CAP}(?:,?\s(?:and\s|of\s|for\s|the\s|on\s|to\s)*{CAP}){{0,12}}"
    rf"|\b{LAW_NAME}"
)
# An organisation introduced by what it is ("the campaign group 4 Day Week Global"), or the
# body behind an unnamed report ("a UNICEF report").
ORG_INTRO = re.compile(
    r"\b(?:campaign group|pressure group|lobby group|charity|think tank|think-tank|non-profit"
    r"|nonprofit|NGO|consultancy|research group|trade body|trade union|start-up|startup|firm"
    r"|company|retailer|insurer|regulator|watchdog|manufacturer|supplier|carmaker|chain|lender"
    r"|union|employer|platform|airline|operator|broadcaster|agency|publisher)(?:\s|,\s(?=[A-Z][\w&'-]*,))"
    r"(?P<org>(?:[A-Z][\w&'-]*|\d[\w&'-]*(?=\s[A-Z]))(?:\s(?:[A-Z0-9][\w&'-]*|of|for|and|&)){0,5})"
    r"|(?:(?<=\ba\s)|(?<=\bA\s)|(?<=\ban\s)|(?<=\bAn\s))(?P<body>[A-Z]{2,6})"
    r"(?=\s(?:report|survey|study|poll|analysis)\b)"
    # a body by name before its unnamed report ("a Gallup poll", "a 2024 Gartner survey"), not a
    # nationality ("a Japanese survey")
    r"|\b[Aa]n?\s(?:(?:19|20)\d{2}\s)?(?!(?:[A-Z][a-z]+(?:ese|ish|an|ch|ic)|New|Recent|Large"
    r"|Major|Global|National|Local|Separate|Similar|Further|Small|Big|Landmark|Joint|Government"
    r"|Follow|Second|Third|Later|Previous|Earlier|Key|Short|Long|Brief|Formal)\b)"
    r"(?P<named>[A-Z][a-z]+[A-Z]?[A-Za-z&]*)(?=\s(?:report|survey|study|poll|analysis)\b)"
)
# Capitals that are not bodies: places, currencies, measures, and the answer's own shorthand.
NOT_BODY = (
    r"(?:AI|HR|IT|UK|US|USA|EU|GB|CEO|CFO|COO|CV|CVs|DM|DMs|PDF|FAQ|GDP|CPI|RPI|VAT|PAYE|NI|NHS"
    r"|PTO|KPI|ROI|API|SME|SMEs|OK|AM|PM|ID|PIN|Q[1-4]|FY|DEI|ESG|LGBT|LGBTQ|MP|MPs)"
)
REPORTS = (
    r"(?:said|says|found|finds|reported|reports|estimated|estimates|published|publishes"
    r"|announced|warned|warns|recommended|recommends|ruled|fined|concluded|calculated|predicts"
    r"|predicted|showed|shows|surveyed|counted|noted)"
)
# A body named by where it stands: an acronym that reports ("the CNIL fined"), is reported to
# ("complain to HMRC"), or is named in apposition ("the data protection authority, the CNIL,");
# a one-word name after "according to" ("according to Brightmine").
# Laws and benefits known by their acronyms, never bodies.
LAW_ACRONYMS = r"(?:GDPR|FLSA|FMLA|NLRA|CCPA|HIPAA|ADA|WARN|TUPE|RIDDOR|COSHH|SSP|SMP|SPP|NMW|NLW)"
ORG_PLACE = re.compile(
    rf"\b(?!{NOT_BODY}\b)(?P<acro>[A-Z]{{2,6}}|[A-Z][a-z]?[A-Z]{{2,5}})(?=\s{REPORTS}\b)"
    rf"|(?:(?<=\bto\s)|(?<=\bto\sthe\s)|(?<=\bby\sthe\s)|(?<=,\sthe\s)|(?<=\bfrom\sthe\s)"
    # …or a place someone worked at or came from: "at CERN in 1989", "Director of CISA,"
    rf"|(?<=\bfrom\s)|(?<=\bat\s)|(?<=\bof\s))(?!{NOT_BODY}\b|{LAW_ACRONYMS}\b)"
    r"(?P<placed>[A-Z]{3,6})(?=[,.;]|\s(?:which|who|and|or|has|have|in|to)\b)"
    # an acronym whose rules or figures these are ("the FMCSA hours-of-service rules")
    rf"|(?<=\bthe\s)(?!{NOT_BODY}\b|{LAW_ACRONYMS}\b)"
    r"(?P<owner>[A-Z]{3,6})(?=\s(?:[a-z-]+\s){0,2}(?:rules|regulations|standards?|guidance"
    r"|guidelines|figures|data|statistics)\b)"
    # a name joined by "for" or "of" that reports ("Skills for Care estimated")
    rf"|\b(?=[A-Z]){LEAD}(?!(?:Secretary|Minister|Chancellor|Director|Head|Chair|Professor|Survey"
    r"|Report|Study|Review|Index|Census|Poll|Guide|Code|Analysis|Statistics)\b)"
    rf"(?P<joined>[A-Z][a-z]+\s(?:for|of)\s[A-Z][a-z]+(?:\s[A-Z][a-z]+){{0,2}})(?=\s{REPORTS}\b)"
    # …or a name of three or four words before what it found ("Brightmark Pay Research found"),
    # longer than a person's
    r"|\b(?=[A-Z])(?!(?:The|A|An|In|Under|From|Since|According|This|These|Those|If|For|With|By"
    r"|As|On|At|When|While|After|Before|Dr|Prof|Professor|Mr|Mrs|Ms|Sir|Dame)\b)"
    r"(?P<long>[A-Z][a-z]+(?:\s[A-Z][a-z]+){2,3})(?=\s(?:found|finds|estimated|estimates"
    r"|reported|published|calculated|surveyed|counted)\b)"
    rf"|(?<=[Aa]ccording to )(?P<one>[A-Z][a-z]+[A-Z]?[a-z]*)(?=,|\.|\s(?!\()[a-z])"
)
# A body's acronym before the title it publishes ("the ONS Annual Survey of…") is named apart.
PUBLISHER = r"[A-Z]{2,6}(?![\w&.-])"
TITLE_AHEAD = r"(?!(?:Dr|Prof|Professor|Mr|Mrs|Ms|Sir|Dame)\b|National\sInsurance\b)"
ORG_TAIL = (
    r"(?:University|Institute|Commission|Executive|Forum|Federation|Confederation|Association"
    r"|Agency|Council|Union|Bank|Foundation|Organi[sz]ation|Court|Tribunal|Authority|Bureau"
    r"|Ministry|Department|Corporation|Inc\.|Ltd\.?|Society|Trust|Centre|Center|Alliance"
    r"|Academy|Parliament|Government|Laboratory|Commissioner['’]s Office|Logistics|Foods"
    r"|Holdings|Industries|Motors|Electric|Group|Systems|Technologies|Pharmaceuticals|Trading|Airlines|Railways?"
    r"|Insurance|Regulator|Ombudsman|Inspectorate|Board|Consortium|Headquarters|Power"
    # Japanese companies named in romaji: "Kita-Kanto Kotsu", "Minato Denki"
    r"|Kotsu|Denki|Kogyo|Shoji|Bussan|Seisakusho|Kensetsu|Unyu|Tetsudo|Sangyo|Shokai|Butsuryu"
    r"|Energy|Network|Initiative|Coalition|Fund|Taskforce|Task\sForce|Conference|Services|Staffing"
    r"|Employers|Hospitals?|College|Observatory|Body|plc|PLC|LLC|Inc)"
)
# Well-known bodies in work, labour and statistics whose names carry no telltale suffix.
KNOWN_ORGS = (
    r"OECD|ILO|UNICEF|UNESCO|WHO|IMF|MIT|TUC|NBER|EHRC|HSE|ACAS|Acas|JILPT|MHLW|METI|JTUC"
    r"|ETUC|ITUC|Eurofound|EU-OSHA|OSHA|NLRB|EEOC|BLS|ONS|AFL-CIO|Unison|UNISON|GMB|JETRO|HMRC"
    r"|Rengo|Keidanren|Zenroren|United Nations|European Commission|World Bank|Cabinet Office"
    # Companies that AI-at-work answers cite most (vendors, employers, consultancies).
    r"|OpenAI|Anthropic|Google|Microsoft|Amazon|Meta|Apple|IBM|Toyota|Sony|Hitachi|Fujitsu"
    r"|Panasonic|SoftBank|Rakuten|McKinsey|Gartner|Deloitte|PwC|Accenture|Goldman Sachs"
)


def _listed_bodies() -> str:
    """The public bodies, regulators, courts, statistics offices and confederations most cited
    about work (bot/data/bodies_en.txt, one name as written in running text per line), longest
    first so that "Health and Safety Executive for Northern Ireland" wins over its start."""
    listed = (resources.files("bot") / "data" / "bodies_en.txt").read_text(encoding="utf-8")
    names = sorted({line.strip() for line in listed.splitlines() if line.strip()}, key=len)
    return "|".join(re.escape(name) for name in reversed(names))


LISTED_BODIES = _listed_bodies()
ORGANISATION = re.compile(
    # a foreign body by its own name: "the Institut Lyonnais du Travail"
    rf"\b(?:Institut|Instituto|Istituto|Institutet)\s{CAP}(?:\s(?:(?:du|de|des|de\sla|del|di|für|for)\s)?{CAP}){{0,4}}|"
    rf"\b(?:Ministry|Department|University|Institute|Bureau|Agency|Office|Commission|Council"
    rf"|Confederation|Federation|Organi[sz]ation|Court|Bank|School|Committee)\s(?:of|for|on)\s(?:the\s)?{CAP}"
    rf"(?:(?:,\s|\s)(?:and\s|of\s|the\s)?{CAP})*"
    rf"|\b{LEAD}{TITLE_AHEAD}{CAP}(?:\s(?:and\s|for\s|&\s)?{CAP}){{0,5}}\s{ORG_TAIL}\b"
    rf"(?:\s(?:for|of|on)\s(?:the\s)?{CAP}(?:\s(?:and\s|&\s|of\s)?{CAP}){{0,5}})?"
    r"(?:\s\([A-Z]{2,}\))?"
    rf"|(?<![A-Za-z])(?:{KNOWN_ORGS})(?![A-Za-z])"
    rf"|(?<![A-Za-z])(?:{LISTED_BODIES})(?![A-Za-z'’-])"
    # a service by its full name, two words or more: "the Pension Tracing Service"
    rf"|\b{LEAD}{TITLE_AHEAD}{CAP}(?:\s{CAP}){{1,4}}\sService\b"
    # the government as the body that says or plans something: "The government has said…"
    r"|(?<=[Tt]he\s)government(?=\s(?:has\s|have\s|had\s)?(?:said|says|announced|estimates"
    r"|estimated|plans|planned|confirmed|published|promised|pledged)\b)"
    # a government by its country: "the Japanese government voted in favour"
    r"|(?<=[Tt]he\s)(?:[A-Z][a-z]+|UK|US)\sgovernment\b"
    # a legislature or a cabinet is named by "the": "enacted by the Diet", "The Cabinet approved"
    r"|(?<=[Tt]he\s)(?:Diet|Cabinet|Senate|Congress|Bundestag)\b"
    r"|(?:(?<=[Tt]he\s)|(?<=\bby\s)|(?<=\bto\s))(?:Parliament|Congress)\b"
    r"|(?<=[Tt]he\s)(?:National\sAssembly|Certification\sOfficer|Low\sPay\sCommission)\b"
    # union confederations and bodies by their acronym in a list: "including the CFDT and the CGT"
    r"|(?:(?<=\bincluding\sthe\s)|(?<=\band\sthe\s)|(?<=,\sthe\s))(?!(?:EU|UK|US|AI)\b)[A-Z]{3,6}\b(?=[,.;]|\s(?:and|or)\b)"
    r"|\bHouse\sof\s(?:Lords|Commons|Representatives|Councillors)\b"
    # a US court of appeals by its circuit: "the Ninth Circuit reversed"
    r"|(?<=[Tt]he\s)(?:First|Second|Third|Fourth|Fifth|Sixth|Seventh|Eighth|Ninth|Tenth|Eleventh"
    r"|D\.C\.|Federal)\sCircuit\b"
    # an office by its acronym ("the AI Office within the European Commission"); "the nearest
    # Labour Standards Inspection Office" is a kind of office, not one body
    r"|(?<=[Tt]he\s)(?:[A-Z]{2,6}|Home|Foreign|Cabinet|Patent)\sOffice\b"
    # …and a national office by what it does: "the Australian Taxation Office"
    r"|(?<=[Tt]he\s)(?:[A-Z][a-z]+\s)?(?:Taxation|Tax|Audit|Statistics|Statistical|Fraud)\sOffice\b"
)
PERSON = re.compile(
    r"\b(?:Professor|Prof\.?|Dr\.?|Mr\.?|Ms\.?|Mrs\.?|Minister|President|Judge|Justice|Sir|Dame)"
    r"\s[A-Z][a-z]+(?:\s[A-Z]\.)?(?:\s[A-Z][a-z'-]+)*"
    r"|\b[A-Z][a-z]+(?:,\s[A-Z][a-z]+)*,?\sand\s[A-Z][a-z]+(?=,\s[\"“(]|\s\((?:19|20)\d{2}\))"
    r"|\b[A-Z][a-z]+\set al\.?"
    r"|(?<=according to )[A-Z][a-z]+\s[A-Z][a-z]+\b(?!\s[A-Z])"  # not "Check Point Research"
    r"|\b[A-Z][a-z]+\s[A-Z][a-z]+(?=,\s(?:a|an|the)\s(?:professor|researcher|economist"
    r"|spokesperson|director|chief|minister|lawyer|analyst|chair|head)\b)"
    rf"|\b{LEAD}(?<!\bof\s)[A-Z]{LOWER}+(?:\s[A-Z]\.)?\s[A-Z]{LOWER}+(?:-[A-Z]{LOWER}+)?"
    r"(?=\s\((?:[A-Z][a-z]+|[A-Z]{2,}\)|(?:in|see)\s(?:his|her|their)\b)"
    r"|['’]s\s[\"“][A-Z]"  # before their own titled work: Barry Boehm's "Software …"
    r"|,?\s(?:(?:famously|once|later|first|also|reportedly)\s)?"
    r"(?:said|says|told|argued|wrote|argues|writes|describes|described|explains|explained|warned"
    r"|warns|claimed|predicted|reported|proposed|announced|stated|noted|added|released|founded"
    r"|invented|coined|launched|asked|replied|called|discovered|developed|pioneered)\b)"
    # a person after their age: "eight-year-old James Phipps"
    rf"|(?<=-year-old\s)[A-Z]{LOWER}+\s[A-Z]{LOWER}+"
    # the head of a government by its name: "Clement Attlee's Labour government"
    rf"|\b{LEAD}[A-Z]{LOWER}+\s[A-Z]{LOWER}+(?=['’]s\s(?:[A-Z][a-z]+\s)?(?:government"
    r"|administration|cabinet)\b)"
    # "Frances O'Grady, former TUC general secretary, said": a name before its role
    rf"|\b{LEAD}[A-Z][a-z]+\s[A-Z][a-z]*(?:['’][A-Z][a-z]+)?(?=,\s[^,.\n]{{0,40}}"
    r"(?i:secretary|president|chair|director|minister|leader|professor|economist|researcher"
    r"|spokesperson|executive|officer|founder|manager|lead|head|organi[sz]er|official|representative"
    r"|adviser|advisor|negotiator|analyst|lawyer|fellow|nurse|MEP|MP|steward|teacher|driver"
    r"|worker|actor|writer)(?:\s(?:of|at|in|for|on)\s[^,.\n]{2,50})?[,.])"
    # the name that says a quotation: ""…," said Priya Natarajan, national officer"
    rf"|(?:(?<=[,.!?][\"”]\ssaid\s)|(?<=[,.!?][\"”]\ssays\s)|(?<=[,.!?][\"”]\sadded\s))"
    rf"[A-Z]{LOWER}+(?:\s[A-Z]\.)?\s[A-Z]{LOWER}+(?:[-'’][A-Z]{LOWER}+)?(?=[,.;]|\s\()"
    # the authors a study is by: "a study by Martin Hale, Sofia Reyes and Kenji Watanabe"
    r"|(?<=\bby\s)[A-Z][a-z]+\s[A-Z][a-z'-]+(?:,\s[A-Z][a-z]+\s[A-Z][a-z'-]+)*,?\sand\s[A-Z][a-z]+"
    r"\s[A-Z][a-z'-]+\b"
    # "Satya Nadella, the CEO of Microsoft, said": the role and its body after the name
    rf"|\b{LEAD}[A-Z][a-z]+\s[A-Z][a-z]*(?:['’][A-Z][a-z]+)?(?=,\s(?:the\s|a\s|an\s|former\s)?"
    r"(?:CEO|(?i:chief executive|founder|co-founder|president|chair|chairman|chairwoman|director"
    r"|head|general secretary|secretary|minister|professor|economist|spokesperson|editor))"
    r"\s(?:of|at)\s[^,.\n]{2,50}[,.])"
)
# A name right after a verb of saying, whatever came before: "…, said Marisol Quenby of Hartfield
# College." (kept where its first word is a given name: "said New Zealand, …" is no one)
SAID_NAME = re.compile(
    rf"(?:(?<=\bsaid\s)|(?<=\bsays\s)|(?<=\badded\s))(?P<given>[A-Z]{LOWER}+)(?:\s[A-Z]\.)?"
    rf"\s[A-Z]{LOWER}+(?:-[A-Z]{LOWER}+)?(?=[,.;]|\s(?:of|at|from)\s)"
)
# A name after the role that introduces it ("Welsh reformer Robert Owen", "economist Jane Doe").
ROLE_NAME = re.compile(
    r"\b(?:[Rr]eformer|[Aa]ctivist|[Ee]conomist|[Hh]istorian|[Cc]ampaigner|[Jj]ournalist"
    r"|[Rr]esearcher|[Ss]cientist|professor|[Oo]rgani[sz]er|[Ff]ounder|[Pp]hilosopher"
    r"|[Ss]ociologist|[Ss]ecretary|leader|[Cc]hair|[Cc]hairman|[Cc]hairwoman|[Dd]irector"
    r"|spokesperson|spokesman|spokeswoman|[Pp]resident|executive|[Tt]reasurer|CEO|CFO|COO"
    r"|[Dd]irector-[Gg]eneral|[Ee]ditor-in-[Cc]hief|[Ee]ditor|[Mm]anaging\s[Dd]irector"
    r"|official|actor|nurse|lawyer|officer|steward|MEP|MP)"
    r",?\s(?P<name>[A-Z][a-z]+(?:\s[A-Z][a-z]+)?\s[A-Z][a-z'-]+)\b"
)
# An office standing for its holder when the sentence reports what they said or did
# ("the Chancellor announced them", "The CEO said").
OFFICE_NAME = (
    r"(?:[Cc]hancellor|Prime Minister|President"
    r"|Home Secretary|Foreign Secretary|Secretary of State|Minister|Governor|Mayor|CEO"
    r"|chief executive|chair|chairman|chairwoman|chief economist|general secretary"
    r"|Information Commissioner"
    # a minister by their brief: "the Federal Labour Minister", "the Employment Secretary"
    r"|(?:[A-Z][a-z]+\s){1,3}(?:Minister|Secretary)"
    r"|director-general|Director-General)"
    r"(?:\s(?:for|of)\s(?:the\s)?[A-Z][a-z]+(?:\s(?:and\s)?[A-Z][a-z]+){0,3})?"
)
OFFICE = re.compile(
    # …by the body it serves ("Usdaw's general secretary said"), or doing it ("headed by the
    # Prime Minister")
    r"(?:(?P<by>(?<=\bby\sthe))|\b(?:[Tt]he|[Ii]ts|[Tt]heir)|\b[A-Z][\w&-]*['’]s)\s"
    rf"(?P<office>{OFFICE_NAME})"
    r"(?(by)|(?=,?\s(?:has\s|had\s|have\s)?(?:said|says|announced|told|wrote|warned|argued|confirmed"
    r"|signed|issued|ordered|vetoed"
    r"|stated|promised|pledged|claimed|admitted|insisted|declared|called|welcomed|critici[sz]ed"
    r"|rejected|defended)\b))"
)
OFFICE_WORDS = re.compile(rf"(?:[Tt]he\s|[Ii]ts\s|[Tt]heir\s)?{OFFICE_NAME}")


def idle_office(text: str, start: int, end: int) -> bool:
    """Is text[start:end] an office that neither says nor does anything here ("The Chancellor's
    office is in London")? Such an office is no one to ask; the rules and the tagger both ask."""
    if not OFFICE_WORDS.fullmatch(text, start, end):
        return False
    near = OFFICE.finditer(text, max(0, start - 40), min(len(text), end + 80))
    return not any(m.start("office") < end and start < m.end("office") for m in near)


SAYING = (
    r"(?:said|says|saying|stated|states|told|wrote|writes|argued|argues|declared|declares|responded"
    r"|replied|commented"
    r"|announced|warned|warns|concluded|concludes|added|put it|classifies|classified"
    r"|(?:has|have|had)\scalled)"
)
QUOTE = re.compile(
    r"(?:said|says|saying|stated|told\s[\w\s]{1,40}?|wrote|argued|declared|put it"
    r"|writing\sthat(?:\s[a-z]+){0,4}"
    r"|coined the (?:slogan|phrase|term|motto))[,:]?\s"
    r"[\"“]([^\"”\n]{10,300})[\"”]"
    r"|[\"“]([^\"”\n]{10,300})[\"”],?\s(?:(?:he|she|they|[A-Z][a-z]+(?:\s[A-Z][a-z]+)?)\s"
    r"(?:said|says|added|wrote)|(?:said|says|added|wrote)\s(?:the|a|an|[A-Z]))"
    # the speaker named with a title and an affiliation after the words:
    # “…,” Prof. Emiko Hayashi of Kansai Gakuin University told NHK
    r"|(?:^|(?<=\n)|(?<=[.!?]\s))[\"“]([^\"”\n]{10,300})[\"”]\s"
    r"(?:(?:Prof\.|Professor|Dr\.?|Mr\.?|Ms\.?|Mrs\.?)\s)?[A-Z][a-z]+(?:\s[A-Z][\w'’-]+){0,2}"
    r"(?:,?\s(?:of|at|from)\s(?:the\s)?[A-Z][\w&'’-]*(?:\s(?:of\s|for\s|and\s)?[A-Z][\w&'’-]*){0,5})?"
    rf",?\s{SAYING}\b"
    # the saying verb first, with where it was said between: "said in its January 2025
    # report that "…"", "put it at the launch of the Convention: "…"", "classifies X as "…""
    rf"|\b{SAYING}(?:\s[^\"“”\n.!?;]{{1,80}}?)?(?::|\sthat|\sas|\sis|\sare|\swas|\swere"
    r"|\s(?:would|will|could|might|must|should|can)(?:\s[a-z]+)?"
    r"|\s(?:the|a|an|its|their|this)\s[a-z]+|(?<=[a-z])(?<!\sand)(?<!\sthe)(?<!\sfor)(?<!\sbut)(?<!\sor))"
    r"\s[\"“]([^\"”\n]{10,300})[\"”]"
)
# Newspapers by the word their names end in ("The Japan Times", "the Washington Post").
MASTHEAD = (
    r"(?:Times|Post|Herald|Tribune|Gazette|Chronicle|Guardian|Observer|Telegraph|Economist"
    r"|Shimbun)"
)
# News agencies and papers whose report is their article ("a Reuters report"), not a survey they
# ran ("a Nikkei poll").
NEWS = re.compile(r"Reuters|Bloomberg|Kyodo|Nikkei|Guardian|Times|Post|Telegraph|Economist|Shimbun")
CITATION = re.compile(
    # a source left vague is still one to find, as ある調査 is: "One study found…", "told a
    # trade magazine"
    r"\b(?:[Oo]ne|[Aa]nother|[Aa]n?)\s(?:(?:recent|large|new|major|separate|small|second|third"
    r"|further|follow-up|(?:19|20)\d{2})\s)?"
    r"(?:study|survey|report|poll|analysis|paper|review)"
    r"(?=(?:,?\s(?:by|of|from)\s[^.;\n]{1,60}?,?)?\s(?:found|finds|showed|shows|suggests|suggested"
    r"|estimated|estimates|reported|concluded|says|said|surveyed|claimed|claims|followed|tracked"
    r"|linked|examined|analysed|analyzed)\b)"
    # …or dated and placed in a journal: "A 2021 study in The Lancet"
    r"|\b[Aa]\s(?:19|20)\d{2}\s(?:study|survey|report|analysis|meta-analysis|paper|review|trial)"
    r"\sin\s(?:the\s)?(?:journal\s)?[A-Z][\w&-]*(?:\s(?:[A-Z][\w&-]*|of|and|&)){0,6}(?<!\sof)(?<!\sand)(?<!\s&)"
    # …or a top court's dated ruling: "a 2023 Supreme Court ruling" (a court named by its place,
    # "a 2001 Tokyo District Court ruling", stays a body and a date)
    r"|\b[Aa]\s(?:19|20)\d{2}\s(?:Supreme|Constitutional|Federal|High)\s(?:[A-Z][a-z]+\s){0,2}"
    r"(?:ruling|judgment|judgement|decision)\b"
    # …or a study placed only by what it covered, where or when: "In a study of 300 hospitals in
    # England,", "in a large trial in the UK in 2022,"
    r"|(?<=\b[Ii]n\s)an?\s(?:(?:large|small|recent|major|national|new)\s)?(?:study|survey|trial|analysis"
    r"|review|experiment)\s(?:of|in|across)\s[^,.;\n]{3,50}(?=,)"
    # …or named only as what a claim is according to: "according to analysis by a think tank"
    r"|(?<=according\sto\s)(?:(?:an?|the)\s)?(?:[a-z-]+\s)?(?:analysis|research|estimates|figures"
    r"|data|study|survey|report)\sby\s[^,.;\n]{1,40}"
    r"|(?=an?\s)(?<=\btold\s)(?:a|an)\s(?:[a-z-]+\s){0,2}(?:magazine|newspaper|paper|website|journal"
    r"|broadcaster|podcast|radio\sstation)\b"
    # a code of practice is guidance to find and read: "the Approved Code of Practice", "the Acas
    # Code of Practice on Disciplinary and Grievance Procedures"
    r"|\b(?=[A-Z])(?!The\b)(?:[A-Z][\w-]*\s){1,4}Code\sof\sPractice(?:\s(?:on|for)\s(?:the\s)?[A-Z][\w-]*"
    r"(?:\s(?:and\s|of\s|for\s)?[A-Z][\w-]*){0,5})?"
    # a document by its year and what it is: "the Supreme Court's 2021 decision", "a 2024 media
    # release", "its 2023–24 annual report", "a 2023 interview with Payroll Today", "the 2021
    # agreement between…"
    r"|\b(?:19|20)\d{2}(?:[–/-]\d{2,4})?\s(?:[a-z-]+\s)?(?:decision|ruling|judgment|media\srelease"
    r"|press\srelease|annual\sreport|interview|agreement|final\srule|book|white\spaper|statement)\b"
    r"(?:\s\*[A-Z][^*\n]{2,80}\*|\swith\s(?:[A-Z][\w&'’-]*\s?){1,4})?"
    # a document placed only by its date and who wrote it: "a March 2023 note", "a 2023 NBER
    # working paper", "A 2022 FSA survey"
    rf"|\b[Aa]n?\s(?:{MONTH}\s)?(?:19|20)\d{{2}}\s(?:[A-Z][\w&-]*\s){{0,3}}(?:working\spaper|note|memo"
    r"|survey|report|study|paper|briefing|analysis|review|poll|article|press\srelease|white\spaper)\b"
    # a quoted title with what it is or when it came out: '"Union Members — 2024" news release',
    # '"Repayment thresholds 2025-26" (April 2025)'
    r"|[\"“][A-Z][^\"”\n]{5,120}[\"”](?:\s(?:news\srelease|press\srelease|report|paper|article|briefing"
    r"|guidance|factsheet|survey|study|blog\spost|op-ed|column)\b"
    rf"|\s?\((?:published\s)?(?:\d{{1,2}}\s)?(?:{MONTH}\s)?(?:19|20)\d{{2}}\))"
    # a white paper named by what it is: "Its own white paper (March 2024)"
    r"|(?<=\bown\s)white\spaper\b"
    # a working paper named by what it is: "An OECD working paper from 2018"
    r"|\b(?:[Aa]n?|[Tt]he)\s(?:[A-Z]{2,6}\s)?(?:working|discussion|policy)\spaper\b"
    # a paper someone spoke to: "told the Los Angeles Ledger that", "speaking to the New York
    # Times", "told *Schools Week* in March 2024"
    r"|(?:(?<=\btold\sthe\s)|(?<=\bspeaking\sto\sthe\s)|(?<=\binterview\swith\sthe\s)"
    r"|(?<=\btold\s))(?:\*[A-Z][^*\n]{2,40}\*|(?!(?:Congress|Parliament|MPs?)\b)"
    r"(?:[A-Z][\w'’-]*\s){0,3}(?:Times|Post|Ledger|Tribune|Herald|Journal|Gazette|Courier|Guardian"
    r"|Telegraph|Observer|Chronicle|News|Standard|Mirror|Express|Mail|Independent|Record|Star"
    r"|Examiner|Zeitung|Monde|Review|Week|Weekly|Today|Press|Reuters|Nikkei|Bloomberg|BBC|CNN|NPR"
    r"|ITV|Sky\sNews|Associated\sPress|AP"
    r"|[A-Z][a-zäöü]+(?:zeitung|blatt)))"
    r"(?=\s(?:that|on|in|last|this|about)\b|[.,;:])"
    # a paper or a site named with the day of its article: "the Northern Ledger (14 March 2024)",
    # "The New York Times (March 28, 2025)"
    rf"|(?<=\b[Tt]he\s)(?!{MONTH}\b)(?:[A-Z][\w'’-]*\s){{0,3}}[A-Z][\w'’-]*(?=\s\((?:\d{{1,2}}\s{MONTH}"
    rf"|{MONTH}\s\d{{1,2}},?)\s(?:19|20)\d{{2}}\))"
    # "Research shows…", "Studies have found…" (not "Brightmark Pay Research found": a body)
    r"|(?=[RrSs])(?:(?<![A-Za-z,]\s)(?:Research|Studies)|\b(?:research|studies))(?=\s(?:has\s|have\s)?(?:shows?|shown"
    r"|found|finds|suggests?|suggested|indicates?|indicated)\b)"
    # …and so are surveys or experts in general: "Surveys consistently show", "Experts say"
    r"|(?:(?<![A-Za-z,]\s)|(?<=\bbut\s)|(?<=\band\s)|(?<=,\s))\b(?:(?:[Mm]any|[Mm]ost|[Ss]ome)\s)?"
    r"(?:(?:[Ee]mployment\s|[Ll]abou?r\s)?[Ll]awyers|[Ss]urveys|[Pp]olls|[Ee]xperts|[Ee]conomists"
    r"|[Aa]nalysts|[Ss]cientists|[Rr]esearchers|[Cc]ommentators|[Cc]ritics|[Oo]bservers|[Hh]istorians)"
    r"(?=\s(?:[a-z]+ly\s)?(?:say|said|believe|agree|warn|argue|estimate|suggest|predict|show|shown"
    r"|found|find|indicate|point\sto|think|expect|caution|see|regard|view|describe)\b)"
    # …or received wisdom: "history shows", "training has been shown to", "is widely seen as"
    r"|\b[Hh]istory\s(?:shows|has\sshown|suggests)\b|\bhas\sbeen\sshown(?=\sto\b)"
    r"|\b[Ii]t(?:['’]s|\sis)\s(?:widely|generally|commonly)\s(?:accepted|believed|known|agreed)\b"
    r"|\baccording\sto\s(?:one|some|many|several)\s(?:estimates?|studies|study|surveys?|experts?|reports?)\b"
    r"|\bby\s(?:most|some|many)\sestimates\b"
    r"|\b[Cc]ourts\s(?:have\s)?(?:consistently\s|repeatedly\s)?(?:found|held|ruled)\b"
    # a study placed only by its design: "A randomised trial at three companies", "a field
    # experiment"
    r"|\b(?:[Aa]n?|[Oo]ne)\s(?:(?:randomi[sz]ed|controlled|field|natural)\s){1,2}"
    r"(?:trial|experiment|study)\b"
    r"|\bone\sstudy(?=\s(?:put|found|estimated|suggested|showed|says|said|puts|finds)\b)"
    r"|\b(?:is\s|are\s)?(?:widely|often|commonly)\s(?:seen|regarded|cited|described)\sas\b"
    r"|\b[Aa]\swidely\s(?:cited|quoted|reported)\s(?:study|estimate|report|survey|analysis|figure)\b"
    r"|\b[Oo]ne\swidely\s(?:cited|quoted|reported)\s(?:study|estimate|report|survey|analysis|figure)\b|"
    r",\s[\"“](?P<title>[^\"”\n]{5,150}?),?[\"”](?=,|\s\(|\.|\sby\s)"
    r"|\b(?:[A-Z]{2,6}\s)?(?:Working|Discussion|Policy|Research)\sPaper\s(?:No\.\s?)?\d+"
    r"|\b[A-Z]{2,6}\s(?:Staff\s)?(?:Working|Discussion|Policy|Research|Briefing)\s(?:Paper|Note|Brief)"
    r"(?:\sNo\.\s?\d+)?"
    r"|(?<=\()[\"“](?P<paren>[^\"”\n]{5,150}?)[\"”](?=,)"  # ("A report's title", 2023)
    # …or a capitalised title alone in brackets ("Out of Reach 2024"), not a term ("payday super")
    r"|(?<=\()[\"“](?P<closed>[A-Z][^\"”\n]{4,150}?)[\"”](?=\))"
    # a title with its year in brackets after it, or the word for what it is: "Software
    # Engineering Economics" (1981), the coalition's "Out of Reach 2024" report
    r"|[\"“](?P<dated>[A-Z][^\"”\n]{4,150}?)[\"”](?=\s\((?:1[6-9]|20)\d{2}\)"
    r"|\s(?:report|survey|study|paper|book|guide|briefing|bulletin|series|review|statistics|dataset"
    r"|database)\b)"
    r"|\b(?:published|released|issued|titled|entitled|called|release|report|bulletin|publication"
    r"|paper|article|book|guide|briefing|survey|study|review|series|dataset|database)\s"
    r"(?:(?:the|a|an|its|their)\s)?"
    r"[\"“](?P<named>[^\"”\n]{5,150}?)[\"”]"
    # a document by its date: "a press release dated 3 September 2025"
    r"|\b(?:an?|the|its|their)\s(?:(?:press|news)\s)?(?:release|statement|letter|memo|report"
    r"|announcement|notice)\s(?:dated|issued\son|published\son)\s(?:\d{1,2}\s)?[A-Z][a-z]+\s"
    r"(?:\d{1,2},?\s)?(?:19|20)\d{2}"
    r"|(?<=\()(?![A-Z]{2},)(?:[A-Z][\w&.-]*\s?){1,4},\s(?:19|20)\d{2}(?=\))"
    # a title of many words with its year in brackets: (Notes on Structured Programming, 1970)
    r"|(?<=\()[A-Z][\w&.-]*(?:\s(?:[A-Z][\w&.-]*|of|on|and|the|in|for|to)){3,10},\s(?:1[6-9]|20)\d{2}"
    r"(?=\))"
    rf"|(?<!\bof\s)(?<!\bfor\s)\b(?:(?:19|20)\d{{2}}\s)?{LEAD}(?!{PUBLISHER}\s)"
    # a body whose name ends in one of these words is a body: "the Australian Bureau of Statistics"
    r"(?!(?:[A-Z][a-z]+\s){0,2}(?:Bureau|Office|Ministry|Department|Institute|Agency|Centre|Center)"
    r"\s(?:of|for)\s)"
    rf"(?:\d{{1,2}}(?:st|nd|rd|th)\s)?(?:[A-Z][\w&.-]*\s(?:on\s|of\s|and\s|the\s)?){{1,6}}"
    r"(?:Survey|Report|Study|Census|Review|Index|Yearbook|White Paper|Statistics|Outlook"
    r"|Barometer|Monitor|Plan(?!\s[A-Z])|Guidelines|Guidebook|Handbook|Budget(?!\sOffice)|Bulletin)"
    r"(?:\s(?:on|of)\s(?:[A-Z][\w-]*\s?(?:and\s)?){1,4})?(?:\s?(?:19|20)\d{2})?"
    # a document by its date: "a 2025 survey by…", "in its January 2025 report"
    rf"|(?<=\s)(?:{MONTH}\s)?(?:19|20)\d{{2}}\s(?:report|survey|study|white paper"
    r"|(?:working\s)?paper|poll|review|analysis)\b(?=\s(?:by|from|of|for|that|found|finds|shows|showed)\b|,)"
    # a court case named in brackets: "(the F Company e-mail monitoring case)"
    r"|(?<=\()(?:the\s)?[A-Z][\w&'’.-]*(?:\s[\w&'’.-]+){0,8}?\scase(?=\))"
    # an organisation's own document: "OpenAI's privacy policy"
    r"|\b[A-Z][\w&.-]+['’]s\s(?:privacy policy|privacy notice|terms of (?:use|service)"
    r"|annual report|code of conduct|data policy)\b"
    r"|\b(?:Journal|Proceedings)\sof\s(?:the\s)?(?:[A-Z][\w-]*\s?(?:and\s|of\s|&\s)?){1,6}"
    rf"|\b{LEAD}[A-Z]{LOWER}+(?:\set al\.?|\sand\s[A-Z]{LOWER}+)?\s\((?:19|20)\d{{2}}\)"
    rf"|(?<=\()[A-Z]{LOWER}+(?:\set al\.?|\sand\s[A-Z]{LOWER}+)?,\s(?:19|20)\d{{2}}(?=\))"
    rf"|\b{LEAD}[A-Z][\w.]*(?:\s[A-Z][\w.]*){{0,3}}\sv\.?\s[A-Z][\w.]*(?:\s[A-Z][\w.]*){{0,3}}"
    r"(?:\s\[(?:19|20)\d{2}\]\s[A-Z]+\s\d+)?"
    rf"|\b(?:[Tt]he\s)?(?:[A-Z][a-z]+\s){{0,3}}(?:{MASTHEAD}|Daily Mail|Wall Street Journal"
    r"|BBC News|Nikkei(?:\sAsia)?|Reuters|Bloomberg|Associated Press|Kyodo(?:\sNews)?"
    r"|Le\sMonde|Le\sFigaro|Der\sSpiegel|El\sPa[ií]s)\b"
    r"(?=\s(?:reported|said|says|found|wrote|revealed|published|report|article|story|investigation"
    r"|that)\b|,|:"
    r"|\son\s\d|\sin\s(?:19|20)\d{2})"
    rf"|(?<=[Aa]ccording to )(?:[Tt]he\s)?(?:[A-Z][a-z]+\s){{0,3}}(?:{MASTHEAD}|Journal|Nikkei)\b"
    r"(?:\s\([^()\n]{0,30}(?:19|20)\d{2}\))?"
    r"|(?<=published in )(?:the\s)?[A-Z][\w&-]*(?:\s(?:[A-Z][\w&-]*|of|and|&)){0,5}"
    r"(?<!\sof)(?<!\sand)"
    r"|(?<=\bbook\s)[A-Z][\w'’-]*(?:\s[A-Z][\w'’-]*){1,7}(?=,|\s\()"
    # a DOI ends at a space, a bracket it did not open, or Japanese text run on after it
    r"|\b(?:doi|DOI):\s?10\.\d{4,9}/(?:[^\s\"<>()\u3000-\u9fff\uff00-\uffef]|\([^\s()]*\))+"
    r"|(?<!doi\.org/)\b10\.\d{4,9}/[^\s\"<>)\u3000-\u9fff\uff00-\uffef]+"
    # a document a body put out, named by what it is: "published a technical guidance note"
    r"|(?<=\bpublished\s)(?<=\b)(?:a|an|its|their)\s(?:[a-z-]+\s){0,3}"
    r"(?:note|report|estimate|guidance|review|paper|study|survey|analysis|code of practice"
    r"|statement|guide|briefing|index)\b"
    r"|\b(?:[Tt]he\s[a-z]+['’]s|[Ii]ts|[Tt]heir)\s(?:(?:19|20)\d{2}\s)?(?:annual\s(?:report|accounts)"
    r"|(?<=[Ii]ts\s)press\srelease|(?<=[Tt]heir\s)press\srelease)"
    r"(?:\sfor\s(?:19|20)\d{2})?(?!\s(?:will|would|may|might|can|should)\b)"
    # a title in italics after what it is: "published guidance, *Employment practices…*"
    r"|(?<=[a-z],\s)\*(?P<italic>[A-Z][^*\n]{4,150}?)\*"
    r"|(?:(?<=\bpublished\s)|(?<=\btitled\s)|(?<=\bcalled\s))\*(?P<italic2>[A-Z][^*\n]{4,150}?)\*"
    # the journal a cited study appeared in: "Kivimäki et al. (2015) in The Lancet"
    r"|(?<=\)\sin\s)(?:The\s)?[A-Z][\w&-]+(?:\s(?:of\s|and\s|&\s)?[A-Z][\w&-]+){0,5}"
    # an official form by its number: "Form NLRB-502", "form RP50"
    r"|\b[Ff]orm\s[A-Z0-9]{1,6}(?:-[A-Z0-9]{1,6})?\b"
    # a title in italics that is a case, a release or a ruling: "In *Cemex …* (2023)", "the ABS
    # *Characteristics of Employment, Australia, August 2024* release", "the *Dynamex* ruling"
    r"|\*(?P<italic3>[A-Z][^*\n]{2,120}?)\*(?=\s(?:\((?:19|20)\d{2}\)|release|report|ruling|decision"
    r"|judgment|case|survey|study|guidance|review)\b)|(?<=\bIn\s)\*(?P<italic4>[A-Z][^*\n]{2,120}?)\*"
    # a body's paper by its year and kind: "the Board's 2023 election rule", "its 2019 letter",
    # "the 2017 Cridland review"
    r"|\b(?:the|its|their|a)\s(?:[A-Z][\w&'’-]*['’]s\s)?(?:19|20)\d{2}\s(?:[A-Z][a-z]+\s){0,2}"
    r"(?:[a-z]+\s)?(?:review|report|inquiry|rule|letter|guidance|consultation|survey|white\spaper)\b"
    # a source left vague by who says it: "Industry analysts expect", "Evidence from California
    # suggests", "some researchers dispute"
    r"|\b(?:[Ii]ndustry\s|[Ll]ater\s|[Ss]ome\s|[Oo]ther\s|[Mm]any\s|[Ss]everal\s)?(?:analysts|researchers"
    r"|studies|experts|economists|[Ee]vidence)(?:\s(?:from|in)\s[A-Z][a-z]+)?\s(?:have\s)?(?:expect"
    r"|dispute|suggests?|reported|warn|believe|predict|estimate)\b"
    # an entry of a reference list: "Tanaka, M. (2020). Working Less in Japan. Kyoto University
    # Press." (its volume, issue and pages go with it)
    r"|(?:(?<=\n)|(?<=\n\d\.\s)|(?<=\n[-*•]\s))[A-Z][A-Za-z'’-]+,\s(?:[A-Z]\.\s?){1,3}"
    r"(?:,?\s(?:and\s|&\s)?[A-Z][A-Za-z'’-]+,\s(?:[A-Z]\.\s?){1,3})*(?:,?\set\sal\.)?"
    r"\s\((?:19|20)\d{2}[a-z]?\)\.\s[^\n]{5,300}?(?=\s[—–-]\s|\n|$)"
    # a judgment of the EU's Court of Justice by its parties and number: "KHS (C-214/10)"; one of
    # the UK's or Australia's by its neutral citation: "[2017] UKSC 51", "[2025] FWCFB 3500"
    r"|\b[A-Z][\w.&'’-]*(?:\s(?:v\.?|[A-Z][\w.&'’-]*|\([A-Z]+\)|Ltd|plc)){0,8}\s\(C[-‑]\d{1,3}/\d{2}\)"
    r"|\[(?:19|20)\d{2}\]\s(?:[A-Z]{2,8}\s){1,2}(?:Civ\s|Crim\s)?\d+"
    # a paper a body put out, by what kind it is: "its half-year results", "a March 2023 research
    # note", "a draft AI bill", "the company's gender pay gap report for 2024" (not one the member
    # is to look up: "its annual report will show…")
    rf"|\b(?:[Tt]he\s[a-z]+['’]s|[Ii]ts|[Tt]heir|[Aa]n?)\s(?:(?:{MONTH}\s)?(?:19|20)\d{{2}}\s)?"
    r"(?:(?:draft|interim|half-year|full-year|quarterly|research|gender\spay\sgap|pay\sgap"
    r"|[A-Z]{2,4})\s){1,2}(?:report|note|results|bill|paper|briefing|guidance)\b"
    r"(?:\sfor\s(?:19|20)\d{2})?(?!\s(?:will|would|may|might|can|should)\b)"
    # a news agency or paper spoken to: "told Reuters", "told the Financial Times"
    r"|(?<=\btold\s)(?:Reuters|Bloomberg|Kyodo|the\s(?:[A-Z][a-z]+\s){0,2}"
    r"(?:Times|Post|Guardian|Telegraph|Economist|Journal|Shimbun)"
    r"|(?:the\s)?(?:BBC|CNN|AP|AFP|FT))\b"
    # a page's title after its publisher in a list of sources: "- Acas, "Holiday and leave""
    r"|(?:(?<=\n[-*•]\s)|(?<=\n\d\.\s))(?:[A-Z][\w.&’'-]*\s?){1,5},\s"
    r"[\"“](?P<listed>[^\"”\n]{3,80})[\"”]"
)
# What a body puts out, named by what it is: "Usdaw's 2024 survey", "the Commission's Q&A", "a
# Ministry of … survey found", "a survey by the Ministry of …", "issued guidelines on…".
DOCUMENT = (
    r"(?:survey|report|study|poll|analysis|guidelines|guidance|Q&A|review|statement|estimates?"
    r"|projections?|statistics|release|ruling|judgment|judgement|rules|final\srule|guide"
    r"|circular|fact\s?sheet|blog\spost|toolkit|handbook|tally)"
)
OWNED_DOCUMENT = re.compile(
    # the body's own: "Usdaw's 2024 survey", "the British Retail Consortium's crime survey",
    # "the International Labour Organization's 2015 Guidelines for a just transition"
    rf"\b(?P<owner>[A-Z][\w&.-]*)(?:['’]s|(?<=s)['’])\s(?P<dated>(?:{MONTH}\s)?(?:19|20)\d{{2}}\s)?"
    rf"(?P<doc>(?:[a-z-]+\s)?{DOCUMENT}\b"
    r"|(?:[A-Z][\w&-]*\s){0,3}(?:Survey|Report|Review|Index|Census)\sof\s[A-Z][\w&-]*(?:\s[A-Z][\w&-]*){0,3}"
    r"|(?:[A-Z][\w&-]*\s){0,5}(?:Guidelines|Guidance|Plan|Strategy|Principles|Recommendations)"
    r"(?:\s(?:for|on)\s(?:a\s|an\s|the\s)?[a-z]+(?:\s[a-z]+)?)?)"
    # after the body's name: "a Ministry of … survey found", "a Nikkei poll in July"
    r"|(?P<year>\b(?:19|20)\d{2}\s)?"
    r"\b(?!(?:A|An|The|One|Its|This|That|Our|Your|Their|Another)\b)"
    r"(?P<name>[A-Z][\w&-]*(?:\s(?:of|for)\s[A-Z][\w&-]*(?:\s[A-Z][\w&-]*){0,2})?)\s"
    r"(?P<after>(?:survey|report|study|poll|analysis|guidance|guidelines|figures|data|statistics))\b"
    # …and its edition or date in brackets: "HSE guidance (L23, fourth edition, 2016)"
    r"(?=\s(?:found|finds|shows?|showed|suggests?|suggested|estimated|estimates|reported|says"
    r"|said|of|on|in|from|published)\b|,|\.(?:\s|$)|\s\()"
    # before it: "a survey by the Ministry of Land, …"
    r"|\b(?:[Aa]n?|[Tt]he)\s(?:(?:recent|new|latest|national|annual)\s)?"
    r"(?P<by>survey|report|study|poll|analysis)(?=\sby\s(?:the\s)?[A-Z])"
    r"|\b(?:issued|issues|published|publishes|released|releases)\s(?:(?:new|updated|revised|its|their)\s)?"
    r"(?P<issued>guidelines|guidance|recommendations)\b(?!,?\s[*\"“])"  # not before its title
)
# Names before "'s" that are places or people's groups, not bodies.
NOT_OWNER = (
    r"(?:Japan|Britain|America|Europe|China|Korea|Germany|France|India|Scotland|England|Wales"
    r"|California|Tokyo|Osaka|It|What|That|There|Here|Today|Yesterday|Let|Last|This|Next"
    r"|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|May"
    r"|June|July|August|September|October|November|December)"
)
URL = re.compile(r"https?://[^\s<>\"'）)\]」]+|\bwww\.[^\s<>\"'）)\]」]+")


def find(text: str) -> Iterator[Candidate]:
    """Yield every claim an English rule proposes in `text`, less the numbers an example
    supposes ("if your hourly rate is ¥2,000", "for someone working 5 days a week")."""
    aliases: dict[str, str] = {}
    for candidate in _find(text):
        if candidate.kind in NUMERIC and SUPPOSED.search(
            text[max(0, candidate.start - 60) : candidate.start]
        ):
            continue
        if candidate.kind == "citation":
            # a document's date in brackets goes with it: "the Guardian (12 March 2025)",
            # "…: technical guidance" (updated 2024); a case's year is a date of its own, as the
            # sets written apart list it ("Bărbulescu v Romania (2017)")
            dated = DOCUMENT_DATE.match(text, candidate.end)
            case = re.search(r"\sv\.?\s", text[candidate.start : candidate.end])
            if dated and dated.end() > candidate.end and not case:
                candidate = Candidate("citation", candidate.start, dated.end(), candidate.key)
        if candidate.kind == "law":
            # a directive's number in brackets goes with it ("the Working Time Directive
            # (2003/88/EC)"), and so does a section cited after its Act ("…Act 2009, s 535")
            number = DIRECTIVE_NUMBER.match(text, candidate.end) or SECTION_AFTER.match(
                text, candidate.end
            )
            if number:
                candidate = Candidate("law", candidate.start, number.end(), candidate.key)
        if candidate.kind == "citation":
            # the period a body's figures are for goes with them: "statistics for 2023/24"
            period = STATISTICS_FOR.match(text, candidate.end)
            if period:
                candidate = Candidate("citation", candidate.start, period.end(), candidate.key)
        if candidate.kind in ("organisation", "law") and candidate.key is not None:
            # "the Equality and Human Rights Commission (EHRC)", then "the EHRC": one body
            acronym = re.search(r"\(([A-Z]{2,8})\)", text[candidate.start : candidate.end])
            if acronym:
                aliases[acronym.group(1).casefold()] = candidate.key
            candidate = Candidate(
                candidate.kind,
                candidate.start,
                candidate.end,
                aliases.get(candidate.key, candidate.key),
            )
        yield candidate


# Words a number only labels: a step, a category, a pay band.
LABEL = re.compile(
    r"\b(?:Step|Steps|Category|Categories|Band|Bands|Level|Levels|Stage|Tier|Phase|Option|Question"
    r"|Grade|Class|Scenario|Example|Case|Round|Key\sStage)\s(?:\d+\s?(?:[–-]|to|and)\s?)?$"
)
STATISTICS_FOR = re.compile(r"(?<=statistics)\sfor\s(?:19|20)\d{2}(?:[/–-]\d{2,4})?\b")
# a section cited after its Act: "the Fair Work Act 2009, s 535", "…Regulations 2009, reg 3.46"
SECTION_AFTER = re.compile(
    r",\s(?:s|ss|reg|regs|r|cl|para|art)\.?\s?\d+[A-Z]?(?:\.\d+)*(?:\(\w{1,3}\))*(?![\w.])"
)
DIRECTIVE_NUMBER = re.compile(r"\s\((?:Directive\s)?(?:19|20)?\d{2}/\d{1,4}/(?:EC|EU|EEC)\)")
# What dates a document, right after its name or title.
# A name before its own titled work: Barry Boehm's "Software Engineering Economics".
TITLE_OWNER = re.compile(r"['’]s\s[\"“][A-Z]")
DOCUMENT_DATE = re.compile(r"[\"”]?\s\((?=[^()\n]{0,40}(?:19|20)\d{2}\))[^()\n]{1,40}\)")


def _find(text: str) -> Iterator[Candidate]:
    """Every claim the English rules propose."""
    yield from spans(text, "money", MONEY)
    yield from spans(text, "date", DATE)
    yield from spans(text, "date", LONE_DATE, "when")
    for period in spans(text, "duration", DURATION):
        before = text[max(0, period.start - 50) : period.start]
        if (
            PER_PERIOD.match(text, period.end)
            or OVER_PERIOD.search(before)
            or HOW_OFTEN.search(before)
        ):
            # an amount per year or week is a figure, as 週40時間 is: "5.6 weeks of paid holiday
            # a year"
            yield Candidate("figure", period.start, period.end, period.key)
        else:
            yield period
    for match in FIGURE.finditer(text):
        candidate = trimmed(text, "figure", *match.span())
        if candidate is None or _list_marker(text, candidate):
            continue
        if LABEL.search(text, max(0, candidate.start - 20), candidate.start):
            continue  # "Step 2", "Category 1", "Bands 1–7": a label, not a number to check
        if re.match(r"100\s?(?:%|percent)$", match.group()) and re.match(
            r"\s(?!of\b)[a-z]{4,}", text[match.end() :]
        ):
            continue  # "100% private" is the absolute, not a share
        if match.group("words") and (
            instruction(text, match.start()) or TALK.search(match.group("words"))
        ):
            continue  # "Always keep two hands on the ladder", "**Three points of contact**"
        yield candidate
    yield from _laws(text)
    for body in spans(text, "organisation", ORGANISATION):
        if text[body.end - 2 : body.end] in ("'s", "’s"):  # "the Ministry of …'s criteria"
            body = trimmed(text, "organisation", body.start, body.end - 2) or body
        elif text[body.end - 2 : body.end] in ("s'", "s’"):  # "the Bureau of Labor Statistics' …"
            body = trimmed(text, "organisation", body.start, body.end - 1) or body
        yield body
    yield from orgs_en.find(text)
    for match in ORG_INTRO.finditer(text):
        name = next(g for g in ("org", "body", "named") if match.group(g))
        found = trimmed(text, "organisation", *match.span(name))
        if found is not None:
            yield found
    for match in ORG_PLACE.finditer(text):
        name = next(
            g for g in ("acro", "placed", "owner", "joined", "long", "one") if match.group(g)
        )
        before = text[max(0, match.start() - 30) : match.start()]
        if (name == "joined" and re.search(r"[A-Z][\w.]*\s$", before)) or (
            name == "long"
            and re.search(r"\b(?:Dr|Prof|Professor|Mr|Mrs|Ms|Sir|Dame)\.?\s$", before)
        ):
            continue  # "Dr. Jane Smith of Oxford University found": a person and their place
        found = trimmed(text, "organisation", *match.span(name))
        if found is not None:
            yield found
    for match in OFFICE.finditer(text):
        office = match.group("office")
        yield Candidate("person", *match.span("office"), OFFICE_KEY + normal(office))
    said = [
        Candidate("person", *match.span(), normal(match.group()))
        for match in SAID_NAME.finditer(text)
        if is_given_name(match.group("given"))
    ]
    for candidate in [
        *spans(text, "person", PERSON),
        *spans(text, "person", ROLE_NAME, "name"),
        *said,
    ]:
        if _named_thing(text, candidate):
            continue  # "Statutory Sick Pay (SSP)", "the Working Time Directive (Directive …)"
        if TITLE_OWNER.match(text, candidate.end) and re.search(
            r"[A-Z][\w-]*\s$", text[max(0, candidate.start - 30) : candidate.start]
        ):
            continue  # "the National Low Income Housing Coalition's "Out of Reach"": a body's
        if not text[max(0, candidate.start - 5) : candidate.start].endswith("Dear "):
            yield candidate  # "Dear Ms Ito," greets the reader: nothing to check
    for match in QUOTE.finditer(text):
        group = next(g for g in (1, 2, 3, 4) if match.group(g))
        start, end = match.span(group)
        end -= text[end - 1] == ","  # "…for help," said the secretary: the comma is not quoted
        yield Candidate("quote", start, end, normal(text[start:end]))
    for match in CITATION.finditer(text):
        # A quoted title is the title alone, without the comma before it.
        title = next(
            (
                g
                for g in (
                    "title",
                    "paren",
                    "closed",
                    "dated",
                    "named",
                    "italic",
                    "italic2",
                    "italic3",
                    "italic4",
                    "listed",
                )
                if match.group(g)
            ),
            None,
        )
        span = match.span(title) if title else match.span()
        found = trimmed(text, "citation", *span)
        if found is not None:
            yield found
    for match in OWNED_DOCUMENT.finditer(text):
        part = next(g for g in ("doc", "after", "by", "issued") if match.group(g))
        start, end = match.span(part)
        if match.group("dated") and match.group("doc")[0].islower():
            # a dated study keeps its year ("Usdaw's 2024 survey"); a title is found by its title
            start = match.start("dated")
        if match.group("year"):
            # a dated study is one citation with its year, as the conventions say: "a 2023
            # TUC survey"
            yield Candidate("citation", match.start("year"), end, normal(text[match.start() : end]))
            continue
        if match.group("after") == "report" and NEWS.fullmatch(match.group("name")):
            # "a Reuters report" is the agency's article, one citation; "a Nikkei poll" is a
            # survey the paper ran, a body and its document
            start = match.start("name")
        if match.group("issued"):
            # when it was issued goes with it: "issued guidance in May 2023"
            dated = re.match(rf"\sin\s(?:{MONTH}\s)?(?:19|20)\d{{2}}\b", text[end : end + 30])
            end += dated.end() if dated else 0
        found = trimmed(text, "citation", start, end)
        if found is not None:
            # "HSE guidance" and "HSE's guidance (L23)" are two documents, not one repeated
            yield Candidate("citation", found.start, found.end, normal(text[match.start() : end]))
        owner = match.group("owner")
        if match.group("after") and re.fullmatch(r"[A-Z]{2,6}", match.group("name")):
            owner = match.group("name")  # "HSE guidance": the body and its document
            if not re.fullmatch(NOT_BODY, owner):
                yield Candidate("organisation", *match.span("name"), normal(owner))
            continue
        before = text[max(0, match.start() - 20) : match.start()]
        if re.search(r"[A-Z][\w.]*\s$", before):
            continue  # "Jane Smith's report", "Professor Smith's study": a person's, not a body's
        if owner and not re.fullmatch(rf"{NOT_OWNER}|{NOT_BODY}|[A-Z][a-z]{{0,2}}", owner):
            yield Candidate("organisation", *match.span("owner"), normal(owner))
    yield from spans(text, "url", URL)
    yield from _attributed_quotes(text)
    for match in SIGNATURE.finditer(text):
        if not _named_thing(text, Candidate("person", *match.span("name"))):
            name = match.group("name")
            if not name.endswith(("Jr.", "Sr.")):
                name = name.rstrip(".")  # the full stop ends the sentence, not "Jr."
            start = match.start("name")
            yield Candidate("person", start, start + len(name), SAYER_KEY + normal(name))
    yield from absolutes(text, *quotations(text))
    for match in RECORD.finditer(text):
        # the numbers inside a record ("in 41 years", "since 1991") go with it
        yield Candidate("absolute", *match.span(), RECORD_KEY + normal(match.group()))


def _laws(text: str) -> Iterator[Candidate]:
    """Law names, once: a short name and a formal one side by side are the same law."""
    found = list(spans(text, "law", LAW))
    for candidate in found:
        name = text[candidate.start : candidate.end]
        before = text[max(0, candidate.start - 8) : candidate.start]
        after = text[candidate.end : candidate.end + 3].lstrip()
        formal = bool(re.search(r"\d", name))
        if not formal and re.search(r"(?:Act|Law|法|規則|法令)\s?[(（]$", before):
            continue  # "AI規則(AI Act)": the name in brackets restates the one before
        if re.search(
            r"[(（](?:often\s|commonly\s|also\s|usually\s)?(?:called|known\sas|referred\sto\sas)"
            r"\s(?:the\s)?$",
            text[max(0, candidate.start - 40) : candidate.start],
        ):
            continue  # "(often called the AI Promotion Act)": the law just named, by its short name
        if (
            not formal
            and after.startswith(("(", "（", ","))
            and any(
                0 < other.start - candidate.end <= 3
                and re.search(r"\d", text[other.start : other.end])
                for other in found
            )
        ):
            continue  # "the EU AI Act (Regulation (EU) 2024/1689)", "the X Directive, Directive
            # (EU) 2019/1937,": keep the formal citation
        yield candidate


# Quoted words in a sentence that says who said or wrote them, wherever it says so ("Northbridge
# said in a statement that it had offered a 4.5% rise, "well above inflation," and…").
ATTRIBUTED = re.compile(
    r"\b(?:said|says|stated|told|wrote|writes|argued|argues|claimed|announced"
    r"|ruled|concluded|described|declared|warned|insisted|according\sto|put\sit|responded|replied"
    r"|commented|added|quoted\sas\ssaying|defines|defined"
    # what someone called something: "calling it "…"", "called the striking miners "…""
    r"|call(?:ed|ing)\s(?:it|them|him|her|this|that|these|those|the\s[a-z]+(?:\s[a-z]+)?)"
    r"|classified|classifies)\b",
    re.I,
)
# Quoted words signed after them, as a list of sayings gives them: "…" (Eleanor Roosevelt),
# "…" — Joe Hill, "…" (first used by the Knights of Labor in the 1880s).
SIGNED = re.compile(r"[\"”]\s?(?:\((?:[a-z]+\s){0,3}(?:by\s(?:the\s)?)?|[—–]\s?)[A-Z][a-z]")
# …and the person signing them, the name at the start of the signature.
SIGNATURE = re.compile(
    r"[\"”]\s?(?:\(|[—–]\s?)(?P<name>[A-Z][\w'’.-]+(?:\s(?:[A-Z][\w'’.-]+|and|van|de|von))*"
    r"\s[A-Z][\w'’.-]+)"
)
# A sentence that cites a provision quotes its wording ("…"without undue delay" (Article 33(2))),
# three words or more: "legitimate interests" is the name of a ground, a term.
PROVISION = re.compile(r"\b(?:Article|Section|Regulation|Rule)\s\d+")
QUOTED = re.compile(r"[\"“]([^\"”\n]{8,300})[\"”]")
NOT_QUOTE_BEFORE = re.compile(
    r"(?:,\s|\b(?:published|released|issued|titled|entitled|called|release|report|bulletin"
    r"|publication|paper|article|book|guide|briefing|survey|study|review|series|dataset|database)\s)$"
)

# …or after it: "Out of Reach 2024" report, "Software Engineering Economics" (1981), a title alone
# in brackets ("The State of the Nation's Housing 2024")
NOT_QUOTE_AFTER = re.compile(
    r"[\"”](?:\s(?:report|survey|study|paper|book|guide|briefing|bulletin|series|review|statistics"
    r"|dataset|database)\b"
    r"|\s\((?:1[6-9]|20)\d{2}\)|\))"
)


def _attributed_quotes(text: str) -> Iterator[Candidate]:
    """Words of two or more in quotation marks, in a sentence that names who said them."""
    for line in re.finditer(r"[^\n]+", text):
        body = line.group()
        for match in QUOTED.finditer(body):
            words = match.group(1)
            before = body[max(0, match.start() - 20) : match.start()]
            after = NOT_QUOTE_AFTER.match(body, match.end() - 1)
            title_after = after is not None and (len(after.group()) > 2 or before.endswith("("))
            if " " not in words.strip() or (
                (NOT_QUOTE_BEFORE.search(before) or title_after) and words[:1].isupper()
            ):
                continue  # a single word in quotation marks is a term; a title is a citation
            # the sentence around the quotation: back to the last full stop before it, on to the
            # first after it
            opening = max(body.rfind(mark, 0, match.start()) for mark in (". ", "! ", "? "))
            closing = min(
                (i for i in (body.find(m, match.end()) for m in (". ", "! ", "? ")) if i >= 0),
                default=len(body),
            )
            sentence = body[opening + 1 : match.start()] + " " + body[match.end() : closing]
            cited = PROVISION.search(sentence) and words.strip().count(" ") >= 2
            if not (ATTRIBUTED.search(sentence) or cited or SIGNED.match(body, match.end() - 1)):
                continue
            start, end = line.start() + match.start(1), line.start() + match.end(1)
            end -= text[end - 1] == ","  # "…above inflation," and: the comma is not quoted
            yield Candidate("quote", start, end, normal(text[start:end]))


# Last words that make a capitalised name a thing, not a person.
THING_END = re.compile(
    r"\b(?:Directive|Act|Regulations?|Bill|Code|Law|Pay|Wage|Leave|Allowance|Agreement|Convention"
    r"|Treaty|Rule|Rules|Fund|Scheme|Service|Index|Survey|Report|Plan)$"
)


def _named_thing(text: str, candidate: Candidate) -> bool:
    """Is this "name" a law, a benefit or a scheme: its last word says so, or the acronym in
    brackets after it spells its initials ("Statutory Sick Pay (SSP)")?"""
    name = text[candidate.start : candidate.end]
    if THING_END.search(name):
        return True
    bracket = re.match(r"\s\(([A-Z]{2,8})\)", text[candidate.end : candidate.end + 12])
    if bracket is None:
        return False
    words = re.findall(r"[A-Z][a-z]*", text[max(0, candidate.start - 40) : candidate.end])
    initials = "".join(w[0] for w in words)
    return initials.endswith(bracket.group(1))


def _list_marker(text: str, candidate: Candidate) -> bool:
    """Is this number the "1." or "2)" that numbers a list item?"""
    line_start = text.rfind("\n", 0, candidate.start) + 1
    before = text[line_start : candidate.start].strip(" -*#")  # "### 2. Deadline" too
    after = text[candidate.end : candidate.end + 1]
    return before == "" and after in (".", ")")


def quotations(text: str) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """Spans in quotation marks, and those of them attributed to someone."""
    quoted = [m.span() for m in re.finditer(r"[\"“][^\"”\n]*[\"”]", text)]
    # a draft the answer writes out in quotation marks, over several lines, is material too
    quoted += [m.span() for m in re.finditer(r"(?<=:\n)\n?[\"“][^\"”]{20,3000}?[\"”]", text)]
    attributed = [m.span(next(g for g in (1, 2, 3, 4) if m.group(g))) for m in QUOTE.finditer(text)]
    return quoted, attributed
