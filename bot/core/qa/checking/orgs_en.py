"""Organisations in English named by where they stand in a sentence, not by a word in their name:
"Usdaw, the shop workers' union,", "a report by Public Citizen", "fined H&M", "the Hamburg data
protection authority", "the Royal College of Nursing (RCN)"."""

from __future__ import annotations

import re
from collections.abc import Iterator

from bot.core.qa.checking.claims import Candidate, normal, trimmed

NAME = r"[A-Z][\w&'’-]*(?:\s(?:[A-Z][\w&'’-]*|of|for|and|&)){0,4}(?<!\sof)(?<!\sfor)(?<!\sand)"
# What a body is, said right after its name: "Logiway UK, a parcel company,"
KIND = (
    r"(?:company|union|charity|firm|retailer|insurer|regulator|watchdog|employer|group"
    r"|association|consultancy|platform|operator|supplier|manufacturer|chain|bank|lender"
    r"|think tank|think-tank|federation|confederation|body|non-profit|nonprofit|NGO|agency"
    r"|organi[sz]ation|campaign|trade body|publisher|broadcaster|airline|carmaker|supermarket)"
)
# Words that open a sentence or a clause and are no one's name.
NOT_NAME = r"(?:The|A|An|In|On|At|By|For|From|Under|This|That|These|Those|It|Its|If|When|While|As)"
ORGANISATION = re.compile(
    # in apposition: "Usdaw, the shop workers' union, said", "Logiway UK, a parcel company,"
    rf"(?<![\w&'’-])(?!{NOT_NAME}\b)(?P<apposed>{NAME}),\s(?:a|an|the)\s(?:[\w'’-]+\s){{0,4}}?{KIND}"
    r"(?=[,.;)]|\s(?:that|which|who|based|with)\b)"
    # the body a document is by: "a 2024 report by Public Citizen"
    r"|\b(?:report|study|survey|analysis|poll|review|audit|index|estimate)\sby\s(?:the\s)?"
    rf"(?!(?:Dr|Prof|Professor|Mr|Mrs|Ms|Sir|Dame)\b)(?P<by>{NAME})"
    # (not a list of authors: "a study by Martin Hale, Sofia Reyes and …")
    r"(?=,(?!\s[A-Z])|[.;]|\s(?:estimated|found|finds|shows?|showed|suggests?|said|says|in|of|on)\b)"
    # the body a regulator fined or a worker sued: "fined H&M €35.3 million"
    r"|(?:(?<=\bfined\s)|(?<=\bsued\s))(?!(?:The|A|An|It|Him|Her|Them)\b)"
    r"(?P<fined>[A-Z][\w&'’-]*(?:\s[A-Z][\w&'’-]*){0,3})"
    # an authority named by its place and what it oversees: "the Hamburg data protection
    # authority", "the Dutch competition authority"
    r"|(?<=\bthe\s)(?P<placed>[A-Z][a-z]+(?:\s[a-z]+){1,3}\s(?:authority|regulator|watchdog"
    r"|inspectorate|ombudsman))\b"
)


# A name given with its acronym in brackets, whose capitals spell it: "the Royal College of
# Nursing (RCN)", "the NHS Pay Review Body (NHSPRB)". A law, a benefit, a document or a scheme
# introduced so ("Statutory Sick Pay (SSP)", "the Minimum Basic Agreement (MBA)") is not a body.
ACRONYM = re.compile(r"\(([A-Z][A-Z-]{1,9})\)")
NAME_WORD = re.compile(r"[A-Z][\w&'’-]*|of|for|and|the|on|in|&")
NOT_BODY = re.compile(
    r"\b(?:Directive|Act|Regulations?|Bill|Code|Law|Pay|Wage|Leave|Allowance|Agreement|Convention"
    r"|Treaty|Rules?|Scheme|Index|Survey|Report|Plan|Programme|Program|Credit|Benefit|Order"
    r"|Insurance|Certificate|Statement|Assessment|Standards?|Framework|Strategy|Guidance|Policy"
    r"|Principles|Model|Test|Number|Account|Tax|Relief|Employment|Record|Notice)$"
)
LAW_WORD = re.compile(r"\b(?:Act|Bill|Directive|Regulations?|Convention|Code)\b")
SKIP = frozenset({"of", "for", "and", "the", "on", "in", "&"})


def find(text: str) -> Iterator[Candidate]:
    """Yield each body this module's rules name in `text`."""
    for match in ORGANISATION.finditer(text):
        group = next(g for g in ("apposed", "by", "fined", "placed") if match.group(g))
        found = trimmed(text, "organisation", *match.span(group))
        if found is not None:
            yield found
    for match in ACRONYM.finditer(text):
        start = _spelled(text, match.start(), match.group(1).replace("-", ""))
        if start is not None:
            yield Candidate("organisation", start, match.end(), normal(text[start : match.end()]))


def _spelled(text: str, bracket: int, acronym: str) -> int | None:
    """Where the name before `bracket` starts, if its capitals spell `acronym` (two words or
    more), and it names a body."""
    words = list(re.finditer(r"\S+", text[max(0, bracket - 120) : bracket]))
    offset = max(0, bracket - 120)
    if not words or text[offset + words[-1].end() : bracket] != " ":
        return None
    spelled, count = "", 0
    for word in reversed(words):
        plain = re.sub(r"['’]s?$", "", word.group())
        if not NAME_WORD.fullmatch(plain):
            return None
        if plain in SKIP:
            continue
        spelled = (plain if plain.isupper() else plain[0]) + spelled
        count += 1
        if spelled == acronym:
            start = offset + word.start()
            name = text[start:bracket].strip()
            if count < 2 or NOT_BODY.search(name) or LAW_WORD.search(name):
                return None
            return start
        if not acronym.endswith(spelled):
            return None
    return None
