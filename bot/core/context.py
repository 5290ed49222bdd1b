"""What a use case needs for one turn: the session, the learner, the time, the content."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Generic, TypeVar

from sqlalchemy.ext.asyncio import AsyncSession

from bot.content.model import Curriculum
from bot.core.calendar import local_date
from bot.core.messages import Choice, Reply
from bot.core.texts import t
from bot.storage.models import Learner

T = TypeVar("T")


@dataclass(frozen=True)
class Deferred(Generic[T]):
    """Slow work (a model call) that runs after the turn's transaction has committed, so no
    database lock or pooled connection is held while waiting; `finish` records the result in
    a new, short transaction and returns the replies."""

    work: Callable[[], Awaitable[T]]
    finish: Callable[[Turn, T], Awaitable[list[Reply]]]


@dataclass(frozen=True)
class CoachConfig:
    """The settings core uses, taken from Settings at the edge."""

    default_timezone: str = "Asia/Tokyo"
    default_locale: str = "ja"
    default_delivery_minute: int = 510
    default_calendar: str = "JP"
    quiz_per_lesson: int = 3
    review_batch: int = 5
    review_in_lesson: int = 2
    retain_questions: bool = False
    min_group_size: int = 5  # officers' reports hide smaller groups


@dataclass
class Turn:
    """One unit of work for one learner: everything a use case reads and writes through."""

    session: AsyncSession
    learner: Learner
    now: datetime
    curriculum: Curriculum
    config: CoachConfig
    calendar: str = "JP"  # the organisation's holiday calendar
    deleted: bool = False

    def forget(self) -> None:
        """Mark the learner as deleted in this turn; nothing more is written for them."""
        self.deleted = True
        self.session.expunge(self.learner)

    @property
    def locale(self) -> str:
        """The learner's language."""
        return self.learner.locale

    def t(self, key: str, **values: object) -> str:
        """Return text `key` in the learner's language."""
        return t(key, self.locale, **values)

    @property
    def today(self) -> date:
        """The learner's local date now."""
        return local_date(self.now, self.learner.timezone)

    def remember_choices(self, choices: tuple[Choice, ...], **extra: Any) -> None:
        """Remember the last choices offered, so a typed number can pick one."""
        dialog = dict(self.learner.dialog or {})
        dialog["choices"] = [choice.value for choice in choices]
        dialog["labels"] = [choice.label for choice in choices]
        dialog.update(extra)
        self.learner.dialog = dialog

    def dialog(self) -> dict[str, Any]:
        """Return a copy of the learner's dialog state."""
        return dict(self.learner.dialog or {})

    def set_dialog(self, **values: Any) -> None:
        """Update the dialog state (None removes a key)."""
        dialog = dict(self.learner.dialog or {})
        for key, value in values.items():
            if value is None:
                dialog.pop(key, None)
            else:
                dialog[key] = value
        self.learner.dialog = dialog
