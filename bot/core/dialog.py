"""A learner's dialog state: the one table of what Manabi is waiting for from them.

Stored as JSON on the learner row; read and written only through these types, so every state
and its fields are named in one place.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

AwaitingWhat = Literal["comment", "officer"]


@dataclass
class Quiz:
    """A quiz in progress: which delivery it belongs to and the items still to ask."""

    delivery: int
    kind: str  # lesson / review / pretest / posttest
    queue: list[str]
    total: int

    @property
    def position(self) -> int:
        """The 1-based number of the question the learner is on."""
        return self.total - len(self.queue) + 1


@dataclass
class Awaiting:
    """Free text Manabi asked for: a comment on a rating, or a question for an officer."""

    what: AwaitingWhat
    kind: str | None = None  # for a comment: lesson / answer
    id: str | None = None  # for a comment: the rated lesson or answer


@dataclass
class Dialog:
    """Everything Manabi remembers between a learner's messages."""

    choices: list[str] = field(default_factory=list)  # action values offered last
    labels: list[str] = field(default_factory=list)  # their labels, to offer them again
    quiz: Quiz | None = None
    awaiting: Awaiting | None = None

    @classmethod
    def from_json(cls, data: dict[str, Any] | None) -> Dialog:
        """Read the stored form; unknown or broken parts are dropped, never fatal."""
        data = data or {}
        quiz = data.get("quiz")
        awaiting = data.get("awaiting")
        return cls(
            choices=[str(v) for v in data.get("choices") or []],
            labels=[str(v) for v in data.get("labels") or []],
            quiz=_quiz(quiz) if isinstance(quiz, dict) else None,
            awaiting=_awaiting(awaiting) if isinstance(awaiting, dict) else None,
        )

    def to_json(self) -> dict[str, Any]:
        """The stored form (empty parts left out)."""
        out: dict[str, Any] = {}
        if self.choices:
            out["choices"] = list(self.choices)
            out["labels"] = list(self.labels)
        if self.quiz is not None:
            out["quiz"] = asdict(self.quiz)
        if self.awaiting is not None:
            out["awaiting"] = {k: v for k, v in asdict(self.awaiting).items() if v is not None}
        return out


def _quiz(data: dict[str, Any]) -> Quiz | None:
    try:
        return Quiz(
            delivery=int(data["delivery"]),
            kind=str(data["kind"]),
            queue=[str(item) for item in data["queue"]],
            total=int(data["total"]),
        )
    except (KeyError, TypeError, ValueError):
        return None


def _awaiting(data: dict[str, Any]) -> Awaiting | None:
    what = data.get("what")
    if what not in ("comment", "officer"):
        return None
    return Awaiting(what, data.get("kind"), data.get("id"))
