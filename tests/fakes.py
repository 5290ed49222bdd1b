"""Small recording fakes for core's ports."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from bot.core.messages import Reply
from bot.core.ports import Address, Completion, SendError, SentHook


@dataclass
class RecordingMessenger:
    """Records every message it is asked to send; can be told to fail."""

    sent: list[tuple[Address, list[Reply]]] = field(default_factory=list)
    fail_with: list[SendError] = field(default_factory=list)

    async def send(
        self, address: Address, replies: Sequence[Reply], on_sent: SentHook | None = None
    ) -> str:
        """Record the send (or raise the next queued error); return a fake message id."""
        if self.fail_with:
            raise self.fail_with.pop(0)
        self.sent.append((address, list(replies)))
        last = f"m{len(self.sent)}"
        for number in range(1, len(replies) + 1):  # m1.1, m1.2, …, and m1 for the last
            if on_sent is not None:
                on_sent(number, last if number == len(replies) else f"{last}.{number}")
        return last


@dataclass
class QueuedAnswerer:
    """A language model that answers with queued texts and records what it was asked."""

    answers: list[str] = field(default_factory=list)
    calls: list[list[dict[str, str]]] = field(default_factory=list)
    model: str = "fake-model"

    def enqueue(self, text: str) -> None:
        """Queue the next answer."""
        self.answers.append(text)

    async def complete(self, messages: Sequence[dict[str, str]], *, max_tokens: int) -> Completion:
        """Return the next queued answer."""
        self.calls.append(list(messages))
        text = self.answers.pop(0)
        return Completion(
            text=text,
            tokens_in=sum(len(m["content"]) for m in messages) // 2,
            tokens_out=len(text) // 2,
            model=self.model,
        )
