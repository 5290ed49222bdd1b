"""Delivery in the server: the planning lock, its metrics, and a clean stop."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.app import App
from bot.content.model import Curriculum
from bot.core.conversation import Coach
from bot.delivery.jobs import PLAN_LOCK, plan
from bot.metrics import exposition
from bot.runtime import attach_delivery
from bot.storage.outbox import OutboxState
from tests.clocks import FixedClock
from tests.conftest import make_settings
from tests.delivery_helpers import add_learner, add_org, outbox_rows
from tests.fakes import RecordingMessenger

NOW = datetime(2026, 12, 1, 0, 5, tzinfo=UTC)


async def test_planning_steps_aside_while_another_replica_holds_the_lock(
    db_url: str, engine: AsyncEngine, sessions: async_sessionmaker[AsyncSession]
) -> None:
    if not db_url.startswith("postgresql"):
        pytest.skip("advisory locks are PostgreSQL's")
    await add_learner(sessions, await add_org(sessions, nudge_days=""), "U1")
    async with engine.connect() as other:
        await other.execute(text("SELECT pg_advisory_lock(:k)"), {"k": PLAN_LOCK})
        assert await plan(sessions, now=NOW, default_calendar="JP") is None
        await other.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": PLAN_LOCK})
    result = await plan(sessions, now=NOW, default_calendar="JP")
    assert result is not None and result.lessons == 1


async def test_the_server_plans_dispatches_serves_metrics_and_stops_cleanly(
    engine: AsyncEngine,
    sessions: async_sessionmaker[AsyncSession],
    curriculum: Curriculum,
    coach: Coach,
) -> None:
    await add_learner(sessions, await add_org(sessions, nudge_days=""), "U1")
    messenger = RecordingMessenger()
    settings = make_settings(database_url="sqlite+aiosqlite:///unused.db")
    app = App(
        settings,
        engine,
        sessions,
        curriculum,
        coach,
        clock=FixedClock(NOW),
        messengers={"slack": messenger},
    )
    web_app = web.Application()
    runtime = attach_delivery(web_app, app)
    async with TestClient(TestServer(web_app)):
        for _ in range(100):  # the scheduler plans at once; the dispatcher sends
            if messenger.sent:
                break
            await asyncio.sleep(0.05)
        assert len(messenger.sent) == 1
        body = exposition()[0].decode()
    assert 'manabi_outbox_sent_total{kind="lesson",platform="slack"}' in body
    assert "manabi_planner_duration_seconds_count" in body
    assert runtime.dispatcher.stopping.is_set()  # stopped with the server
    assert [r.state for r in await outbox_rows(sessions)] == [OutboxState.SENT]
