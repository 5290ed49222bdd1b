"""APScheduler jobs: triggers only, each one call into delivery (design §6.5)."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.core.ports import Clock
from bot.delivery import jobs

log = logging.getLogger(__name__)

Job = Callable[[], Awaitable[None]]


def build_scheduler(
    sessions: async_sessionmaker[AsyncSession],
    clock: Clock,
    default_calendar: str,
    digest: Callable[[datetime], Awaitable[object]] | None = None,
) -> AsyncIOScheduler:
    """The scheduler with every job listed here: plan each minute, queue recurring
    announcements, publish the outbox depth, prune finished outbox rows and old event ids."""

    def logged(what: str, job: Callable[[datetime], Awaitable[object]]) -> Job:
        """The job at the clock's time; a failure is logged, and the next run tries again."""

        async def run() -> None:
            try:
                await job(clock.now())
            except Exception:
                log.exception("%s failed", what)

        return run

    def plan(now: datetime) -> Awaitable[object]:
        return jobs.plan(sessions, now=now, default_calendar=default_calendar)

    def announcements(now: datetime) -> Awaitable[object]:
        return jobs.plan_announcements(sessions, now=now)

    def depth(now: datetime) -> Awaitable[object]:
        return jobs.refresh_outbox_depth(sessions, now=now)

    def prune(now: datetime) -> Awaitable[object]:
        return jobs.prune_outbox(sessions, now=now)

    def prune_events(now: datetime) -> Awaitable[object]:
        return jobs.prune_events(sessions, now=now)

    scheduler = AsyncIOScheduler(timezone=UTC)
    first = datetime.now(UTC)
    options = {"max_instances": 1, "coalesce": True, "misfire_grace_time": 30}
    every = scheduler.add_job
    every(
        logged("planning", plan), "interval", minutes=1, id="plan", next_run_time=first, **options
    )
    every(
        logged("recurring announcements", announcements),
        "interval",
        minutes=1,
        id="announcements",
        **options,
    )
    every(
        logged("outbox depth", depth),
        "interval",
        seconds=15,
        id="outbox_depth",
        next_run_time=first,
        **options,
    )
    if digest is not None:  # officers' weekly digest; each run queues only what is due
        every(logged("weekly digest", digest), "interval", minutes=15, id="digest", **options)
    every(logged("outbox pruning", prune), "interval", hours=6, id="prune_outbox", **options)
    every(logged("event pruning", prune_events), "interval", hours=1, id="prune_events", **options)
    return scheduler
