"""A checklist: the claims of one pasted answer with why, where and how to check each."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bot.core.qa.checking.claims import Claim
from bot.core.qa.checking.guide import UNSOURCED_LESSONS
from bot.core.qa.checking.lookups import LookupResult


@dataclass(frozen=True)
class CheckItem:
    """One line of the checklist: a claim, why and where to check it, and what a source said."""

    claim: Claim
    why: str
    where: str
    how: str
    label: str
    lessons: tuple[str, ...]
    lookup: LookupResult | None = None

    def to_json(self) -> dict[str, Any]:
        """The item as the CLI's JSON shape."""
        return {
            "text": self.claim.text,
            "kind": self.claim.kind,
            "start": self.claim.start,
            "end": self.claim.end,
            "why": self.why,
            "where": self.where,
            "how": self.how,
            "lessons": list(self.lessons),
            "lookup": _lookup_json(self.lookup),
        }


@dataclass(frozen=True)
class Checklist:
    """The claims of one pasted answer, in text order, for a private reply."""

    locale: str
    items: tuple[CheckItem, ...]
    unsourced: bool  # claims that need a source, and no source named
    removed: tuple[str, ...] = ()  # kinds of personal data kept out of the lookups
    truncated: bool = False  # the paste was longer than MAX_CHARS; the rest was not read
    looked_up: bool = False

    def to_json(self) -> dict[str, Any]:
        """The checklist as the CLI's JSON shape."""
        return {
            "claims": [item.to_json() for item in self.items],
            "unsourced": self.unsourced,
            "unsourced_lessons": list(UNSOURCED_LESSONS) if self.unsourced else [],
            "truncated": self.truncated,
        }


def _lookup_json(result: LookupResult | None) -> dict[str, Any]:
    """A lookup result as JSON; {} when the claim was not looked up."""
    if result is None:
        return {}
    found: dict[str, Any] = {"source": result.source, "status": result.status}
    for key in ("title", "url", "excerpt", "domain"):
        value = getattr(result, key)
        if value:
            found[key] = value
    if result.details:
        found["details"] = dict(result.details)
    return found
