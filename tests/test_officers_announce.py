"""Announcements: each cohort member gets one message, in their language, through the outbox
and the real Slack messenger against the fake Slack Web API; counts; scheduling; cancelling."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.channels.slack.messenger import SlackMessenger
from bot.content.model import Curriculum
from bot.core.context import CoachConfig
from bot.core.officers.announcements import Announcements, Draft
from bot.core.officers.roles import NotAllowed, Refused
from bot.delivery.dispatcher import DispatchConfig, Dispatcher
from tests.clocks import FixedClock
from tests.delivery_helpers import outbox_rows
from tests.officers_helpers import NOW, add_cohort, add_member, scope
from tests.slack_fake import BOT_TOKEN, FakeSlack


@pytest.fixture
async def slack() -> AsyncIterator[FakeSlack]:
    """A running fake Slack Web API."""
    fake = FakeSlack()
    await fake.start()
    yield fake
    await fake.stop()


async def token_for(workspace: str) -> str | None:
    """Every workspace is installed with the test token."""
    return BOT_TOKEN


async def drain(
    sessions: async_sessionmaker[AsyncSession],
    curriculum: Curriculum,
    clock: FixedClock,
    slack: FakeSlack,
) -> int:
    """Run the outbox dispatcher, with the real Slack messenger on the fake API,
    until nothing is due; return how many rows it handled."""
    messenger = SlackMessenger(token_for, slack.url)
    config = DispatchConfig(lease=timedelta(seconds=60))
    dispatcher = Dispatcher(
        sessions, {"slack": messenger}, curriculum, CoachConfig(), clock, config=config
    )
    try:
        return await dispatcher.drain()
    finally:
        await messenger.close()


@pytest.fixture
async def cohort(sessions: async_sessionmaker[AsyncSession]) -> dict[str, int]:
    """Cohort tokyo: an officer, three members (ja, en, en), a paused and a stopped member;
    cohort osaka: one member who must get nothing."""
    tokyo = await add_cohort(sessions, "union", "tokyo")
    osaka = await add_cohort(sessions, "union", "osaka")
    return {
        "officer": await add_member(sessions, tokyo, "UOFFICER", role="officer", locale="ja"),
        "ja": await add_member(sessions, tokyo, "UJA", locale="ja"),
        "en": await add_member(sessions, tokyo, "UEN", locale="en"),
        "en2": await add_member(sessions, tokyo, "UEN2", locale="en"),
        "paused": await add_member(sessions, tokyo, "UPAUSED", locale="ja", status="paused"),
        "stopped": await add_member(sessions, tokyo, "USTOPPED", locale="ja", status="stopped"),
        "osaka": await add_member(sessions, osaka, "UOSAKA", locale="ja"),
    }


async def test_an_announcement_reaches_each_cohort_member_once_in_their_language(
    sessions: async_sessionmaker[AsyncSession],
    curriculum: Curriculum,
    cohort: dict[str, int],
    slack: FakeSlack,
) -> None:
    officer = await scope(sessions, cohort["officer"])
    service = Announcements(sessions)
    draft = Draft(
        "union", "tokyo", text_ja="金曜に説明会があります。", text_en="Briefing on Friday."
    )
    preview = await service.preview(officer, draft, NOW)
    assert preview.recipients == 5 and preview.by_locale == {"ja": 3, "en": 2}
    assert await outbox_rows(sessions) == []  # a preview sends nothing
    status = await service.send(officer, draft, NOW)
    assert (status.state, status.pending, status.delivered) == ("queued", 5, 0)
    rows = await outbox_rows(sessions)
    assert {r.dedupe_key for r in rows} == {
        f"ann:{status.id}:{cohort[k]}" for k in ("officer", "ja", "en", "en2", "paused")
    }
    assert rows[0].payload["text"] == {"ja": draft.text_ja, "en": draft.text_en}

    clock = FixedClock(NOW)
    assert await drain(sessions, curriculum, clock, slack) == 5
    assert await drain(sessions, curriculum, clock, slack) == 0
    posts = slack.of("chat.postMessage")
    by_channel = {c.args["channel"]: str(c.args.get("text", "")) for c in posts}
    assert len(posts) == len(by_channel) == 5  # once each
    assert "Briefing on Friday." in by_channel["DUEN"] and "Briefing" in by_channel["DUEN2"]
    assert "金曜に説明会があります。" in by_channel["DUJA"]
    assert "金曜" in by_channel["DUOFFICER"] and "金曜" in by_channel["DUPAUSED"]
    assert "DUSTOPPED" not in by_channel and "DUOSAKA" not in by_channel

    again = await service.send(officer, draft, NOW)  # a second announcement is a new message
    assert again.id != status.id
    done = await service.status(officer, status.id)
    assert (done.delivered, done.pending, done.failed) == (5, 0, 0)


async def test_one_language_only_goes_to_everyone_and_a_failure_is_counted(
    sessions: async_sessionmaker[AsyncSession],
    curriculum: Curriculum,
    cohort: dict[str, int],
    slack: FakeSlack,
) -> None:
    officer = await scope(sessions, cohort["officer"])
    service = Announcements(sessions)
    draft = Draft("union", "tokyo", text_ja="来週はお休みです。")
    preview = await service.preview(officer, draft, NOW)
    assert preview.fallback == ("en",) and preview.texts["en"] == "来週はお休みです。"
    status = await service.send(officer, draft, NOW)
    slack.fail("chat.postMessage", error="account_inactive")
    await drain(sessions, curriculum, FixedClock(NOW), slack)
    after = await service.status(officer, status.id)
    assert (after.delivered, after.failed + after.cancelled, after.pending) == (4, 1, 0)


async def test_a_scheduled_announcement_waits_and_can_be_cancelled_before_it_goes(
    sessions: async_sessionmaker[AsyncSession],
    curriculum: Curriculum,
    cohort: dict[str, int],
    slack: FakeSlack,
) -> None:
    officer = await scope(sessions, cohort["officer"])
    service = Announcements(sessions)
    at = NOW + timedelta(hours=3)
    status = await service.send(officer, Draft("union", "tokyo", text_en="Later", at=at), NOW)
    assert status.state == "scheduled" and status.pending == 5
    assert await drain(sessions, curriculum, FixedClock(NOW), slack) == 0
    cancelled = await service.cancel(officer, status.id, NOW + timedelta(hours=1))
    assert (cancelled.state, cancelled.cancelled, cancelled.pending) == ("cancelled", 5, 0)
    assert await drain(sessions, curriculum, FixedClock(at), slack) == 0
    assert slack.of("chat.postMessage") == []
    with pytest.raises(Refused):
        await service.cancel(officer, status.id, NOW)

    sent = await service.send(officer, Draft("union", "tokyo", text_en="Soon", at=at), NOW)
    with pytest.raises(Refused) as too_late:
        await service.cancel(officer, sent.id, at)
    assert too_late.value.key == "announcement_already_sent"


async def test_empty_or_past_announcements_are_refused_with_a_reason(
    sessions: async_sessionmaker[AsyncSession], cohort: dict[str, int]
) -> None:
    officer = await scope(sessions, cohort["officer"])
    service = Announcements(sessions)
    with pytest.raises(Refused) as empty:
        await service.send(officer, Draft("union", "tokyo", " ", ""), NOW)
    assert empty.value.key == "announcement_empty"
    with pytest.raises(Refused) as past:
        await service.send(officer, Draft("union", "tokyo", "x", at=NOW - timedelta(1)), NOW)
    assert past.value.key == "announcement_past"
    with pytest.raises(Refused) as unknown:
        await service.send(officer, Draft("union", "nagoya", "x"), NOW)
    assert unknown.value.key == "unknown_cohort"
    assert await outbox_rows(sessions) == []


async def test_a_member_who_tries_to_announce_is_refused_and_nothing_is_queued(
    sessions: async_sessionmaker[AsyncSession], cohort: dict[str, int]
) -> None:
    member = await scope(sessions, cohort["en"])
    with pytest.raises(NotAllowed) as refused:
        await Announcements(sessions).send(member, Draft("union", "tokyo", text_en="hi"), NOW)
    assert str(refused.value) == "Only union officers can do this."
    assert await outbox_rows(sessions) == []
