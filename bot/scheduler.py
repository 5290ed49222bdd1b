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


def build_scheduler(
    sessions: async_sessionmaker[AsyncSession],
    clock: Clock,
    default_calendar: str,
    digest: Callable[[datetime], Awaitable[object]] | None = None,
) -> AsyncIOScheduler:
    """The scheduler with every job listed here: plan each minute, queue recurring
    announcements, publish the outbox depth, prune finished outbox rows and old event ids."""

    async def plan() -> None:
        try:
            await jobs.plan(sessions, now=clock.now(), default_calendar=default_calendar)
        except Exception:
            log.exception("planning failed")

    async def announcements() -> None:
        try:
            await jobs.plan_announcements(sessions, now=clock.now())
        except Exception:
            log.exception("recurring announcements failed")

    async def outbox_depth() -> None:
        try:
            await jobs.refresh_outbox_depth(sessions, now=clock.now())
        except Exception:
            log.exception("outbox depth failed")

    async def prune() -> None:
        try:
            await jobs.prune_outbox(sessions, now=clock.now())
        except Exception:
            log.exception("outbox pruning failed")

    async def prune_events() -> None:
        try:
            await jobs.prune_events(sessions, now=clock.now())
        except Exception:
            log.exception("event pruning failed")

    scheduler = AsyncIOScheduler(timezone=UTC)
    first = datetime.now(UTC)
    options = {"max_instances": 1, "coalesce": True, "misfire_grace_time": 30}
    scheduler.add_job(plan, "interval", minutes=1, id="plan", next_run_time=first, **options)
    scheduler.add_job(announcements, "interval", minutes=1, id="announcements", **options)
    scheduler.add_job(
        outbox_depth, "interval", seconds=15, id="outbox_depth", next_run_time=first, **options
    )
    if digest is not None:  # officers' weekly digest; each run queues only what is due

        async def weekly_digest() -> None:
            try:
                await digest(clock.now())
            except Exception:
                log.exception("weekly digest failed")

        scheduler.add_job(weekly_digest, "interval", minutes=15, id="digest", **options)
    scheduler.add_job(prune, "interval", hours=6, id="prune_outbox", **options)
    scheduler.add_job(prune_events, "interval", hours=1, id="prune_events", **options)
    return scheduler
