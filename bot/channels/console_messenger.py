"""Proactive messages in the console: shown in the terminal as they are sent."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from bot.core.messages import Reply
from bot.core.ports import Address, SentHook


@dataclass
class ConsoleMessenger:
    """Shows each proactive message through `show` (and keeps a count for the id)."""

    show: Callable[[Sequence[Reply]], None]
    sent: list[str] = field(default_factory=list)

    async def send(
        self, address: Address, replies: Sequence[Reply], on_sent: SentHook | None = None
    ) -> str:
        """Show the replies; return a local message id."""
        self.show(replies)
        self.sent.append(address.key or "")
        return f"console-{len(self.sent)}"
