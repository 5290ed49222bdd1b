"""What a use case needs for one turn: the session, the learner, the time, the content."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Generic, TypeVar

from sqlalchemy.ext.asyncio import AsyncSession

from bot.content.model import Curriculum
from bot.core.actions import Answer, Confidence, Delete, Mark, owner_tag
from bot.core.calendar import local_date
from bot.core.dialog import Awaiting, Dialog, Quiz
from bot.core.messages import Choice, Reply
from bot.core.ports import Draft
from bot.core.texts import t
from bot.storage.models import Learner

T = TypeVar("T")


@dataclass(frozen=True)
class Deferred(Generic[T]):
    """Slow work (a model call) that runs after the turn's transaction has committed, so no
    database lock or pooled connection is held while waiting; `finish` records the result in
    a new, short transaction and returns the replies. `stream`, when given, does the same work
    while showing its progress on a channel's draft (a streamed answer)."""

    work: Callable[[], Awaitable[T]]
    finish: Callable[[Turn, T], Awaitable[list[Reply]]]
    stream: Callable[[Draft], Awaitable[T]] | None = None


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

    @property
    def dialog(self) -> Dialog:
        """The learner's dialog state (a fresh copy: change it through the setters below)."""
        return Dialog.from_json(self.learner.dialog)

    @property
    def owner(self) -> str:
        """The tag every button offered to this learner carries."""
        learner = self.learner
        return owner_tag(learner.platform, learner.workspace, learner.platform_user_id)

    def offer(self, choices: tuple[Choice, ...]) -> None:
        """Remember the choices shown last, so a typed number can pick one."""
        self._save(
            replace(
                self.dialog, choices=[c.value for c in choices], labels=[c.label for c in choices]
            )
        )

    def present(self, replies: list[Reply]) -> list[Reply]:
        """Stamp every reply's buttons with this learner and a new offer (so that each can be
        pressed once, by them, while it applies), remember the choices of the last reply that
        has any (what a typed number picks from), and return the replies; every path that shows
        replies to a learner goes through it."""
        if self.deleted:
            return replies
        dialog = self.dialog
        stamped = [self._stamp(dialog, reply) for reply in replies]
        self._save(dialog)
        shown = next((reply.choices for reply in reversed(stamped) if reply.choices), None)
        if shown is not None:
            self.offer(shown)
        return stamped

    def _stamp(self, dialog: Dialog, reply: Reply) -> Reply:
        if not reply.choices:
            return reply
        bare = [c.action.encode() for c in reply.choices]
        if all(isinstance(c.action, Answer | Confidence | Mark) for c in reply.choices):
            offer = ""  # a quiz answer (a claim's mark) is judged by its quiz (its checklist)
        else:
            labels = [c.label for c in reply.choices]
            exclusive = any(isinstance(c.action, Delete) for c in reply.choices)
            offer = dialog.add_offer(bare, labels, exclusive=exclusive)
        choices = tuple(replace(c, stamp=f"{self.owner}.{offer}") for c in reply.choices)
        return replace(reply, choices=choices)

    def use_offer(self, offer: str, value: str) -> None:
        """The learner pressed `value` in this offer: none of its buttons works again."""
        dialog = self.dialog
        dialog.use_offer(offer, value)
        self._save(dialog)

    def restart_dialog(self) -> None:
        """Forget the dialog (a fresh start), but not which buttons were offered and used."""
        self._save(Dialog().keep_offers(self.dialog))

    def mark_claim(self, key: str, live: int) -> None:
        """Remember that a claim (`checklist/claim`) was marked; only checklists numbered above
        `live` are kept, so the list stays short."""
        dialog = self.dialog
        kept = [k for k in dialog.marked if int(k.partition("/")[0] or 0) > live]
        self._save(replace(dialog, marked=[*kept, key]))

    def set_quiz(self, quiz: Quiz | None) -> None:
        """Start, advance or end the quiz in progress."""
        self._save(replace(self.dialog, quiz=quiz))

    def set_awaiting(self, awaiting: Awaiting | None) -> None:
        """Ask for (or stop waiting for) a piece of free text."""
        self._save(replace(self.dialog, awaiting=awaiting))

    def _save(self, dialog: Dialog) -> None:
        self.learner.dialog = dialog.to_json()
