"""A lesson is several platform messages: a 429 part-way resumes after the parts that
arrived, so nothing is sent twice and nothing is lost."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.channels.slack import render as slack_render
from bot.channels.slack.messenger import SlackMessenger
from bot.content.model import Curriculum
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
        assert (row.state, row.payload.get("sent_parts")) == (OutboxState.PENDING, 1)
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
