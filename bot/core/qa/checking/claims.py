"""The vocabulary of a checklist: claim kinds, a claim, a rule's proposal, and span helpers."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Literal, get_args

Kind = Literal[
    "figure",
    "money",
    "date",
    "duration",
    "law",
    "person",
    "organisation",
    "quote",
    "citation",
    "url",
    "absolute",
]
KINDS: tuple[Kind, ...] = get_args(Kind)

# Numbers never stand alone in a checklist when a document or link already holds them: a year
# inside a report's title is checked by checking the report.
NUMERIC: frozenset[str] = frozenset({"figure", "money", "date", "duration"})
CONTAINERS: frozenset[str] = frozenset({"law", "citation", "url"})
# When two numeric spans overlap, the more specific reading wins (¥300,000 is money, not a count).
NUMERIC_RANK = {"money": 0, "date": 1, "duration": 2, "figure": 3}
# The kinds that name where a claim comes from; a law's own name does not count as a source.
SOURCING: frozenset[str] = frozenset({"organisation", "citation", "url", "person"})
NEEDS_SOURCE: frozenset[str] = frozenset(
    {"figure", "money", "duration", "quote", "absolute", "law"}
)

# The key of a record ("the fastest increase in 41 years"): the numbers inside it go with it.
RECORD_KEY = "record:"
# The key of an office standing for its holder ("the Chancellor"): a person, but no named source.
OFFICE_KEY = "office:"

# The key of a public office named as where a member turns ("労働基準監督署", "ハローワーク"):
# a body, but no one who stands behind the answer.
COUNTER_KEY = "counter:"

# The key of the person who signs a saying ("…" — Joe Hill, 「…」：三波春夫の言葉): the source of
# those words only, not of the answer's other claims.
SAYER_KEY = "sayer:"

MAX_CHARS = 4000
# English month names, as the English rules write them.
MONTH_EN = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November"
    r"|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.?(?!\sDay\b)"
)


@dataclass(frozen=True)
class Claim:
    """A span of the pasted text that states something checkable."""

    text: str
    kind: Kind
    start: int  # character offsets into the text as the member pasted it
    end: int
    # False for a source that names no one to ask: an office ("厚生労働大臣"), a vague source
    # ("ある調査"), a body named only as where to turn ("国民生活センターに相談", "complain to
    # HMRC"), and for one only the learned tagger proposed (whether the answer names its sources
    # stays the rules' judgement)
    names_source: bool = True


@dataclass(frozen=True)
class Candidate:
    """A span one rule proposed; `key` groups repeated mentions of the same thing."""

    kind: Kind
    start: int
    end: int
    key: str | None = None


def needs_source_note(claims: Iterable[Claim]) -> bool:
    """Say whether the answer makes claims that need a source but names none."""
    claims = list(claims)
    kinds = {claim.kind for claim in claims}
    sources = {claim.kind for claim in claims if claim.names_source}
    return bool(kinds & NEEDS_SOURCE) and not sources & SOURCING


def normal(text: str) -> str:
    """Fold width and case so that repeated mentions compare equal."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text)).strip().casefold()


def spans(
    text: str, kind: Kind, pattern: re.Pattern[str], group: int | str = 0
) -> Iterator[Candidate]:
    """Yield a candidate for each match of `pattern` (or of one of its groups)."""
    for match in pattern.finditer(text):
        start, end = match.span(group)
        if start >= 0:
            found = trimmed(text, kind, start, end)
            if found is not None:
                yield found


def trimmed(text: str, kind: Kind, start: int, end: int) -> Candidate | None:
    """A candidate for text[start:end], without trailing spaces and punctuation."""
    while end > start and text[end - 1] in " \t\n,.;:、。，":
        end -= 1
    return Candidate(kind, start, end, normal(text[start:end])) if end > start else None
