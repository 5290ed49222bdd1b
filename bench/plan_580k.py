"""Benchmark: plan one day's lessons (and nudges) on PostgreSQL for 58,000, 580,000 and
1,160,000 learners with a week of delivery history, and compare with a batched ORM loop.

    python -m bench.plan_580k            # MANABI_BENCH_SIZES=58000,580000,1160000

Each size gets a fresh database (MANABI_BENCH_DB, default manabi_bench_plan, on
MANABI_BENCH_DATABASE_URL's server, default postgresql+psycopg://postgres@127.0.0.1:5432/postgres)
that is dropped at the end. 180 organisations on four holiday calendars (JP, DE, US, and RO,
whose National Day is the planned day) with four nudge ladders; learners in 20 time zones;
seven days of lesson deliveries before the planned day and yesterday's sent outbox rows;
ANALYZE runs after seeding, so the statistics hold no row of the planned day.
"""

from __future__ import annotations

import asyncio
import json
import os
import platform
import time
from collections import defaultdict
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select, text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.core.calendar import is_business_day, local_date, local_minute
from bot.delivery.jobs import plan
from bot.storage.db import create_engine, session_factory, transaction, upgrade
from bot.storage.models import Learner, LessonDelivery, Organisation, Outbox
from bot.storage.outbox import OutboxState

