"""A lesson is several platform messages: a 429 part-way resumes after the parts that
arrived, so nothing is sent twice and nothing is lost."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import timedelta

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.channels.slack import render as slack_render
from bot.channels.slack.messenger import SlackMessenger
from bot.content.model import Curriculum
from bot.core.messages import Reply
from bot.core.ports import Address, Delivered, RateLimited
from bot.delivery.jobs import plan
from bot.storage.outbox import OutboxState
from tests.clocks import FixedClock
from tests.delivery_helpers import add_learner, add_org, outbox_rows
from tests.slack_fake import BOT_TOKEN, FakeSlack
from tests.test_delivery_dispatch import NOW, make_dispatcher


@pytest.fixture
async def slack() -> AsyncIterator[FakeSlack]:
    """The fake Slack Web API on a loopback port."""
    fake = FakeSlack()
    await fake.start()
    yield fake
    await fake.stop()


async def token_for(workspace: str) -> str | None:
    """Every workspace has the test bot token."""
    return BOT_TOKEN


def delivered_posts(slack: FakeSlack) -> list[str]:
    """The text of each chat.postMessage the fake accepted."""
    return [str(call.args.get("text")) for call in slack.of("chat.postMessage") if call.result]


async def test_a_429_after_the_lesson_text_sends_only_the_question_on_retry(
    sessions: async_sessionmaker[AsyncSession],
    curriculum: Curriculum,
    slack: FakeSlack,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A lesson too long to share a message with its question goes as two messages.
    monkeypatch.setattr(slack_render, "MAX_MESSAGE", 100)
    clock = FixedClock(NOW)
    await add_learner(sessions, await add_org(sessions, nudge_days=""), "U1")
    await plan(sessions, now=NOW, default_calendar="JP")
    messenger = SlackMessenger(token_for, slack.url, timeout=5)
    try:
        dispatcher = make_dispatcher(sessions, curriculum, clock, messenger)
        slack.fail("chat.postMessage", status=429, retry_after=1, after=1)
        assert await dispatcher.drain() == 1
        [row] = await outbox_rows(sessions)
        assert (row.state, len(row.message_ids or [])) == (OutboxState.PENDING, 1)
        assert row.sending_since is None  # a 429: exactly the lesson arrived
        assert len(delivered_posts(slack)) == 1  # the lesson went, the question did not
        clock.set(NOW + timedelta(seconds=2))
        dispatcher.limits.buckets.clear()
        assert await dispatcher.drain() == 1
    finally:
        await messenger.close()
    posts = delivered_posts(slack)
    assert len(posts) == 2, posts
    title = curriculum.lessons[0].meta.title.en
    assert sum(title in text for text in posts) == 1  # the lesson once
    assert "Quiz 1/" in posts[1]  # then its first question, once
    [row] = await outbox_rows(sessions)
    assert row.state == OutboxState.SENT


async def test_the_platform_tells_which_replies_of_a_row_arrived(slack: FakeSlack) -> None:
    """Recovery's fallback: the DM's latest messages say how many of the row's replies are
    there (each names its row and part), and whether the last one is."""
    messenger = SlackMessenger(token_for, slack.url, timeout=5)
    address = Address(7, "slack", "T0TEST", "U0MEMBER", key="lesson:7:2026-12-01")
    other = replace(address, key="lesson:7:2026-11-30")
    replies = [Reply(text="the lesson"), Reply(text="the question")]
    seen: list[tuple[int, str]] = []
    try:
        assert await messenger.find_delivered(address) is None
        await messenger.send(other, replies)
        slack.fail("chat.postMessage", status=429, retry_after=1, after=1)
        with pytest.raises(RateLimited):
            await messenger.send(address, replies, lambda n, ts: seen.append((n, ts)))
        [(count, first)] = seen
        assert count == 1
        assert await messenger.find_delivered(address) == Delivered(1, first, complete=False)
        last = await messenger.send(replace(address, part=1), replies[1:])
        assert await messenger.find_delivered(address) == Delivered(2, last, complete=True)
    finally:
        await messenger.close()
    reads = slack.of("conversations.history")
    assert len(reads) == 3 and all(r.args.get("limit") in (20, "20") for r in reads)  # bounded
