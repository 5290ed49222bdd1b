"""The privacy floor: the one place that decides whether a figure about people may be shown.

A figure rests on the distinct people whose records it counts: the members (never the officers)
of a cohort who took part in what it measures. Reports, the digest and the CSV ask the floor
about every figure; nothing else compares a group with `MIN_GROUP_SIZE`.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class Floor:
    """Figures about fewer than `min_group` distinct people are not shown."""

    min_group: int

    def allows(self, people: Collection[int], *rest: Collection[int]) -> bool:
        """May a figure about `people` (learner ids) be shown?

        `rest` are the other parts of a total that is shown as well: the figure minus that total
        isolates each of them, so each must be nobody or again at least `min_group` people.
        """
        return len(set(people)) >= self.min_group and all(
            not part or len(set(part)) >= self.min_group for part in rest
        )

    def show(self, value: T, people: Collection[int], *rest: Collection[int]) -> T | None:
        """The value when the floor allows it, else None ("too few to report")."""
        return value if self.allows(people, *rest) else None

    def hides_nothing(self, *bars: Collection[int]) -> bool:
        """May every bar of a chart be drawn: each about nobody or about enough people?"""
        return all(not bar or self.allows(bar) for bar in bars)
