"""Record sends in small batches: one round trip for many rows, a few milliseconds late.

A row the platform accepted but that is not yet recorded is the crash window of the outbox;
the batching adds at most `delay` to it. If recording fails, the row stays claimed: its lease
runs out and the next worker looks it up before sending again (see dispatcher.py).
"""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.storage import outbox
from bot.storage.db import transaction

log = logging.getLogger(__name__)
Entry = tuple[int, str | None, datetime, "asyncio.Future[bool]"]


class Recorder:
    """Collects (row, platform message id) pairs and marks them sent together."""

    def __init__(
        self, sessions: async_sessionmaker[AsyncSession], delay: float = 0.02, batch: int = 200
    ) -> None:
        self.sessions = sessions
        self.delay = delay
        self.batch = batch
        self.buffer: list[Entry] = []
        self.timer: asyncio.Task[None] | None = None
        self.flushes: set[asyncio.Task[None]] = set()

    async def record(self, outbox_id: int, message_id: str | None, sent_at: datetime) -> bool:
        """Mark a row sent (with the next batch); return False if that could not be stored."""
        done: asyncio.Future[bool] = asyncio.get_running_loop().create_future()
        self.buffer.append((outbox_id, message_id, sent_at, done))
        if len(self.buffer) >= self.batch:
            self._start_flush()
        elif self.timer is None:
            self.timer = asyncio.create_task(self._flush_later())
        return await done

    def _start_flush(self) -> None:
        task = asyncio.create_task(self._flush())
        self.flushes.add(task)
        task.add_done_callback(self.flushes.discard)

    async def _flush_later(self) -> None:
        await asyncio.sleep(self.delay)
        self.timer = None
        await self._flush()

    async def _flush(self) -> None:
        entries, self.buffer = self.buffer, []
        if not entries:
            return
        stored = True
        try:
            async with transaction(self.sessions) as session:
                await outbox.complete_many(session, done=[(i, m, at) for i, m, at, _ in entries])
        except Exception:
            log.exception("recording sends failed", extra={"rows": len(entries)})
            stored = False
        for *_, done in entries:
            if not done.done():
                done.set_result(stored)
