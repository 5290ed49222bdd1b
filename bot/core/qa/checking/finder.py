"""Find the claims in a pasted AI answer that are worth checking (figures, laws, names…):
every rule proposes spans, then overlaps, repeats and worked-example inputs are settled."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from bot.core.qa.checking import find_en, find_ja
from bot.core.qa.checking.claims import (
    CONTAINERS,
    MAX_CHARS,
    NUMERIC,
    NUMERIC_RANK,
    Candidate,
    Claim,
)


def extract_claims(text: str) -> list[Claim]:
    """Return the claims worth checking in `text`, in the order they appear."""
    text = text[:MAX_CHARS]
    candidates = [*find_ja.find(text), *find_en.find(text)]
    chosen = resolve(text, candidates)
    return [Claim(text[c.start : c.end], c.kind, c.start, c.end) for c in chosen]


def resolve(text: str, candidates: list[Candidate]) -> list[Candidate]:
    """Choose among overlapping proposals and drop repeats; return them in text order."""
    containers = [c for c in candidates if c.kind in CONTAINERS]
    kept = [c for c in candidates if not _inside_container(c, containers)]
    givens = {c.key for c in kept if c.kind in NUMERIC and _worked_input(text, c.start)}
    # A sum's result stays a claim where it is reused ("¥300,000 ÷ 160 = ¥1,875", then
    # "¥1,875 × 1.25 = …"): the member recomputes it.
    givens -= {c.key for c in kept if c.kind in NUMERIC and _worked_result(text, c.start)}
    # The givens of a worked example ("時給1,500円の方が…" then "1,500円 × 1.25 = …") are
    # inputs wherever they appear; only the result is a claim.
    kept = [c for c in kept if not (c.kind in NUMERIC and c.key in givens)]
    kept = _merge_same_kind(kept)
    kept = _resolve_numbers(kept)
    # "100% private" is one absolute claim, not a share as well.
    absolutes = {(c.start, c.end) for c in kept if c.kind == "absolute"}
    kept = [
        c
        for c in kept
        if not (c.kind == "figure" and any(a == c.start and c.end < b for a, b in absolutes))
    ]
    # A name or a number inside an organisation's name ("4 Day Week Global") goes with it.
    kept = [
        c
        for c in kept
        if not (c.kind in ("person", "figure") and _overlaps_kind(c, kept, "organisation"))
    ]
    return list(_first_mentions(sorted(kept, key=lambda c: (c.start, c.end))))


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
            return candidate.kind not in ("quote", "absolute")
    return False


def _merge_same_kind(candidates: list[Candidate]) -> list[Candidate]:
    """Of overlapping spans of one kind keep the longest."""
    ordered = sorted(candidates, key=lambda c: (-(c.end - c.start), c.start))
    kept: list[Candidate] = []
    for candidate in ordered:
        if not any(
            k.kind == candidate.kind and k.start < candidate.end and candidate.start < k.end
            for k in kept
        ):
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
    for candidate in numeric:
        if not any(k.start < candidate.end and candidate.start < k.end for k in kept):
            kept.append(candidate)
    return others + kept


def _overlaps_kind(candidate: Candidate, others: list[Candidate], kind: str) -> bool:
    """Does `candidate` overlap a candidate of `kind`?"""
    return any(
        o.kind == kind and o.start < candidate.end and candidate.start < o.end for o in others
    )


def _first_mentions(candidates: Iterable[Candidate]) -> Iterator[Candidate]:
    """A member checks a thing once: later mentions of the same claim are left out."""
    seen: set[tuple[str, str]] = set()
    for candidate in candidates:
        if candidate.key is not None:
            if (candidate.kind, candidate.key) in seen:
                continue
            seen.add((candidate.kind, candidate.key))
        yield candidate
