"""Recurring announcements: a weekly reminder goes out once per occurrence to the cohort's
members, however many replicas plan it and however often; a missed one is not sent late; it
stops when cancelled."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.content.model import Curriculum
from bot.core.officers.announcements import Announcements, Draft, plan_occurrences
from bot.core.officers.recurring import Weekly, parse_weekly
from bot.delivery.jobs import plan_announcements
from bot.storage.outbox import OutboxState
from tests.clocks import FixedClock
from tests.delivery_helpers import outbox_rows
from tests.officers_helpers import NOW, add_cohort, add_member, scope
from tests.slack_fake import FakeSlack
from tests.test_officers_announce import drain

MONDAY = datetime(2026, 12, 7, 0, 0, tzinfo=UTC)  # Monday 7 December, 09:00 in Tokyo
WEEKLY = Weekly(0, 9 * 60, "Asia/Tokyo")


def test_a_weekday_and_time_are_read_in_english_japanese_and_full_width() -> None:
    for text in ("monday 09:00", "Mon 9:00", "月 09:00", "月曜日 9:00", "ｍｏｎｄａｙ　０９：００"):
        assert parse_weekly(text, "Asia/Tokyo") == WEEKLY, text
    for text in ("someday 09:00", "monday 25:00", "mo 09:00", "monday", ""):
        with pytest.raises(ValueError):
            parse_weekly(text, "Asia/Tokyo")


def test_occurrences_keep_their_local_time_across_a_clock_change() -> None:
    berlin = Weekly(0, 9 * 60, "Europe/Berlin")
    before = berlin.following(datetime(2027, 3, 23, tzinfo=UTC))  # a Tuesday, winter time
    after = berlin.following(before + timedelta(minutes=1))
    assert before.isoformat() == "2027-03-29T09:00:00+02:00"  # the day after the change
    assert after.isoformat() == "2027-04-05T09:00:00+02:00"
    assert berlin.latest(after - timedelta(seconds=1)) == before
    assert berlin.latest(after) == after == berlin.following(after)
    assert WEEKLY.following(NOW) == MONDAY  # from Tuesday 09:05 in Tokyo: next Monday


@pytest.fixture
async def slack() -> AsyncIterator[FakeSlack]:
    """A running fake Slack Web API."""
    fake = FakeSlack()
    await fake.start()
    yield fake
    await fake.stop()


async def test_a_weekly_reminder_goes_out_once_per_occurrence_until_cancelled(
    sessions: async_sessionmaker[AsyncSession], curriculum: Curriculum, slack: FakeSlack
) -> None:
    tokyo = await add_cohort(sessions, "union", "tokyo")
    officer = await add_member(sessions, tokyo, "UOFFICER", role="officer")
    for n in range(3):
        await add_member(sessions, tokyo, f"UM{n}")
    service = Announcements(sessions)
    draft = Draft("union", "tokyo", text_ja="月曜の勉強会は10時から", every=WEEKLY)
    made = await service.send(await scope(sessions, officer), draft, NOW)
    assert (made.state, made.scheduled_for, made.pending, made.every) == (
        "recurring",
        MONDAY,
        0,
        WEEKLY,
    )
    assert await plan_occurrences(sessions, NOW) == 0  # last Monday was before it began

    # Two replicas plan the same minute at once, and again a minute later: four rows, once.
    first = await asyncio.gather(*(plan_announcements(sessions, now=MONDAY) for _ in range(2)))
    assert sorted(first) == [0, 4]
    assert await plan_announcements(sessions, now=MONDAY + timedelta(minutes=1)) == 0
    rows = await outbox_rows(sessions)
    assert {r.dedupe_key for r in rows} == {
        f"ann:{made.id}:2026-12-07:{r.learner_id}" for r in rows
    }
    assert {r.due_at for r in rows} == {MONDAY}
    assert await drain(sessions, curriculum, FixedClock(MONDAY), slack) == 4
    assert len(slack.of("chat.postMessage")) == 4

    late = await add_member(sessions, tokyo, "UNEW")  # joins before the next occurrence
    assert await plan_occurrences(sessions, MONDAY + timedelta(days=7, hours=13)) == 0  # too late
    assert await plan_occurrences(sessions, MONDAY + timedelta(days=14)) == 5
    assert late in {r.learner_id for r in await outbox_rows(sessions)}

    officer_scope = await scope(sessions, officer)
    cancelled = await service.cancel(officer_scope, made.id, MONDAY + timedelta(days=14, hours=-1))
    assert (cancelled.state, cancelled.delivered, cancelled.cancelled) == ("cancelled", 4, 5)
    assert await plan_occurrences(sessions, MONDAY + timedelta(days=21)) == 0
    assert {r.state for r in await outbox_rows(sessions)} == {
        OutboxState.SENT,
        OutboxState.CANCELLED,
    }
