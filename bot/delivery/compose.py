"""Turn a claimed outbox row into the replies to send, through core (bot/core/learning/daily.py)."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.content.model import Curriculum
from bot.core import daily
from bot.core.context import CoachConfig, Turn
from bot.core.learning import lessons
from bot.core.messages import Reply
from bot.core.ports import Clock
from bot.storage import outbox
from bot.storage.db import transaction
from bot.storage.models import Learner, Organisation
from bot.storage.outbox import Job

log = logging.getLogger(__name__)
COMPOSE_PARTS = 4  # transactions a batch's lessons are composed in, side by side


@dataclass(eq=False)
class Composer:
    """Composes proactive messages: plain kinds from the payload, lessons and nudges in a
    learner's turn (so the quiz state is set exactly as when they type "today")."""

    sessions: async_sessionmaker[AsyncSession]
    curriculum: Curriculum
    config: CoachConfig
    clock: Clock
    # organisation id -> holiday calendar, read once per organisation
    _calendars: dict[int, str] = field(default_factory=dict, init=False, repr=False)

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

    async def compose_lessons(
        self, jobs: Sequence[Job], *, worker: str | None = None
    ) -> dict[int, list[Reply]]:
        """Compose a claimed batch's first-attempt lesson rows together: the learners loaded
        in one query, their calendars cached, the turns of a part of the batch in one
        transaction (a few commits for the batch instead of one a row; the parts run side
        by side on PostgreSQL). Each row gets exactly what `compose` would give it (the same
        core function). With `worker`, the same transaction marks the rows as being sent by
        it (see recorder.py). Return the replies by outbox id; a part that fails (or holds a
        row the worker lost) keeps nothing and its rows are composed one by one."""
        if not jobs:
            return {}
        bind = self.sessions.kw.get("bind")
        parts = 1 if bind is None or bind.dialect.name == "sqlite" else COMPOSE_PARTS
        size = -(-len(jobs) // parts)
        results = await asyncio.gather(
            *(self._compose_part(jobs[i : i + size], worker) for i in range(0, len(jobs), size))
        )
        return {job_id: replies for part in results for job_id, replies in part.items()}

    async def _compose_part(
        self, jobs: Sequence[Job], worker: str | None
    ) -> dict[int, list[Reply]]:
        try:
            async with transaction(self.sessions) as session:
                ids = {job.learner_id for job in jobs}
                found = await session.scalars(select(Learner).where(Learner.id.in_(ids)))
                learners = {learner.id: learner for learner in found}
                await self._load_calendars(session, learners.values())
                now, composed = self.clock.now(), {}
                known = await lessons.load_known(session, list(learners.values()), now)
                for job in jobs:
                    learner = learners.get(job.learner_id)
                    if learner is None:
                        continue
                    calendar = await self._calendar(session, learner)
                    turn = Turn(session, learner, now, self.curriculum, self.config, calendar)
                    payload = dict(job.payload, retry=False)
                    composed[job.id] = await daily.compose(
                        turn, job.kind, payload, known[learner.id]
                    )
                if worker is not None:
                    held = await outbox.start_sending(
                        session, worker=worker, ids=list(composed), now=now
                    )
                    if held != set(composed):
                        raise LookupError("a row of the batch is no longer this worker's")
                return composed
        except Exception:
            log.exception("batch composition failed", extra={"rows": len(jobs)})
            return {}

    async def _load_calendars(self, session: AsyncSession, learners: Iterable[Learner]) -> None:
        """Cache the calendars of these learners' organisations (one query)."""
        missing = {
            learner.organisation_id
            for learner in learners
            if learner.organisation_id is not None
            and learner.organisation_id not in self._calendars
        }
        if missing:
            rows = await session.execute(
                select(Organisation.id, Organisation.calendar).where(Organisation.id.in_(missing))
            )
            for org_id, calendar in rows:
                self._calendars[org_id] = calendar

    async def _calendar(self, session: AsyncSession, learner: Learner) -> str:
        """The learner's organisation's holiday calendar (cached)."""
        org_id = learner.organisation_id
        if org_id is None:
            return self.config.default_calendar
        if org_id not in self._calendars:
            org = await session.get(Organisation, org_id)
            self._calendars[org_id] = org.calendar if org else self.config.default_calendar
        return self._calendars[org_id]
