"""Nudges: 3, 7 and 14 business days idle, at most one a week, business hours, then a pause."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.config import ROOT
from bot.content.model import Curriculum
from bot.core.actions import unstamped
from bot.core.context import CoachConfig
from bot.core.learning.nudges import VARIANTS
from bot.core.texts import t
from bot.delivery.dispatcher import Dispatcher
from bot.delivery.jobs import plan
from bot.storage.db import transaction
from bot.storage.models import Learner, Nudge
from tests.clocks import FixedClock
from tests.delivery_helpers import add_learner, add_org, outbox_rows
from tests.fakes import RecordingMessenger

LAST_SEEN = datetime(2026, 12, 1, 0, 0, tzinfo=UTC)  # Tuesday 1 December, 09:00 in Tokyo


def tokyo(day: int, hour: int = 9) -> datetime:
    """A time in Tokyo in December 2026, as UTC."""
    return datetime(2026, 12, day, hour, 0, tzinfo=UTC) - timedelta(hours=9)


async def nudges_at(sessions: async_sessionmaker[AsyncSession], now: datetime) -> int:
    result = await plan(sessions, now=now, default_calendar="JP")
    assert result is not None
    return result.nudges


async def status_of(sessions: async_sessionmaker[AsyncSession], learner_id: int) -> str:
    async with sessions() as session:
        learner = await session.get(Learner, learner_id)
        assert learner is not None
        return learner.status


async def test_the_ladder_3_7_14_business_days_then_pause(
    sessions: async_sessionmaker[AsyncSession], curriculum: Curriculum
) -> None:
    learner = await add_learner(sessions, await add_org(sessions), "U1", last_active_at=LAST_SEEN)
    assert await nudges_at(sessions, tokyo(3)) == 0  # Thursday: 2 business days
    assert await nudges_at(sessions, tokyo(4)) == 1  # Friday: 3
    assert await nudges_at(sessions, tokyo(4, 11)) == 0  # the same day again
    assert await nudges_at(sessions, tokyo(10)) == 0  # 7 business days, but within a week
    assert await nudges_at(sessions, tokyo(11)) == 1  # a week after the first
    assert await nudges_at(sessions, tokyo(18)) == 0  # 13 business days
    assert await nudges_at(sessions, tokyo(21)) == 1  # 14: the last one
    assert await status_of(sessions, learner) == "paused"
    assert await nudges_at(sessions, tokyo(28)) == 0  # paused: no more
    async with sessions() as session:
        steps = [(n.step, n.local_date.day) for n in await session.scalars(select(Nudge))]
    assert steps == [(1, 4), (2, 11), (3, 21)]
    # Each went out through the outbox: kind words with one-tap buttons, the last one pausing.
    clock = FixedClock(tokyo(21))
    messenger = RecordingMessenger()
    dispatcher = Dispatcher(sessions, {"slack": messenger}, curriculum, CoachConfig(), clock)
    await dispatcher.drain()
    nudges = [replies for _, replies in messenger.sent if replies[0].kind == "nudge"]
    assert len(nudges) == 1  # the earlier days' nudges are past and were not kept waiting
    [last] = nudges[0]
    assert "paused your lessons" in last.text and "`resume`" in last.text
    assert [unstamped(c.value) for c in last.choices] == ["cmd:resume", "cmd:today"]


async def test_a_nudge_offers_todays_lesson_and_pause(
    sessions: async_sessionmaker[AsyncSession], curriculum: Curriculum
) -> None:
    learner = await add_learner(
        sessions, await add_org(sessions), "U1", last_active_at=LAST_SEEN, locale="ja"
    )
    assert await nudges_at(sessions, tokyo(4)) == 1
    messenger = RecordingMessenger()
    clock = FixedClock(tokyo(4))
    await Dispatcher(sessions, {"slack": messenger}, curriculum, CoachConfig(), clock).drain()
    kinds = [replies[0].kind for _, replies in messenger.sent]
    assert kinds == ["nudge", "lesson"]  # the nudge first, then today's lesson
    nudge = messenger.sent[0][1][0]
    assert nudge.locale == "ja" and nudge.text in {t(key, "ja") for key in VARIANTS}
    assert [unstamped(c.value) for c in nudge.choices] == ["cmd:today", "cmd:pause"]
    assert await status_of(sessions, learner) == "active"


async def test_no_nudge_outside_business_hours_or_to_members_who_are_not_active(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    org = await add_org(sessions)
    for n, status in enumerate(("paused", "stopped", "unreachable", "new")):
        await add_learner(sessions, org, f"U{n}", status=status, last_active_at=LAST_SEEN)
    await add_learner(sessions, org, "U9", last_active_at=LAST_SEEN)  # delivery 08:30
    assert await nudges_at(sessions, tokyo(4, 8)) == 0  # before the delivery time
    assert await nudges_at(sessions, tokyo(4, 13)) == 0  # more than four hours after it
    assert await nudges_at(sessions, tokyo(5, 9)) == 0  # Saturday
    assert await nudges_at(sessions, tokyo(7, 9)) == 1  # Monday: only the active member


async def test_ladder_is_configurable_per_organisation_and_off_when_empty(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    quick = await add_learner(
        sessions, await add_org(sessions, "quick", nudge_days="1"), "U1", last_active_at=LAST_SEEN
    )
    await add_learner(
        sessions, await add_org(sessions, "none", nudge_days=""), "U2", last_active_at=LAST_SEEN
    )
    assert await nudges_at(sessions, tokyo(2)) == 1  # one business day, and it is the last
    assert await status_of(sessions, quick) == "paused"


async def test_activity_after_a_nudge_is_recorded_and_restarts_the_ladder(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    learner = await add_learner(sessions, await add_org(sessions), "U1", last_active_at=LAST_SEEN)
    assert await nudges_at(sessions, tokyo(4)) == 1
    async with transaction(sessions) as session:
        person = await session.get(Learner, learner)
        assert person is not None
        person.last_active_at = tokyo(5, 10)  # came back the next day (within 48 h)
    await plan(sessions, now=tokyo(5, 11), default_calendar="JP")
    async with sessions() as session:
        nudge = await session.scalar(select(Nudge))
    assert nudge is not None and nudge.reactivated_at == tokyo(5, 10)
    # Idle again from Saturday: three business days later is Wednesday (one week on from Fri).
    assert await nudges_at(sessions, tokyo(9)) == 0
    assert await nudges_at(sessions, tokyo(11)) == 1
    async with sessions() as session:
        assert [n.step for n in await session.scalars(select(Nudge).order_by(Nudge.id))] == [1, 1]


async def test_no_reactivation_without_activity(sessions: async_sessionmaker[AsyncSession]) -> None:
    await add_learner(sessions, await add_org(sessions), "U1", last_active_at=LAST_SEEN)
    assert await nudges_at(sessions, tokyo(4)) == 1
    await plan(sessions, now=tokyo(5, 11), default_calendar="JP")
    async with sessions() as session:
        nudge = await session.scalar(select(Nudge))
    assert nudge is not None and nudge.reactivated_at is None
    assert [r.kind for r in await outbox_rows(sessions)] == ["nudge", "lesson"]


def run_try(tmp_path: Path, lines: list[str], at: str) -> str:
    """Run `manabi try` from a pipe at a pretend time; return what it printed."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "OPENAI_"))}
    env["DATABASE_URL"] = f"sqlite+aiosqlite:///{tmp_path / 'try.db'}"
    env["MANABI_LESSONS_DIR"] = str(ROOT / "lessons")
    env["PYTHONPATH"] = str(ROOT)
    result = subprocess.run(
        [sys.executable, "-m", "bot", "try", "--user", "quiet", "--at", at],
        input="\n".join(lines) + "\n",
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_console_member_idle_for_three_business_days_is_nudged(tmp_path: Path) -> None:
    run_try(tmp_path, ["start", "2", "1"], "2026-12-01T09:00")  # Tuesday: starts, then quiet
    thursday = run_try(tmp_path, [], "2026-12-03T09:00")
    assert "Pause" not in thursday
    friday = run_try(tmp_path, [], "2026-12-04T09:00")
    assert "1) Today's lesson\n  2) Pause" in friday
    assert friday.index("Pause") < friday.index("Quiz 1/")  # the nudge, then the lesson
    again = run_try(tmp_path, [], "2026-12-04T10:00")
    assert "Pause" not in again  # once