ADMIN_URL = os.environ.get(
    "MANABI_BENCH_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)
DB_NAME = os.environ.get("MANABI_BENCH_DB", "manabi_bench_plan")
SIZES = [int(n) for n in os.environ.get("MANABI_BENCH_SIZES", "58000,580000,1160000").split(",")]
SAMPLE = int(os.environ.get("MANABI_BENCH_SAMPLE", "50000"))  # learners the ORM loop plans
BATCH = 1000  # learners per ORM batch (one query for existing deliveries, one flush)
ORGS = 180
# Tuesday 1 December 2026, 14:45 UTC: a business day in JP, DE and US, a holiday in RO.
NOW = datetime(2026, 12, 1, 14, 45, tzinfo=UTC)
ZONES = [
    "Asia/Tokyo",
    "Asia/Seoul",
    "Asia/Shanghai",
    "Asia/Singapore",
    "Asia/Bangkok",
    "Asia/Kolkata",
    "Asia/Dubai",
    "Europe/Moscow",
    "Europe/Bucharest",
    "Europe/Berlin",
    "Europe/Paris",
    "Europe/London",
    "Atlantic/Azores",
    "America/Sao_Paulo",
    "America/New_York",
    "America/Chicago",
    "America/Denver",
    "America/Los_Angeles",
    "Australia/Sydney",
    "Pacific/Auckland",
]
SEED = """
INSERT INTO organisations (slug, name, calendar, nudge_days, created_at)
SELECT 'org' || g, 'Union ' || g,
       CASE WHEN g % 9 = 0 THEN 'DE' WHEN g % 17 = 0 THEN 'US' WHEN g % 23 = 0 THEN 'RO'
            ELSE 'JP' END,
       CASE g % 4 WHEN 0 THEN '3,7,14' WHEN 1 THEN '2,5' WHEN 2 THEN '5' ELSE '' END, :now
FROM generate_series(1, :orgs) g;

INSERT INTO learners (platform, workspace, platform_user_id, organisation_id, locale, timezone,
                      delivery_minute, status, consent_at, last_active_at, created_at)
SELECT 'slack', 'T' || lpad((1 + g % :orgs)::text, 4, '0'), 'U' || lpad(g::text, 8, '0'),
       o.id, CASE WHEN g % 10 = 0 THEN 'en' ELSE 'ja' END,
       (CAST(:zones AS text[]))[1 + (g / :orgs) % 20],
       420 + g % 151,
       CASE WHEN g % 50 = 0 THEN 'paused' WHEN g % 97 = 0 THEN 'stopped' ELSE 'active' END,
       :now - interval '60 days', :now - (g % 30) * interval '1 day', :now - interval '60 days'
FROM generate_series(1, :learners) g JOIN organisations o ON o.id = 1 + g % :orgs;

INSERT INTO lesson_deliveries (learner_id, local_date, kind, state, created_at, lesson_id)
SELECT l.id, (:now)::date - d, 'lesson', 'sent', :now - d * interval '1 day', 'lesson-' || d
FROM learners l CROSS JOIN generate_series(1, 7) d WHERE l.status = 'active';

INSERT INTO outbox (dedupe_key, kind, learner_id, platform, workspace, payload, state, due_at,
                    attempts, created_at, sent_at)
SELECT 'lesson:' || l.id || ':' || ((:now)::date - 1), 'lesson', l.id, l.platform, l.workspace,
       '{}', 'sent', :now - interval '1 day', 1, :now - interval '1 day', :now - interval '1 day'
FROM learners l WHERE l.status = 'active';
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


async def batched_orm_loop(
    sessions: async_sessionmaker[AsyncSession], now: datetime, limit: int
) -> int:
    """The ORM way, batched: learners a thousand at a time, their existing deliveries in one
    query per batch, one flush and one commit per batch (no flush per learner)."""
    planned, after, seen = 0, 0, 0
    calendars: dict[int | None, str] = {}
    days: dict[tuple[str, str], tuple[date, int] | None] = {}
    while seen < limit:
        async with transaction(sessions) as session:
            if not calendars:
                orgs = await session.scalars(select(Organisation))
                calendars = {org.id: org.calendar or "JP" for org in orgs}
            learners = (
                await session.scalars(
                    select(Learner)
                    .where(Learner.status == "active", Learner.id > after)
                    .order_by(Learner.id)
                    .limit(min(BATCH, limit - seen))
                )
            ).all()
            if not learners:
                break
            seen += len(learners)
            after = learners[-1].id
            due: dict[int, tuple[Learner, date]] = {}
            for learner in learners:
                calendar = calendars.get(learner.organisation_id, "JP")
                key = (learner.timezone, calendar)
                if key not in days:
                    today = local_date(now, learner.timezone)
                    ok = is_business_day(today, calendar)
                    days[key] = (today, local_minute(now, learner.timezone)) if ok else None
                day = days[key]
                if day is not None and learner.delivery_minute <= day[1]:
                    due[learner.id] = (learner, day[0])
            by_date: dict[date, list[int]] = defaultdict(list)
            for learner_id, (_, today) in due.items():
                by_date[today].append(learner_id)
            for today, ids in by_date.items():
                existing = await session.scalars(
                    select(LessonDelivery.learner_id).where(
                        LessonDelivery.learner_id.in_(ids),
                        LessonDelivery.local_date == today,
                        LessonDelivery.kind == "lesson",
                    )
                )
                for learner_id in existing:
                    due.pop(learner_id, None)
            for learner, today in due.values():
                session.add(
                    LessonDelivery(
                        learner_id=learner.id, local_date=today, kind="lesson", created_at=now
                    )
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
            planned += len(due)
    return planned


def load() -> str:
    """The 1, 5 and 15-minute load averages."""
    return " ".join(f"{n:.2f}" for n in os.getloadavg())


async def one_size(learners: int) -> dict[str, object]:
    """Seed one size, plan twice, run the loop on a sample; return the figures."""
    await admin(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')
    await admin(f'CREATE DATABASE "{DB_NAME}"')
    engine = create_engine(database_url())
    try:
        await upgrade(engine)
        started = time.perf_counter()
        params = {"now": NOW, "orgs": ORGS, "learners": learners, "zones": ZONES}
        async with engine.begin() as conn:
            for statement in SEED.split(";"):
                if statement.strip():
                    await conn.execute(text(statement), params)
        async with engine.connect() as conn:
            await conn.execute(text("COMMIT"))
            await conn.execute(text("ANALYZE"))
            await conn.commit()
        seeded = time.perf_counter() - started
        sessions = session_factory(engine)
        load_before = load()
        started = time.perf_counter()
        first = await plan(sessions, now=NOW, default_calendar="JP")
        first_s = time.perf_counter() - started
        started = time.perf_counter()
        again = await plan(sessions, now=NOW + timedelta(minutes=1), default_calendar="JP")
        again_s = time.perf_counter() - started
        assert first is not None and again is not None
        # The loop plans the next day (Wednesday) for a sample, so it has work to do.
        started = time.perf_counter()
        looped = await batched_orm_loop(sessions, NOW + timedelta(days=1), SAMPLE)
        loop_s = time.perf_counter() - started
        per_learner = loop_s / max(looped, 1)
        async with engine.connect() as conn:
            twice = await conn.scalar(
                text(
                    "SELECT count(*) FROM (SELECT learner_id FROM outbox WHERE kind = 'lesson' "
                    "AND created_at = :now GROUP BY learner_id HAVING count(*) > 1) t"
                ),
                {"now": NOW},
            )
        return {
            "learners": learners,
            "seed_s": round(seeded, 1),
            "plan_s": round(first_s, 2),
            "lessons": first.lessons,
            "nudges": first.nudges,
            "again_s": round(again_s, 2),
            "again_rows": again.lessons + again.nudges,
            "planned_twice": twice,
            "loop_sample": looped,
            "loop_ms_per_lesson": round(per_learner * 1000, 3),
            "loop_extrapolated_s": round(per_learner * first.lessons, 1),
            "speedup": round(per_learner * first.lessons / first_s, 1),
            "load_before": load_before,
            "load_after": load(),
        }
    finally:
        await engine.dispose()
        await admin(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')


async def main() -> None:
    """Run every size and print the figures side by side."""
    print(
        f"# {platform.node()} · {os.cpu_count()} CPUs · Python {platform.python_version()}",
        flush=True,
    )
    results = []
    for size in SIZES:
        figures = await one_size(size)
        print(json.dumps(figures), flush=True)
        results.append(figures)
    keys = [key for key in results[0] if key != "learners"]
    print(f"{'':22}" + "".join(f"{r['learners']:>18,}" for r in results))
    for key in keys:
        print(f"{key:22}" + "".join(f"{r[key]!s:>18}" for r in results))


if __name__ == "__main__":
    asyncio.run(main())
