"""A date that dates a document, a law or a record goes with it: the member finds the document
by its date, and a record's first year is part of what it says.

- 「…ガイドライン」（2013年）, "…" (updated 2024), the Guardian (12 March 2025): a document's
  date in brackets after it;
- 2023年に公表した「…」, 1966年度の「…調査」, "the 2024 NHS Staff Survey", "a working paper from
  2018": a dated document;
- "the Civil Service Reform Act of 1978", "the General Retail Industry Award 2020": a law's year;
- 1991年以来33年ぶりの高水準, 統計を取り始めた1954年度以降で過去最高: a record counted from a
  year (the year a record was set in, 2023年度に過去最多, stays a date).

A newspaper or a news site named with a day's date in brackets ("日本経済新聞（2024年5月18日付）",
"the Northern Ledger (14 March 2024)") is the article to find: a citation, whatever the name was
first read as.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import replace

from bot.core.qa.checking.claims import RECORD_KEY, Candidate

DOCUMENTS = frozenset({"citation", "law"})
NEAR = 24  # how far from a claim a date that dates it can stand
REACH = 300  # how far before a date a claim holding it can start
CLOSES = {"」": "「", "』": "『", "”": "“", '"': '"'}

# What lies between a document and a date in brackets after it: 」（, (updated , （TALIS , or a
# comma inside the document's own brackets (『労働と社会』第58巻、2024年）).
BRACKET_BEFORE = re.compile(
    r"[」』\"”*_]*\s*[（(](?:[^（）()\n。]{0,12}?\s?)?"
    r"(?:updated|published|revised|covering|as of)?\s*$"
    r"|^[、,]\s*$",
    re.I,
)
BRACKET_AFTER = re.compile(
    r"\s*(?:付|公表|改定|改訂|発表|更新|版|施行|閣議決定|決定|公開|策定|発行)?\s*[）)]"
)
# A day's date, not a year alone: a court case's year ("Bărbulescu v Romania (2017)") stays apart.
DAY = re.compile(
    r"\d{1,2}月|\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\b"
    r"|\d{4}[-/]\d{1,2}[-/]\d{1,2}"
)
# What lies between a date and the document it dates, in Japanese and in English.
LEADS_JA = re.compile(
    r"(?:年度?)?(?:版)?(?:の|に(?:公表|発表|実施|改定|改訂|策定|発行|公開)(?:した|された)|に(?:行っ|まとめ|出し)た)?"
    r"[「『（(]?"
)
LEADS_EN = re.compile(r"(?:\s(?:[A-Z][\w&'’-]*\s){0,3}|\s?)")
TRAILS = {"citation": re.compile(r"\sfrom\s"), "law": re.compile(r"\s(?:of\s)?")}
# What lies between a year and the record counted from it.
SINCE = re.compile(r"(?:年度?)?(?:以来|以降)で?")
# A court case's year stays a claim of its own (Bărbulescu v Romania (2017), 2020年10月15日の
# 日本郵便事件判決): the member checks when the court ruled, as the conventions list it.
CASE = re.compile(r"\sv\.?\s|事件|判決|\bCir\.")


def attach_dates(text: str, candidates: list[Candidate]) -> list[Candidate]:
    """Fold each date that dates a neighbouring document, law or record into it."""
    dates = sorted((c for c in candidates if c.kind == "date"), key=lambda c: c.start)
    others = sorted((c for c in candidates if c.kind != "date"), key=lambda c: c.start)
    starts = [c.start for c in others]
    kept_dates: list[Candidate] = []
    for date in dates:
        # only claims that start near the date can hold it: a long paste must not cost n²
        first = bisect.bisect_left(starts, date.start - REACH)
        last = bisect.bisect_right(starts, date.end + NEAR)
        for i in range(first, last):
            other = others[i]
            grown = _attach(text, date, other)
            if grown is not None:
                # `starts` keeps the claim's first start: a grown claim starts at most NEAR
                # earlier, well inside the window a later date searches
                others[i] = grown
                break
        else:
            kept_dates.append(date)
    return [*others, *kept_dates]


def _attach(text: str, date: Candidate, other: Candidate) -> Candidate | None:
    """`other` grown to hold `date`, or None where the date is not its own."""
    if other.end < date.start - NEAR or other.start > date.end + NEAR:
        return None
    if CASE.search(text, other.start, other.end):
        return None
    if other.kind in DOCUMENTS and other.start < date.end and date.start < other.end:
        if date.start <= other.start and other.end <= date.end:
            return None  # a "document" no longer than the date is the date misread
        return replace(other, start=min(other.start, date.start), end=max(other.end, date.end))
    if other.end <= date.start:
        between = text[other.end : date.start]
        closing = BRACKET_AFTER.match(text, date.end)
        if closing and BRACKET_BEFORE.search(between):
            if other.kind in DOCUMENTS:
                # a title read without its marks takes them back with its date:
                # 「…ガイドライン」（2013年）, not …ガイドライン」（2013年）
                start = other.start
                if start > 0 and between[:1] in CLOSES and text[start - 1] == CLOSES[between[0]]:
                    start -= 1
                return replace(other, start=start, end=closing.end())
            if (
                other.kind in ("organisation", "person")
                and _is_day(text, date)
                and re.fullmatch(r"\s*[（(]", between)
            ):
                return replace(other, kind="citation", end=closing.end())
        trail = TRAILS.get(other.kind)
        if trail is not None and trail.fullmatch(between):
            return replace(other, end=date.end)
        return None
    if date.end <= other.start:
        between = text[date.end : other.start]
        if other.kind == "citation" and (
            LEADS_JA.fullmatch(between) or LEADS_EN.fullmatch(between)
        ):
            return replace(other, start=date.start)
        record = other.kind == "absolute" or (
            other.key is not None and other.key.startswith(RECORD_KEY)
        )
        if record and SINCE.fullmatch(between):
            return replace(other, start=date.start)
    return None


def _is_day(text: str, date: Candidate) -> bool:
    """Does the date name a day or a month, not a year alone?"""
    return bool(DAY.search(text, date.start, date.end))
