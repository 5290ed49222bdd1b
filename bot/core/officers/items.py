"""Item analysis for authors after a pilot: how hard each quiz item is, whether it separates
members who know the material from those who do not, and which wrong options draw people.

Aggregates only: an item answered by fewer than `min_group` members shows its count and
nothing else.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.content.model import Curriculum
from bot.storage.db import transaction
from bot.storage.item_answers import first_answers

EASY = 0.95  # share right at or above which an item tells authors little
LOW_DISCRIMINATION = 0.0  # at or below: stronger members do no better (or worse) on it


@dataclass(frozen=True)
class ItemStats:
    """One item's figures (None where too few members answered)."""

    item_id: str
    answered: int
    difficulty: float | None = None  # share right, 0–1
    discrimination: float | None = None  # point-biserial against the member's other answers
    picks: dict[str, float] = field(default_factory=dict)  # option key -> share of members
    flags: tuple[str, ...] = ()


def analyse(
    answers: list[tuple[int, str, str, bool]], curriculum: Curriculum, min_group: int
) -> list[ItemStats]:
    """Compute every item's statistics from first answers, in course order."""
    by_item: dict[str, list[tuple[int, str, bool]]] = defaultdict(list)
    per_learner: dict[int, list[bool]] = defaultdict(list)
    for learner, item_id, choice, correct in answers:
        by_item[item_id].append((learner, choice, correct))
        per_learner[learner].append(correct)
    totals = {learner: (sum(oks), len(oks)) for learner, oks in per_learner.items()}
    out = []
    for item_id in curriculum.item_index():
        rows = by_item.get(item_id, [])
        if len(rows) < min_group:
            out.append(ItemStats(item_id, len(rows)))
            continue
        right = [correct for _, _, correct in rows]
        rest = [_rest_score(totals[learner], correct) for learner, _, correct in rows]
        difficulty = sum(right) / len(right)
        discrimination = _correlation([float(r) for r in right], rest)
        counts: dict[str, int] = defaultdict(int)
        for _, choice, _ in rows:
            counts[choice] += 1
        flags = []
        if difficulty >= EASY:
            flags.append("everyone right")
        if discrimination is not None and discrimination <= LOW_DISCRIMINATION:
            flags.append("discriminates negatively" if discrimination < 0 else "no discrimination")
        out.append(
            ItemStats(
                item_id,
                len(rows),
                round(difficulty, 2),
                None if discrimination is None else round(discrimination, 2),
                {key: round(n / len(rows), 2) for key, n in sorted(counts.items())},
                tuple(flags),
            )
        )
    return out


def _rest_score(total: tuple[int, int], correct: bool) -> float:
    """The member's share right on their other items (this one left out)."""
    right, n = total
    others = n - 1
    return (right - int(correct)) / others if others else 0.0


def _correlation(x: list[float], y: list[float]) -> float | None:
    """Pearson's r (the point-biserial when x is 0/1); None when either side does not vary."""
    if len(set(x)) < 2 or len(set(y)) < 2:
        return None
    return statistics.correlation(x, y)


async def item_report(
    sessions: async_sessionmaker[AsyncSession], curriculum: Curriculum, min_group: int
) -> list[ItemStats]:
    """Item statistics over every member's first answers."""
    async with transaction(sessions) as session:
        answers = await first_answers(session)
    return analyse(answers, curriculum, min_group)


def as_table(stats: list[ItemStats], min_group: int) -> str:
    """A plain-text table for `manabi lessons items`."""
    lines = [f"{'item':44} {'n':>5} {'right':>6} {'r_pb':>6}  picks / flags"]
    for s in stats:
        if s.difficulty is None:
            lines.append(f"{s.item_id:44} {s.answered:>5} {'–':>6} {'–':>6}  (< {min_group})")
            continue
        r = "–" if s.discrimination is None else f"{s.discrimination:+.2f}"
        picks = " ".join(f"{k}:{round(100 * v)}%" for k, v in s.picks.items())
        flags = f"  ⚑ {', '.join(s.flags)}" if s.flags else ""
        lines.append(f"{s.item_id:44} {s.answered:>5} {s.difficulty:>6.2f} {r:>6}  {picks}{flags}")
    return "\n".join(lines)
