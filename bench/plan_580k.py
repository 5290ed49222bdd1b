"""Benchmark: plan one day's lessons (and nudges) for 580,000 learners in 180 organisations
and five time zones on PostgreSQL, and compare with a per-learner ORM loop on a sample.

    python -m bench.plan_580k            # MANABI_BENCH_LEARNERS=580000, sample 5000

Creates the database manabi_bench_plan on MANABI_BENCH_DATABASE_URL's server (default
postgresql+psycopg://postgres@127.0.0.1:5432/postgres) and drops it at the end.
"""

from __future__ import annotations

import asyncio
import json
import os
import platform
import time
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncSession

from bot.core.calendar import is_business_day, local_date, local_minute
from bot.delivery.jobs import plan
from bot.storage.db import create_engine, session_factory, transaction, upgrade
from bot.storage.models import Learner, LessonDelivery, Organisation, Outbox
from bot.storage.outbox import OutboxState

ADMIN_URL = os.environ.get(
    "MANABI_BENCH_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)
DB_NAME = "manabi_bench_plan"
LEARNERS = int(os.environ.get("MANABI_BENCH_LEARNERS", "580000"))
SAMPLE = int(os.environ.get("MANABI_BENCH_SAMPLE", "5000"))
ORGS = 180
# Tuesday 1 December 2026, 14:45 UTC: 23:45 in Tokyo, 22:45 in Singapore, 15:45 in Berlin,
# 14:45 in London and 09:45 in New York — the same business day everywhere, after 09:30.
NOW = datetime(2026, 12, 1, 14, 45, tzinfo=UTC)
SEED = """
INSERT INTO organisations (slug, name, calendar, nudge_days, created_at)
SELECT 'org' || g, 'Union ' || g,
       CASE WHEN g % 9 = 0 THEN 'DE' WHEN g % 17 = 0 THEN 'US' ELSE 'JP' END,
       '3,7,14', :now
FROM generate_series(1, :orgs) g;

INSERT INTO learners (platform, workspace, platform_user_id, organisation_id, locale, timezone,
                      delivery_minute, status, consent_at, last_active_at, created_at)
SELECT 'slack', 'T' || lpad((1 + g % :orgs)::text, 4, '0'), 'U' || lpad(g::text, 8, '0'),
       o.id, CASE WHEN g % 10 = 0 THEN 'en' ELSE 'ja' END,
       CASE WHEN g % 20 = 0 THEN 'Europe/London' WHEN g % 20 = 1 THEN 'Asia/Singapore'
            WHEN o.calendar = 'DE' THEN 'Europe/Berlin'
            WHEN o.calendar = 'US' THEN 'America/New_York' ELSE 'Asia/Tokyo' END,
       420 + g % 151,
       CASE WHEN g % 50 = 0 THEN 'paused' WHEN g % 97 = 0 THEN 'stopped' ELSE 'active' END,
       :now - interval '60 days', :now - (g % 30) * interval '1 day', :now - interval '60 days'
FROM generate_series(1, :learners) g JOIN organisations o ON o.id = 1 + g % :orgs;
"""


def database_url() -> str:
    """The bench database's URL."""
    return make_url(ADMIN_URL).set(database=DB_NAME).render_as_string(hide_password=False)


async def admin(sql: str) -> None:
    """Run one statement on the server's admin database."""
    engine = create_engine(ADMIN_URL, isolation_level="AUTOCOMMIT")
    async with engine.connect() as conn:
        await conn.execute(text(sql))
    await engine.dispose()


async def per_learner_loop(session: AsyncSession, now: datetime, limit: int) -> int:
    """The straightforward way: one learner at a time through the ORM."""
    planned = 0
    learners = await session.scalars(select(Learner).where(Learner.status == "active").limit(limit))
    for learner in learners.all():
        org = await session.get(Organisation, learner.organisation_id)
        calendar = org.calendar if org else "JP"
        today = local_date(now, learner.timezone)
        if not is_business_day(today, calendar):
            continue
        if local_minute(now, learner.timezone) < learner.delivery_minute:
            continue
        existing = await session.scalar(
            select(LessonDelivery).where(
                LessonDelivery.learner_id == learner.id,
                LessonDelivery.local_date == today,
                LessonDelivery.kind == "lesson",
            )
        )
        if existing is not None:
            continue
        session.add(
            LessonDelivery(learner_id=learner.id, local_date=today, kind="lesson", created_at=now)
        )
        session.add(
            Outbox(
                dedupe_key=f"lesson:{learner.id}:{today}",
                kind="lesson",
                learner_id=learner.id,
                platform=learner.platform,
                workspace=learner.workspace,
                payload={"local_date": today.isoformat()},
                state=OutboxState.PENDING,
                due_at=now,
                created_at=now,
            )
        )
        await session.flush()
        planned += 1
    return planned


async def main() -> None:
    """Seed, plan twice, run the loop on a sample, print the figures, drop the database."""
    await admin(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')
    await admin(f'CREATE DATABASE "{DB_NAME}"')
    engine = create_engine(database_url())
    try:
        await upgrade(engine)
        started = time.perf_counter()
        async with engine.begin() as conn:
            for statement in SEED.split(";"):
                if statement.strip():
                    await conn.execute(
                        text(statement), {"now": NOW, "orgs": ORGS, "learners": LEARNERS}
                    )
        async with engine.connect() as conn:
            await conn.execute(text("COMMIT"))
            await conn.execute(text("ANALYZE"))
        seeded = time.perf_counter() - started
        sessions = session_factory(engine)
        async with sessions() as session:
            active = await session.scalar(
                select(func.count()).select_from(Learner).where(Learner.status == "active")
            )
            zones = await session.scalar(select(func.count(func.distinct(Learner.timezone))))
        started = time.perf_counter()
        first = await plan(sessions, now=NOW, default_calendar="JP")
        first_s = time.perf_counter() - started
        started = time.perf_counter()
        again = await plan(sessions, now=NOW + timedelta(minutes=1), default_calendar="JP")
        again_s = time.perf_counter() - started
        assert first is not None and again is not None
        # The loop plans the next day (Wednesday) for a sample, so it has work to do.
        started = time.perf_counter()
        async with transaction(sessions) as session:
            looped = await per_learner_loop(session, NOW + timedelta(days=1), SAMPLE)
        loop_s = time.perf_counter() - started
        per_learner = loop_s / max(looped, 1)
        figures = {
            "machine": f"{platform.node()} · {os.cpu_count()} CPUs · "
            f"Python {platform.python_version()}",
            "learners": LEARNERS,
            "active": active,
            "organisations": ORGS,
            "time_zones": zones,
            "seed_seconds": round(seeded, 1),
            "plan_seconds": round(first_s, 2),
            "lessons_planned": first.lessons,
            "nudges_planned": first.nudges,
            "plan_again_seconds": round(again_s, 2),
            "planned_again": again.lessons + again.nudges,
            "loop_sample": looped,
            "loop_seconds": round(loop_s, 2),
            "loop_ms_per_learner": round(per_learner * 1000, 3),
            "loop_extrapolated_seconds": round(per_learner * first.lessons, 1),
            "speedup": round(per_learner * first.lessons / first_s, 1),
        }
        print(json.dumps(figures, ensure_ascii=False), flush=True)
    finally:
        await engine.dispose()
        await admin(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')


if __name__ == "__main__":
    asyncio.run(main())
