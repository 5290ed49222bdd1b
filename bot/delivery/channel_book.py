"""Where opened Slack DM channels are kept: with the learner, in the database."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.storage.db import transaction
from bot.storage.learners import remember_dm_channel


class StoredChannels:
    """A ChannelBook on the learners table (opened once, reused by every replica)."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self.sessions = sessions

    async def remember(self, learner_id: int, channel: str) -> None:
        """Note the learner's DM channel."""
        async with transaction(self.sessions) as session:
            await remember_dm_channel(session, learner_id=learner_id, channel=channel)
