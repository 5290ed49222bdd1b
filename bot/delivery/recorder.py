"""Record sends in small batches: one round trip for many rows, a few milliseconds late.

Three things are written for a row, each with the next batch: that a send begins (before
the first message goes, and awaited: a row whose mark was not stored is not sent), the id of
each reply the platform accepted (not awaited), and the row sent, with all its ids. Recovery
reads them: a row with no mark was never sent, a recorded id is never asked for again, and
only a mark without a full record (a crash between a send and its record; the batching adds
at most `delay` to that window) makes the next worker ask the platform (see dispatcher.py).
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.storage import outbox
from bot.storage.db import transaction

log = logging.getLogger(__name__)


@dataclass
class Batch:
    """What the next flush writes, and who waits for it."""

    starts: dict[int, asyncio.Future[bool]] = field(default_factory=dict)
    parts: dict[int, list[str]] = field(default_factory=dict)
    done: list[tuple[int, list[str], datetime, asyncio.Future[bool]]] = field(default_factory=list)
    now: datetime | None = None  # when the latest entry came (the send marks' time)

    def __len__(self) -> int:
        return len(self.starts) + len(self.parts) + len(self.done)


class Recorder:
    """Collects send marks, delivered ids and completions, and writes them together."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        worker: str,
        delay: float = 0.02,
        batch: int = 200,
    ) -> None:
        self.sessions = sessions
        self.worker = worker
        self.delay = delay
        self.batch = batch
        self.pending = Batch()
        self.timer: asyncio.Task[None] | None = None
        self.flushes: set[asyncio.Task[None]] = set()
        self.lock = asyncio.Lock()  # flushes in order: a later record never lands first

    async def start(self, outbox_id: int, now: datetime) -> bool:
        """Mark the row as being sent; return True when that is stored and this worker still
        holds the row (only then may it be sent)."""
        done: asyncio.Future[bool] = asyncio.get_running_loop().create_future()
        self.pending.starts[outbox_id] = done
        self._schedule(now)
        return await done

    def progress(self, outbox_id: int, message_ids: list[str], now: datetime) -> None:
        """Note the ids of the replies delivered so far (written with the next batch)."""
        self.pending.parts[outbox_id] = list(message_ids)
        self._schedule(now)

    async def record(self, outbox_id: int, message_ids: list[str], sent_at: datetime) -> bool:
        """Mark a row sent (with the next batch); return False if that could not be stored."""
        done: asyncio.Future[bool] = asyncio.get_running_loop().create_future()
        self.pending.parts.pop(outbox_id, None)
        self.pending.done.append((outbox_id, list(message_ids), sent_at, done))
        self._schedule(sent_at)
        return await done

    async def close(self) -> None:
        """Write what is still pending and wait for the writes in flight (on shutdown, so no
        write is cut off when the database closes)."""
        if self.timer is not None:
            await self.timer
        await asyncio.gather(*self.flushes)
        await self._flush()

    def _schedule(self, now: datetime) -> None:
        self.pending.now = now
        if len(self.pending) >= self.batch:
            self._start_flush()
        elif self.timer is None:
            self.timer = asyncio.create_task(self._flush_later())

    def _start_flush(self) -> None:
        task = asyncio.create_task(self._flush())
        self.flushes.add(task)
        task.add_done_callback(self.flushes.discard)

    async def _flush_later(self) -> None:
        await asyncio.sleep(self.delay)
        self.timer = None
        await self._flush()

    async def _flush(self) -> None:
        async with self.lock:
            batch, self.pending = self.pending, Batch()
            if not len(batch):
                return
            held: set[int] = set()
            stored = True
            try:
                async with transaction(self.sessions) as session:
                    if batch.starts and batch.now is not None:
                        held = await outbox.start_sending(
                            session, worker=self.worker, ids=list(batch.starts), now=batch.now
                        )
                    await outbox.record_parts(session, parts=list(batch.parts.items()))
                    await outbox.complete_many(
                        session, done=[(i, ids, at) for i, ids, at, _ in batch.done]
                    )
            except Exception:
                log.exception("recording sends failed", extra={"rows": len(batch)})
                stored = False
            for oid, started in batch.starts.items():
                if not started.done():
                    started.set_result(stored and oid in held)
            for *_, finished in batch.done:
                if not finished.done():
                    finished.set_result(stored)
