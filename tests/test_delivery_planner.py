"""Planning lessons: set-based, idempotent, business days and holidays, time zones."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import event, func, select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.delivery import planner
from bot.delivery.jobs import plan
from bot.storage.db import transaction
from bot.storage.models import LessonDelivery
from bot.storage.outbox import OutboxState
from tests.delivery_helpers import add_learner, add_org, outbox_rows

# Tuesday 1 December 2026, 09:00 in Tokyo = 01:00 in Berlin.
TUESDAY_0900_TOKYO = datetime(2026, 12, 1, 0, 0, tzinfo=UTC)


async def _plan(sessions: async_sessionmaker[AsyncSession], now: datetime) -> int:
    result = await plan(sessions, now=now, default_calendar="JP")
    assert result is not None
    return result.lessons


async def test_plans_one_lesson_per_due_learner_and_is_idempotent(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    org = await add_org(sessions, nudge_days="")
    due = await add_learner(sessions, org, "U1", minute=8 * 60 + 30)
    await add_learner(sessions, org, "U2", minute=9 * 60 + 30)  # later today
    await add_learner(sessions, org, "U3", status="paused")
    await add_learner(sessions, org, "U4", status="new")
    assert await _plan(sessions, TUESDAY_0900_TOKYO) == 1
    assert await _plan(sessions, TUESDAY_0900_TOKYO) == 0
    rows = await outbox_rows(sessions)
    assert [(r.kind, r.learner_id, r.dedupe_key) for r in rows] == [
        ("lesson", due, f"lesson:{due}:2026-12-01")
    ]
    assert rows[0].payload == {"local_date": "2026-12-01"}
    assert rows[0].state == OutboxState.PENDING and rows[0].workspace == "T1"
    async with sessions() as session:
        delivery = await session.scalar(select(LessonDelivery))
    assert delivery is not None and delivery.state == "planned" and delivery.lesson_id is None


async def test_concurrent_plans_insert_each_row_once(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    org = await add_org(sessions, nudge_days="")
    for n in range(20):
        await add_learner(sessions, org, f"U{n}")
    results = await asyncio.gather(
        *(plan(sessions, now=TUESDAY_0900_TOKYO, default_calendar="JP") for _ in range(4))
    )
    assert sum(r.lessons for r in results if r is not None) == 20
    assert len(await outbox_rows(sessions)) == 20
    async with sessions() as session:
        assert await session.scalar(select(func.count()).select_from(LessonDelivery)) == 20


async def test_no_lesson_when_the_learner_already_opened_today(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    org = await add_org(sessions, nudge_days="")
    learner = await add_learner(sessions, org, "U1")
    async with transaction(sessions) as session:
        session.add(
            LessonDelivery(
                learner_id=learner,
                local_date=TUESDAY_0900_TOKYO.date(),
                kind="lesson",
                state="sent",
                created_at=TUESDAY_0900_TOKYO,
            )
        )
    assert await _plan(sessions, TUESDAY_0900_TOKYO) == 0
    assert await outbox_rows(sessions) == []


async def test_weekends_and_holidays_of_the_organisation_calendar_are_off(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    japan = await add_org(sessions, "jp", calendar="JP", nudge_days="")
    germany = await add_org(sessions, "de", calendar="DE", nudge_days="")
    tokyo = await add_learner(sessions, japan, "U1", minute=0)
    berlin = await add_learner(sessions, germany, "U2", minute=0, timezone="Europe/Berlin")
    saturday = datetime(2026, 12, 5, 12, 0, tzinfo=UTC)
    assert await _plan(sessions, saturday) == 0
    # 23 November 2026 (Monday) is Labour Thanksgiving Day in Japan, a working day in Germany.
    labour_day = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
    assert await _plan(sessions, labour_day) == 1
    # 25 December 2026 (Friday) is a holiday in Germany, a working day in Japan.
    christmas = datetime(2026, 12, 25, 12, 0, tzinfo=UTC)
    assert await _plan(sessions, christmas) == 1
    assert [(r.learner_id, r.payload["local_date"]) for r in await outbox_rows(sessions)] == [
        (berlin, "2026-11-23"),
        (tokyo, "2026-12-25"),
    ]


async def test_time_zones_use_each_learners_local_date_and_time(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    org = await add_org(sessions, calendar="JP", nudge_days="")
    tokyo = await add_learner(sessions, org, "U1", minute=8 * 60 + 30)
    berlin = await add_learner(sessions, org, "U2", minute=8 * 60 + 30, timezone="Europe/Berlin")
    # 09:00 Tuesday in Tokyo is 01:00 Tuesday in Berlin: only Tokyo is due.
    assert await _plan(sessions, TUESDAY_0900_TOKYO) == 1
    # 08:30 Tuesday in Berlin is 16:30 Tuesday in Tokyo: Berlin is due, Tokyo already has one.
    berlin_0830 = datetime(2026, 12, 1, 7, 30, tzinfo=UTC)
    assert await _plan(sessions, berlin_0830) == 1
    # 23:20 Tuesday UTC is 08:20 Wednesday in Tokyo: a new day there, but not yet due.
    assert await _plan(sessions, datetime(2026, 12, 1, 23, 20, tzinfo=UTC)) == 0
    keys = [r.dedupe_key for r in await outbox_rows(sessions)]
    assert keys == [f"lesson:{tokyo}:2026-12-01", f"lesson:{berlin}:2026-12-01"]


class _Cancelled(Exception):
    """What the database says when it cancels a statement (a timeout, a restart)."""


async def test_a_cancelled_chunk_loses_nothing_planned_and_the_next_run_finishes_the_day(
    engine: AsyncEngine, sessions: async_sessionmaker[AsyncSession]
) -> None:
    org = await add_org(sessions, nudge_days="")
    learners = [await add_learner(sessions, org, f"U{n}") for n in range(25)]
    inserts = 0

    def cancel_the_second_chunk(_c: Any, _cur: Any, statement: str, *_a: Any) -> None:
        nonlocal inserts
        if statement.startswith("INSERT INTO lesson_deliveries"):
            inserts += 1
            if inserts == 2:
                raise _Cancelled("canceling statement due to statement timeout")

    event.listen(engine.sync_engine, "before_cursor_execute", cancel_the_second_chunk)
    try:
        with pytest.raises(_Cancelled):
            await plan(sessions, now=TUESDAY_0900_TOKYO, default_calendar="JP", chunk=10)
    finally:
        event.remove(engine.sync_engine, "before_cursor_execute", cancel_the_second_chunk)
    # The first ten learners' lessons were committed; the cancelled chunk left nothing.
    assert sorted(r.learner_id for r in await outbox_rows(sessions)) == learners[:10]
    result = await plan(
        sessions, now=TUESDAY_0900_TOKYO + timedelta(minutes=1), default_calendar="JP", chunk=10
    )
    assert result is not None and result.lessons == 15
    rows = await outbox_rows(sessions)
    assert sorted(r.learner_id for r in rows) == learners  # no one missed, no one twice
    assert {r.dedupe_key for r in rows} == {f"lesson:{n}:2026-12-01" for n in learners}
    async with sessions() as session:
        planned = (await session.scalars(select(LessonDelivery.learner_id))).all()
    assert sorted(planned) == learners


async def test_chunks_cover_every_id_once() -> None:
    assert planner.chunks(None, 10) == []
    assert planner.chunks((3, 3), 10) == [(3, 4)]
    assert planner.chunks((1, 25), 10) == [(1, 11), (11, 21), (21, 26)]
