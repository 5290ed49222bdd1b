"""Composing claimed lesson rows in one process on PostgreSQL: CPU per row, optionally profiled.

Seeds n learners with a planned delivery and a lesson outbox row for today (as the planner
leaves them), claims every row in batches of 200 first, then times only
`Composer.compose_lessons` over those batches — the dispatcher's batch composition without
sending.

    python -m bench.compose                # 1,000 rows: CPU ms per row
    python -m bench.compose --rows 600 --profile   # and the top of a cProfile by own time

MANABI_BENCH_DATABASE_URL names the PostgreSQL server (see bench/dispatch.py); the database
(MANABI_BENCH_DB, default manabi_bench_compose) is dropped at the end.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import json
import os
import pstats
import time
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from bench import dispatch
from bot.app import SystemClock
from bot.config import ROOT
from bot.content.loader import load_curriculum
from bot.core.context import CoachConfig
from bot.delivery.compose import Composer
from bot.storage import outbox
from bot.storage.db import create_engine, session_factory, transaction

BATCH = 200
# Its own database, so it can run beside `bench.dispatch`.
dispatch.DB_NAME = os.environ.get("MANABI_BENCH_DB", "manabi_bench_compose")


async def seed(rows: int) -> None:
    """A fresh bench database with `rows` lesson rows due now, in a zone where it is a workday."""
    now = datetime.now(UTC)
    zone = dispatch.business_zone(now)
    if zone is None:
        raise SystemExit("it is a weekend in every candidate time zone")
    day = now.astimezone(ZoneInfo(zone)).date().isoformat()
    await dispatch.create_database()
    await dispatch.seed(rows, status="active", zone=zone, minute=0, announce=False)
    await dispatch.sql(
        "INSERT INTO lesson_deliveries (learner_id, local_date, kind, state, created_at)"
        " SELECT id, CAST(:day AS date), 'lesson', 'planned', now() FROM learners",
        day=day,
    )
    await dispatch.sql(
        "INSERT INTO outbox (dedupe_key, kind, learner_id, platform, workspace, payload,"
        " state, due_at, attempts, created_at)"
        " SELECT 'lesson:' || id || ':' || :day, 'lesson', id, 'slack', workspace,"
        " CAST(:payload AS json), 'pending', now(), 0, now() FROM learners",
        day=day,
        payload=json.dumps({"local_date": day}),
    )
    await dispatch.sql("ANALYZE")


async def run(rows: int, profile: bool) -> None:
    """Claim every row, then compose the batches; print CPU and wall time per row."""
    await seed(rows)
    engine = create_engine(dispatch.database_url())
    sessions = session_factory(engine)
    composer = Composer(sessions, load_curriculum(ROOT / "lessons"), CoachConfig(), SystemClock())
    batches = []
    while True:
        async with transaction(sessions) as session:
            jobs = await outbox.claim(
                session,
                worker="bench",
                now=datetime.now(UTC),
                lease=timedelta(minutes=30),
                limit=BATCH,
                platforms=["slack"],
            )
        if not jobs:
            break
        batches.append(jobs)
    profiler = cProfile.Profile()
    cpu, wall, composed = time.process_time(), time.monotonic(), 0
    if profile:
        profiler.enable()
    for jobs in batches:
        replies = await composer.compose_lessons(jobs)
        composed += sum(1 for sent in replies.values() if sent and sent[0].kind == "lesson")
    profiler.disable()
    cpu, wall = time.process_time() - cpu, time.monotonic() - wall
    await engine.dispose()
    print(
        json.dumps(
            {
                "rows": rows,
                "lessons_composed": composed,
                "cpu_ms_per_row": round(cpu * 1000 / rows, 2),
                "wall_ms_per_row": round(wall * 1000 / rows, 2),
                "profiled": profile,
                "load_average": " ".join(f"{x:.2f}" for x in os.getloadavg()),
            }
        ),
        flush=True,
    )
    if profile:
        pstats.Stats(profiler).sort_stats("tottime").print_stats(25)


async def main(rows: int, profile: bool) -> None:
    """Run, then drop the bench database."""
    try:
        await run(rows, profile)
    finally:
        await dispatch.admin(f'DROP DATABASE IF EXISTS "{dispatch.DB_NAME}" WITH (FORCE)')


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="Manabi lesson composition benchmark")
    parser.add_argument("--rows", type=int, default=1000)
    parser.add_argument("--profile", action="store_true", help="print a cProfile by own time")
    args = parser.parse_args()
    asyncio.run(main(args.rows, args.profile))
