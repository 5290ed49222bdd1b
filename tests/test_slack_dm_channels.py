"""Each learner's Slack DM is opened once, ever: the channel id is kept with the learner and
every later send, in any process, posts to it without conversations.open."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.channels.slack.messenger import OpenLimiter, SlackMessenger
from bot.content.model import Curriculum
from bot.delivery.channel_book import StoredChannels
from bot.delivery.jobs import plan
from bot.storage.models import Learner
from tests.conftest import FixedClock
from tests.delivery_helpers import add_learner, add_org
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


async def test_the_dm_is_opened_once_and_reused_by_a_fresh_process(
    sessions: async_sessionmaker[AsyncSession], curriculum: Curriculum, slack: FakeSlack
) -> None:
    learner = await add_learner(sessions, await add_org(sessions, nudge_days=""), "U1")
    for day in range(2):  # Tuesday's lesson, then Wednesday's, each by a new "process"
        now = NOW + timedelta(days=day)
        await plan(sessions, now=now, default_calendar="JP")
        book = StoredChannels(sessions)
        messenger = SlackMessenger(token_for, slack.url, timeout=5, book=book)
        try:
            await make_dispatcher(sessions, curriculum, FixedClock(now), messenger).drain()
        finally:
            await messenger.close()
        if book.flushing is not None:
            await book.flushing  # written a few milliseconds after the send
    posts = slack.of("chat.postMessage")
    # one post a lesson: the lesson and its first question together
    assert len(posts) == 2 and {call.args["channel"] for call in posts} == {"DU1"}
    assert len(slack.of("conversations.open")) == 1
    async with sessions() as session:
        stored = await session.get(Learner, learner)
    assert stored is not None and stored.dm_channel == "DU1"


async def test_conversations_open_is_paced_per_workspace() -> None:
    limiter = OpenLimiter(rate=2.0, burst=3.0)
    waits = [await limiter.reserve("T1") for _ in range(5)]
    assert waits[:3] == [0.0, 0.0, 0.0] and 0.4 < waits[3] < 0.6 and 0.9 < waits[4] < 1.1
    assert await limiter.reserve("T2") == 0.0  # another workspace has its own bucket
