"""Find the claims in a pasted AI answer that are worth checking (figures, laws, names…):
every rule proposes spans, then overlaps, repeats and worked-example inputs are settled."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator
from dataclasses import replace
from typing import Any

from bot.core.qa.checking import find_en, find_ja, tagger
from bot.core.qa.checking.claims import (
    CONTAINERS,
    COUNTER_KEY,
    MAX_CHARS,
    NUMERIC,
    NUMERIC_RANK,
    OFFICE_KEY,
    RECORD_KEY,
    SAYER_KEY,
    Candidate,
    Claim,
)
from bot.core.qa.checking.dating import attach_dates


def extract_claims(text: str, model: Any | None = None) -> list[Claim]:
    """Return the claims worth checking in `text`, in the order they appear (`model`: a learned
    tagger other than the installed one, for cross-validation)."""
    text = text[:MAX_CHARS]
    candidates = [*find_ja.find(text), *find_en.find(text)]
    # The learned tagger speaks only where no rule proposed anything: a rule's span, kept or
    # dropped on purpose (a number inside a quote, a topic sentence), stays the rule's call. A
    # document or a sweeping statement the tagger finds around a rule's number or date ("a March
    # 2023 note", "the all-time peak was 1979") holds it, as the rules' own citations do.
    learned = {
        c
        for c in tagger.find(text, model)
        if not any(r.start < c.end and c.start < r.end and not _holds(c, r) for r in candidates)
    }
    chosen = resolve(text, [*candidates, *learned])
    # Whether the answer names its sources stays the rules' judgement: a body or a document the
    # tagger adds is listed to check, but does not silence the note that no source is given.
    return [
        Claim(
            text[c.start : c.end],
            c.kind,
            c.start,
            c.end,
            c not in learned and _names_source(text, c),
        )
        for c in chosen
    ]


def _holds(learned: Candidate, rule: Candidate) -> bool:
    """Does the tagger's citation or sweeping statement hold the rule's number or date whole?"""
    return (
        learned.kind in ("citation", "absolute")
        and rule.kind in NUMERIC
        and learned.start <= rule.start
        and rule.end <= learned.end
    )


# Where a member is told to turn, not who says so: 国民生活センターに相談, "complain to HMRC".
TURN_TO_JA = re.compile(
    r"(?:に|へ|まで)(?:相談|問い合わせ|問合せ|連絡|請求|申請|申し立て|通報|届け出|届出)"
)
TURN_TO_EN = re.compile(
    r"\b(?:complain|report(?:ed)?|apply|appeal|write|talk|speak|turn|go|escalate|contact)"
    r"(?:\s(?:it|this|them))?\s(?:to\s)?(?:the\s)?$",
    re.I,
)


# A source left vague names no one to ask: ある調査, 最近の研究, 専門家の間では, …との試算,
# …と言われています, "One study found", "Research shows", "Experts say", "Surveys consistently
# show".
VAGUE = re.compile(
    r"ある|(?:最新|最近|近年|海外|複数|多く)の|専門家|という|との|と(?:も)?言われ|通説"
    rf"|{find_ja.PASSIVE_SOURCE}"
    r"|(?:研究|調査|各種調査)(?:によれば|によると)"
    r"|(?:(?:19|20)\d{2}年(?:\d{1,2}月)?に)?(?:行われた|実施された)"
    r"|(?:[Oo]ne|[Aa]n?|[Aa]nother)\s"
    r"|(?:(?:[Mm]any|[Mm]ost|[Ss]ome)\s)?(?:[Rr]esearch|[Ss]tudies|[Ss]urveys|[Pp]olls|[Ee]xperts"
    r"|[Ee]conomists|[Aa]nalysts|[Ss]cientists|[Rr]esearchers|(?:[Ee]mployment\s|[Ll]abou?r\s)?[Ll]awyers"
    r"|[Cc]ommentators|[Cc]ritics|[Oo]bservers|[Hh]istorians)$"
    r"|[Hh]istory\s|has\sbeen\sshown|(?:is\s|are\s)?(?:widely|often|commonly)\s"
    r"|[Ii]t(?:['’]s|\sis)\s|according\sto\s(?:one|some|many|several)\s|by\s(?:most|some|many)\s"
    r"|[Cc]ourts\s|[Oo]ne\sstudy|[^、。]*を対象(?:に|と)した"
    r"|そうです"
)


def _names_source(text: str, candidate: Candidate) -> bool:
    """Does this claim name someone who stands behind the answer? An office, a vague source or a
    body named only as where to turn does not."""
    if candidate.key is not None and candidate.key.startswith((OFFICE_KEY, COUNTER_KEY, SAYER_KEY)):
        return False
    if candidate.kind == "citation" and VAGUE.match(text[candidate.start : candidate.end]):
        return False  # ある調査, "One study found", "a 2024 survey", "told a trade magazine"
    if candidate.kind == "organisation":
        before = text[max(0, candidate.start - 30) : candidate.start]
        if TURN_TO_JA.match(text, candidate.end) or TURN_TO_EN.search(before):
            return False
    return True


def resolve(text: str, candidates: list[Candidate]) -> list[Candidate]:
    """Choose among overlapping proposals and drop repeats; return them in text order."""
    # A sentence that announces the topic ("EUのAI規則についてご説明します。") mentions a law or a
    # body without claiming anything of it; a year it gives ("2024年度の…") is still a claim.
    # A number inside a law or a title goes with it even where the sentence only announces the
    # topic ("an overview of the Directive (Directive 2003/88/EC)").
    containers = [c for c in candidates if c.kind in CONTAINERS]
    candidates = [c for c in candidates if not _inside_container(c, containers)]
    topics = find_ja.topic_sentences(text)
    kept = [
        c
        for c in candidates
        if c.kind in NUMERIC or not any(a <= c.start and c.end <= b for a, b in topics)
    ]
    givens = {c.key for c in kept if c.kind in NUMERIC and _worked_input(text, c.start)}
    # A sum's result stays a claim where it is reused ("¥300,000 ÷ 160 = ¥1,875", then
    # "¥1,875 × 1.25 = …"): the member recomputes it.
    givens -= {c.key for c in kept if c.kind in NUMERIC and _worked_result(text, c.start)}
    # The givens of a worked example ("時給1,500円の方が…" then "1,500円 × 1.25 = …") are
    # inputs wherever they appear; only the result is a claim.
    kept = [c for c in kept if not (c.kind in NUMERIC and c.key in givens)]
    kept = _merge_same_kind(kept)
    kept = _resolve_numbers(kept)
    kept = attach_dates(text, kept)
    # A number or an absolute inside someone's quoted words is checked by checking the quotation.
    quotes = [(c.start, c.end) for c in kept if c.kind == "quote"]
    kept = [
        c
        for c in kept
        if not (
            (c.kind in NUMERIC or c.kind == "absolute") and any(a <= c.start < b for a, b in quotes)
        )
    ]
    # "a week's pay for every year of service" is an amount, not a sweeping claim as well.
    amounts = [(c.start, c.end) for c in kept if c.kind == "money"]
    kept = [
        c
        for c in kept
        if not (c.kind == "absolute" and any(a <= c.start and c.end <= b for a, b in amounts))
    ]
    # "100% private" is one absolute claim, not a share as well; so is a record with its years.
    absolutes = {(c.start, c.end) for c in kept if c.kind == "absolute"}
    records = [(c.start, c.end) for c in kept if c.key is not None and c.key.startswith(RECORD_KEY)]
    kept = [
        c
        for c in kept
        if not (c.kind == "figure" and any(a == c.start and c.end < b for a, b in absolutes))
        and not (c.kind in NUMERIC and any(a <= c.start and c.end <= b for a, b in records))
    ]
    # An office names its body ("人事院総裁", "the Secretary of State for Health"): the body is
    # part of the office, not a source of its own.
    offices = [(c.start, c.end) for c in kept if c.key is not None and c.key.startswith(OFFICE_KEY)]
    kept = [
        c
        for c in kept
        if not (c.kind == "organisation" and any(a <= c.start and c.end <= b for a, b in offices))
    ]
    # A name or a number inside an organisation's name ("4 Day Week Global") goes with it.
    bodies = _Taken()
    for c in sorted((c for c in kept if c.kind == "organisation"), key=lambda c: c.start):
        bodies.take(c.start, c.end)  # disjoint: merged above
    kept = [
        c for c in kept if not (c.kind in ("person", "figure") and bodies.overlaps(c.start, c.end))
    ]
    kept = [_closed(text, c) for c in kept]
    return list(_first_mentions(sorted(kept, key=lambda c: (c.start, c.end))))


# Brackets a claim can open and the text close right after it.
PAIRS = {"「": "」", "『": "』", "（": "）", "(": ")", "“": "”"}


def _closed(text: str, candidate: Candidate) -> Candidate:
    """The claim with the bracket it opens closed, where the text closes it right after
    (賞与「2.5か月分」, 2024年10月に公表した「…」), so that what the member reads is balanced."""
    words = text[candidate.start : candidate.end]
    after = text[candidate.end : candidate.end + 1]
    for opening, closing in PAIRS.items():
        if after == closing and words.count(opening) > words.count(closing):
            return replace(candidate, end=candidate.end + 1)
    return candidate


def _worked_input(text: str, position: int) -> bool:
    """Is this number an input of a worked sum ("1,500円 × 1.25 = …")? Only the result counts."""
    line_start = text.rfind("\n", 0, position) + 1
    line_end = text.find("\n", position)
    line = text[line_start : line_end if line_end >= 0 else len(text)]
    if not re.search(r"[×÷=＝]", line):
        return False
    offset = position - line_start
    equals = [m.start() for m in re.finditer(r"[=＝]", line) if m.start() > offset]
    if not equals:
        return False
    # Only the sum itself holds inputs: what a clause before it states ("the legal 8 hours a
    # day… at least 25%: ¥1,875 × 1.25 = …") is a claim of its own.
    clause = max(line.rfind(mark, 0, equals[0]) for mark in (": ", "; ", ". ", ", ", "：", "、"))
    return offset > clause


def _worked_result(text: str, position: int) -> bool:
    """Is this number the result of a worked sum ("… = ¥1,875")?"""
    return bool(re.search(r"[=＝]\s*$", text[max(0, position - 3) : position]))


def _inside_container(candidate: Candidate, containers: list[Candidate]) -> bool:
    """A number, name or organisation inside a law, a cited title or a link goes with it."""
    if candidate.kind in CONTAINERS and candidate.kind != "law":
        return False
    for box in containers:
        if box is candidate or box.kind == candidate.kind:
            continue
        if candidate.kind == "law" and box.kind != "url":
            continue
        if box.start <= candidate.start and candidate.end <= box.end:
            if candidate.kind == "quote" and box.kind == "citation":
                # a title in quotation marks that opens a citation is its title, not someone's
                # words; words quoted further in are a quotation of their own
                return candidate.start - box.start <= 1
            return candidate.kind != "absolute"
    return False


class _Taken:
    """Spans that do not overlap one another, asked whether a new span overlaps any of them
    in log time (a long paste of repeated numbers must not cost n²)."""

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []

    def overlaps(self, start: int, end: int) -> bool:
        """Does [start, end) share a character with a span taken?"""
        # Taken spans are disjoint, so sorted by start they are sorted by end too: only the
        # last one starting before `end` can reach past `start`.
        i = bisect.bisect_left(self.starts, end) - 1
        return i >= 0 and self.ends[i] > start

    def take(self, start: int, end: int) -> None:
        """Add a span that overlaps none taken."""
        i = bisect.bisect_left(self.starts, start)
        self.starts.insert(i, start)
        self.ends.insert(i, end)


def _merge_same_kind(candidates: list[Candidate]) -> list[Candidate]:
    """Of overlapping spans of one kind keep the longest."""
    ordered = sorted(candidates, key=lambda c: (-(c.end - c.start), c.start))
    kept: list[Candidate] = []
    taken: dict[str, _Taken] = {}
    for candidate in ordered:
        spans = taken.setdefault(candidate.kind, _Taken())
        if not spans.overlaps(candidate.start, candidate.end):
            spans.take(candidate.start, candidate.end)
            kept.append(candidate)
    return kept


def _resolve_numbers(candidates: list[Candidate]) -> list[Candidate]:
    """Where numeric readings overlap, keep the most specific one."""
    others = [c for c in candidates if c.kind not in NUMERIC]
    numeric = sorted(
        (c for c in candidates if c.kind in NUMERIC),
        key=lambda c: (NUMERIC_RANK[c.kind], -(c.end - c.start)),
    )
    kept: list[Candidate] = []
    taken = _Taken()
    for candidate in numeric:
        if not taken.overlaps(candidate.start, candidate.end):
            taken.take(candidate.start, candidate.end)
            kept.append(candidate)
    return others + kept


def _first_mentions(candidates: Iterable[Candidate]) -> Iterator[Candidate]:
    """A member checks a thing once: later mentions of the same claim are left out. A body or a
    law named by its acronym before its full name ("the ICO's guidance… The Information
    Commissioner's Office (ICO) published") is listed where it is named in full."""
    candidates = list(candidates)
    fullest: dict[tuple[str, str], Candidate] = {}
    for candidate in candidates:
        if candidate.key is not None and candidate.kind in ("organisation", "law"):
            known = fullest.get((candidate.kind, candidate.key))
            if known is None or candidate.end - candidate.start > known.end - known.start:
                fullest[(candidate.kind, candidate.key)] = candidate
    seen: set[tuple[str, str]] = set()
    for candidate in candidates:
        if (
            candidate.key is not None
            and fullest.get((candidate.kind, candidate.key), candidate) is not candidate
        ):
            continue
        # a sweeping word said twice makes two claims ("過去最高" of two figures, "never" of two
        # rules): each is checked where it is said
        if candidate.key is not None and candidate.kind != "absolute":
            if (candidate.kind, candidate.key) in seen:
                continue
            seen.add((candidate.kind, candidate.key))
        yield candidate
