"""The ports core talks through; channels and llm/ implement them."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol, runtime_checkable

from bot.core.messages import Reply


@dataclass(frozen=True)
class Address:
    """Where a proactive message goes: a learner on a platform."""

    learner_id: int
    platform: str
    workspace: str
    user_id: str
    conversation_ref: dict[str, Any] | None = None
    key: str | None = None  # the outbox dedupe key; a messenger may attach it to the message
    channel: str | None = None  # the learner's DM channel, once a messenger opened it (Slack)


@runtime_checkable
class ChannelBook(Protocol):
    """Keeps the DM channels a messenger opened, so that each is opened once, ever."""

    async def remember(self, learner_id: int, channel: str) -> None:
        """Note the learner's DM channel."""


class SendError(Exception):
    """A message could not be sent. `delivered` counts the replies the platform had already
    accepted, so that a retry sends only the rest (a lesson is several messages)."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code
        self.delivered = 0

    def after(self, delivered: int) -> SendError:
        """Note that `delivered` replies went through before this error; return self."""
        self.delivered = delivered
        return self


class RateLimited(SendError):
    """The platform asked us to slow down; try again after `retry_after` seconds."""

    def __init__(self, retry_after: float, code: str = "rate_limited") -> None:
        super().__init__(code)
        self.retry_after = retry_after


class PermanentSendError(SendError):
    """The learner cannot be reached (e.g. account_inactive); do not try again."""


class TransientSendError(SendError):
    """A passing failure (5xx, timeout); try again later."""


class Messenger(Protocol):
    """Sends proactive messages to one platform."""

    async def send(self, address: Address, replies: Sequence[Reply]) -> str:
        """Send the replies; return the platform's id for the (last) message."""
        ...


@runtime_checkable
class DeliveryLookup(Protocol):
    """A messenger that can tell whether a message with an outbox key was already delivered."""

    async def find_delivered(self, address: Address) -> str | None:
        """Return the platform id of the message carrying `address.key`, if there is one."""
        ...


@dataclass(frozen=True)
class Passage:
    """A piece of a lesson that can ground an answer."""

    lesson_id: str
    lesson_title: str
    text: str
    score: float = 0.0
    sources: tuple[Any, ...] = field(default=())
    locale: str = "ja"  # the language the passage is written in
    kind: str = "body"  # body / objectives / explanation


class Retriever(Protocol):
    """Finds the lesson passages that best match a question."""

    def search(self, query: str, *, locale: str, limit: int) -> list[Passage]:
        """Return up to `limit` passages, best lessons first, preferring `locale`."""
        ...

    def key_point(self, lesson_id: str, *, locale: str) -> Passage | None:
        """Return what a lesson is about in a few lines (its key point), if it has one."""
        ...


@dataclass(frozen=True)
class Completion:
    """What a language model returned, with its token counts."""

    text: str
    tokens_in: int
    tokens_out: int
    model: str


class AnswerUnavailable(Exception):
    """The language model could not answer (timeout, rate limit, server error, no network)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class Answerer(Protocol):
    """A language model that completes a chat."""

    async def complete(self, messages: Sequence[dict[str, str]], *, max_tokens: int) -> Completion:
        """Return the model's reply to `messages`."""
        ...


@runtime_checkable
class StreamingAnswerer(Protocol):
    """A language model that can hand over its reply as it writes it."""

    def stream(
        self, messages: Sequence[dict[str, str]], *, max_tokens: int
    ) -> AsyncIterator[str | Completion]:
        """Yield the reply's text in pieces as they arrive, then one Completion (the whole
        text and its token counts); raise AnswerUnavailable, before or after any piece."""
        ...


@runtime_checkable
class Draft(Protocol):
    """Where an answer is shown while the model writes it (a channel's streamed message).

    `begin` comes once, before the first piece. Each piece is safe to show as it is: links are
    checked before it is written (core/qa/streaming.py). When the turn ends, the channel shows
    the final replies: unless the final answer has the title the draft began with and its text
    begins with exactly what was written, they replace the draft (the model failed, leaked its
    prompt, or the checked answer differs), so nothing half-written is left as final."""

    async def begin(self, title: str) -> None:
        """The answer starts: show its title (it says the answer is written by AI), in the
        answer's language."""

    async def write(self, text: str) -> None:
        """Show `text` after what was written so far."""


class TokenCounter(Protocol):
    """Counts tokens the way the model does."""

    def count(self, text: str) -> int:
        """Return the number of tokens in `text`."""
        ...


class Clock(Protocol):
    """Tells the time; tests and `manabi try --at` pass a fixed one."""

    def now(self) -> datetime:
        """Return the current time, timezone-aware."""
        ...


@dataclass(frozen=True)
class WeekChart:
    """What the officers' weekly chart shows, before anything is drawn: every label already in
    the officer's language."""

    title: str  # the week, e.g. "先週（11月23日〜29日）"
    days: tuple[str, ...]  # one label a day, Monday to Sunday
    active_per_day: tuple[int, ...]
    tracks: tuple[str, ...]  # titles of the tracks with lessons completed, in course order
    completed_by_track: tuple[int, ...]  # each above zero
    active_title: str
    active_axis: str
    tracks_title: str
    tracks_axis: str
    no_tracks: str  # shown instead of the track bars when no lesson was completed


class Charts(Protocol):
    """Draws charts for officers; implemented outside core (presentation)."""

    def weekly(self, chart: WeekChart) -> bytes:
        """Return the weekly chart as a PNG."""
        ...
