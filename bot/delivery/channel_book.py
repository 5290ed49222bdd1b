"""Where opened Slack DM channels are kept: with the learner, in the database."""

from __future__ import annotations

import asyncio
import logging

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.storage.db import transaction
from bot.storage.learners import remember_dm_channels

log = logging.getLogger(__name__)


class StoredChannels:
    """A ChannelBook on the learners table (opened once, reused by every replica). Channels
    are written in small batches, a few milliseconds late (one commit for many): a channel
    not yet written is only opened again, never lost."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession], delay: float = 0.05) -> None:
        self.sessions = sessions
        self.delay = delay
        self.pending: dict[int, str] = {}
        self.flushing: asyncio.Task[None] | None = None

    async def remember(self, learner_id: int, channel: str) -> None:
        """Note the learner's DM channel (written with the next batch)."""
        self.pending[learner_id] = channel
        if self.flushing is None or self.flushing.done():
            self.flushing = asyncio.create_task(self._flush_later())

    async def flush(self) -> None:
        """Write what is pending now."""
        batch, self.pending = self.pending, {}
        if not batch:
            return
        try:
            async with transaction(self.sessions) as session:
                await remember_dm_channels(session, channels=batch)
        except Exception:
            log.exception("keeping DM channels failed", extra={"rows": len(batch)})

    async def _flush_later(self) -> None:
        await asyncio.sleep(self.delay)
        await self.flush()
