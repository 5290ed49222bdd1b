"""The delivery use cases the scheduler triggers; each is one transaction and safe to repeat."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot import metrics
from bot.delivery import planner
from bot.storage import learners, outbox
from bot.storage.db import transaction

log = logging.getLogger(__name__)
PLAN_LOCK = 0x6D616E616269  # "manabi": the PostgreSQL advisory lock key for planning
PLAN_CHUNK = 20_000  # learner ids per planning transaction
# Slack retries an event for about an hour and a signature is fresh for five minutes: a day
# of event ids is plenty to drop repeats, and no id is kept longer than that.
EVENTS_KEEP = timedelta(days=1)
KEEP = timedelta(days=30)  # how long finished outbox rows are kept (for counts and audits)


@dataclass(frozen=True)
class PlanResult:
    """What one planning run added."""

    lessons: int
    nudges: int
    reactivated: int


async def try_plan_lock(session: AsyncSession) -> bool:
    """Take the planning lock for this transaction (PostgreSQL); False if another has it."""
    if session.get_bind().dialect.name != "postgresql":
        return True
    got = await session.scalar(text("SELECT pg_try_advisory_xact_lock(:key)"), {"key": PLAN_LOCK})
    return bool(got)


async def plan(
    sessions: async_sessionmaker[AsyncSession],
    *,
    now: datetime,
    default_calendar: str,
    chunk: int = PLAN_CHUNK,
) -> PlanResult | None:
    """Plan nudges and today's lessons and note reactivations; None if another replica is at
    it. The lock only saves work: planning twice inserts nothing new.

    Nudges and lessons are planned `chunk` learner ids at a time, each range in its own transaction:
    a statement cancelled half-way (a timeout, a restart) loses only its own range, and the
    next run plans what is left without planning anyone twice."""
    started = time.perf_counter()
    async with transaction(sessions) as session:
        if not await try_plan_lock(session):
            return None
        reactivated = await planner.record_reactivations(session, now=now)
        days = await planner.lesson_days(session, now=now, default_calendar=default_calendar)
        ranges = planner.chunks(await planner.learner_id_bounds(session), chunk)
    lessons = nudges = 0
    for ids in ranges if days else []:
        async with transaction(sessions) as session:
            if not await try_plan_lock(session):
                break  # another replica is planning the rest
            span = planner.Span(now, days, default_calendar, ids)
            nudges += await planner.plan_nudges(session, span)
            lessons += await planner.plan_lessons(session, span)
    elapsed = time.perf_counter() - started
    metrics.PLANNER_DURATION.labels(job="plan").observe(elapsed)
    metrics.PLANNED.labels(kind="lesson").inc(lessons)
    metrics.PLANNED.labels(kind="nudge").inc(nudges)
    if lessons or nudges:
        log.info(
            "planned",
            extra={"lessons": lessons, "nudges": nudges, "seconds": round(elapsed, 3)},
        )
    return PlanResult(lessons, nudges, reactivated)


async def plan_announcements(sessions: async_sessionmaker[AsyncSession], *, now: datetime) -> int:
    """Queue the recurring announcements' occurrences that have come (safe on every replica)."""
    from bot.core.officers.announcements import plan_occurrences  # the scheduler's, not `try`'s

    return await plan_occurrences(sessions, now)


async def prune_outbox(
    sessions: async_sessionmaker[AsyncSession], *, now: datetime, keep: timedelta = KEEP
) -> int:
    """Forget finished outbox rows older than `keep` (lesson_deliveries and nudges stay)."""
    async with transaction(sessions) as session:
        return await outbox.prune(session, before=now - keep)


async def prune_events(
    sessions: async_sessionmaker[AsyncSession], *, now: datetime, keep: timedelta = EVENTS_KEEP
) -> int:
    """Forget processed inbound event ids older than `keep`."""
    async with transaction(sessions) as session:
        return await learners.prune_events(session, now=now, keep=keep)


async def refresh_outbox_depth(
    sessions: async_sessionmaker[AsyncSession], *, now: datetime
) -> dict[tuple[str, str], int]:
    """Publish the outbox depth by kind and state, and how long the oldest due row has waited."""
    async with sessions() as session:
        counts = await outbox.depth_by_kind_and_state(session)
        oldest = await outbox.oldest_due(session, now=now)
    waited = (now - oldest).total_seconds() if oldest is not None else 0.0
    metrics.set_outbox_depth(counts, waited)
    return counts
