"""Turn a claimed outbox row into the replies to send, through core (bot/core/learning/daily.py)."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.content.model import Curriculum
from bot.core import daily
from bot.core.context import CoachConfig, Turn
from bot.core.messages import Reply
from bot.core.ports import Clock
from bot.storage.db import transaction
from bot.storage.models import Learner, Organisation
from bot.storage.outbox import Job


class Composer:
    """Composes proactive messages: plain kinds from the payload, lessons and nudges in a
    learner's turn (so the quiz state is set exactly as when they type "today")."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        curriculum: Curriculum,
        config: CoachConfig,
        clock: Clock,
    ) -> None:
        self.sessions = sessions
        self.curriculum = curriculum
        self.config = config
        self.clock = clock
        self._calendars: dict[int, str] = {}

    async def compose(self, job: Job, *, retry: bool, status: str, locale: str) -> list[Reply]:
        """The replies for this row; empty when there is nothing (left) to send."""
        if job.kind not in daily.TURN_KINDS:
            if not daily.may_receive(status, job.kind, job.payload):
                return []
            return daily.render(job.kind, job.payload, locale)
        async with transaction(self.sessions) as session:
            learner = await session.get(Learner, job.learner_id)
            if learner is None:
                return []
            calendar = await self._calendar(session, learner)
            turn = Turn(session, learner, self.clock.now(), self.curriculum, self.config, calendar)
            return await daily.compose(turn, job.kind, dict(job.payload, retry=retry))

    async def _calendar(self, session: AsyncSession, learner: Learner) -> str:
        """The learner's organisation's holiday calendar (cached)."""
        org_id = learner.organisation_id
        if org_id is None:
            return self.config.default_calendar
        if org_id not in self._calendars:
            org = await session.get(Organisation, org_id)
            self._calendars[org_id] = org.calendar if org else self.config.default_calendar
        return self._calendars[org_id]
