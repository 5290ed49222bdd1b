"""The console channel: chat with Manabi in a terminal, or from a pipe."""

from __future__ import annotations

import asyncio
import re
import sys
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import TextIO

from bot.core.conversation import Coach
from bot.core.messages import Identity, Inbound, Reply
from bot.core.qa.checking.checks import requested
from bot.core.texts import t

WORKSPACE = "local"
BOLD = re.compile(r"\*\*(.+?)\*\*")
LINK = re.compile(r"\[([^\]]+)\]\((https://[^)\s]+)\)")


class SimulatedClock:
    """Time that starts at `start` and runs on with the wall clock (for `--at`)."""

    def __init__(self, start: datetime | None) -> None:
        self.offset = (start - datetime.now(UTC)) if start else timedelta(0)

    def now(self) -> datetime:
        """Return the simulated current time."""
        return datetime.now(UTC) + self.offset


def render(reply: Reply, locale: str, color: bool) -> str:
    """Render a reply as terminal text: bold, links, numbered choices and sources."""

    def fmt(text: str) -> str:
        text = LINK.sub(r"\1 (\2)", text)
        return BOLD.sub("\033[1m\\1\033[0m" if color else r"\1", text)

    parts = []
    if reply.title:
        parts.append(fmt(f"**{reply.title}**"))
    parts.append(fmt(reply.text))
    if reply.sources:
        label = t("sources_label", locale)
        parts.append(
            f"{label}:\n"
            + "\n".join(f"  - {s.title} ({s.publisher}) {s.url}" for s in reply.sources)
        )
    if reply.notes:
        parts.append("\n".join(f"  ※ {note}" for note in reply.notes))
    if reply.choices:
        parts.append(_choice_lines(reply))
    return "\n".join(parts)


def _choice_lines(reply: Reply) -> str:
    """Numbered choices; a row's (a claim's marks) on one line after its label."""
    lines: list[str] = []
    for n, choice in enumerate(reply.choices, 1):
        if not choice.row:
            lines.append(f"  {n}) {choice.label}")
        elif n == 1 or reply.choices[n - 2].row != choice.row:
            lines.append(f"  {choice.row}  {n}) {choice.label}")
        else:
            lines[-1] += f"  {n}) {choice.label}"
    return "\n".join(lines)


class Console:
    """A terminal chat for one learner."""

    def __init__(
        self,
        coach: Coach,
        user: str,
        clock: SimulatedClock,
        out: TextIO = sys.stdout,
        source: TextIO = sys.stdin,
    ) -> None:
        self.coach = coach
        self.identity = Identity("console", WORKSPACE, user)
        self.clock = clock
        self.out = out
        self.source = source
        self.interactive = source.isatty()
        self.color = out.isatty()
        self.locale = "ja"

    def show(self, replies: Sequence[Reply]) -> None:
        """Print the bot's replies."""
        for reply in replies:
            print("\nManabi> " + render(reply, reply.locale, self.color), file=self.out)
        self.out.flush()

    async def read_line(self) -> str | None:
        """Read one line without blocking the event loop; None at end of input."""
        if self.interactive:
            print("\nyou> ", end="", file=self.out, flush=True)
        line = await asyncio.to_thread(self.source.readline)
        if not line:
            return None
        if not self.interactive:
            print(f"\nyou> {line.rstrip()}", file=self.out)
        return line.strip()

    async def read_paste(self, first: str) -> str:
        """The lines after a check request, up to a blank line or the end of input."""
        lines = [first]
        while line := await self.read_line():
            lines.append(line)
        return "\n".join(lines)

    async def run(self, greet: bool = True) -> None:
        """Chat until end of input (Ctrl-D, or the end of a pipe)."""
        if greet:  # not when the outbox has just shown today's lesson or a nudge
            self.show(await self.coach.open_chat(self.identity, self.clock.now()))
        while (line := await self.read_line()) is not None:
            if not line:
                continue
            if line.lower() in {"exit", "quit", "終了"}:
                break
            if requested(line) is not None:  # a pasted answer runs on to a blank line
                line = await self.read_paste(line)
            replies = await self.coach.handle(
                Inbound(self.identity, text=line, locale=self.locale), self.clock.now()
            )
            self.locale = replies[-1].locale if replies else self.locale
            self.show(replies)
