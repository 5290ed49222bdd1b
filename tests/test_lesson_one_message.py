"""A lesson and its first question go as one Slack message when they fit Slack's limits (a
lesson then costs one post of the workspace's rate), else as two; answering keeps the lesson."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.channels.slack.messenger import SlackMessenger
from bot.channels.slack.render import MAX_BLOCKS, render_grouped
from bot.content.model import Curriculum
from bot.core.actions import Answer
from bot.core.messages import Choice, Reply
from bot.core.ports import Address
from bot.delivery.jobs import plan
from tests.clocks import FixedClock
from tests.delivery_helpers import add_learner, add_org
from tests.slack_fake import BOT_TOKEN, FakeSlack
from tests.test_delivery_dispatch import NOW, make_dispatcher
from tests.test_slack_app import values

QUESTION = Reply(
    text="**Question 1 of 3**\n\nWhich is right?",
    choices=tuple(Choice(label, Answer(1, "item-1", label)) for label in "abc"),
    kind="question",
)


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


async def test_a_planned_lesson_and_its_first_question_are_one_message(
    sessions: async_sessionmaker[AsyncSession], curriculum: Curriculum, slack: FakeSlack
) -> None:
    await add_learner(sessions, await add_org(sessions, nudge_days=""), "U1")
    await plan(sessions, now=NOW, default_calendar="JP")
    messenger = SlackMessenger(token_for, slack.url, timeout=5)
    try:
        assert await make_dispatcher(sessions, curriculum, FixedClock(NOW), messenger).drain() == 1
    finally:
        await messenger.close()
    [post] = slack.of("chat.postMessage")
    title = curriculum.lessons[0].meta.title.en
    assert post.args["blocks"][0] == {
        "type": "header",
        "text": {"type": "plain_text", "text": title},
    }
    assert any(value.startswith("ans:") for value in values(post)), "the question's buttons"
    assert post.args["metadata"]["event_payload"]["last"] is True


async def test_a_lesson_too_long_for_one_message_goes_as_two(slack: FakeSlack) -> None:
    long = Reply(text="\n\n".join(["A paragraph. " * 200] * 40), title="Long", kind="lesson")
    short = Reply(text="Short.", title="Short", kind="lesson")
    assert [carried for carried, _ in render_grouped([short, QUESTION])] == [2]
    assert [carried for carried, _ in render_grouped([long, QUESTION])] == [1, 1]
    messenger = SlackMessenger(token_for, slack.url, timeout=5)
    try:
        await messenger.send(Address(1, "slack", "T1", "U1", key="lesson:1"), [long, QUESTION])
    finally:
        await messenger.close()
    posts = slack.of("chat.postMessage")
    assert all(len(post.args["blocks"]) <= MAX_BLOCKS for post in posts)
    assert len(posts) == 2 and not values(posts[0]) and values(posts[1]), "lesson, question"
    assert [post.args["metadata"]["event_payload"]["last"] for post in posts][-2:] == [False, True]
