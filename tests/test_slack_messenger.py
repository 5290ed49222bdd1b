"""The proactive Slack messenger against the fake Web API: DM, ts, and typed errors."""

from __future__ import annotations

import socket
from collections.abc import AsyncIterator

import pytest

from bot.channels.slack.messenger import SlackMessenger
from bot.core.actions import Command
from bot.core.messages import Choice, Reply
from bot.core.ports import Address, PermanentSendError, RateLimited, TransientSendError
from tests.slack_fake import BOT_TOKEN, FakeSlack

ADDRESS = Address(learner_id=7, platform="slack", workspace="T0TEST", user_id="U0MEMBER")
LESSON = Reply(
    text="A **short** lesson.", choices=(Choice("Start", Command("quiz")),), title="Today"
)


async def token_for(workspace: str) -> str | None:
    """A single-workspace token lookup."""
    return BOT_TOKEN if workspace == "T0TEST" else None


@pytest.fixture
async def slack() -> AsyncIterator[FakeSlack]:
    """The fake Web API."""
    fake = FakeSlack()
    await fake.start()
    yield fake
    await fake.stop()


@pytest.fixture
async def messenger(slack: FakeSlack) -> AsyncIterator[SlackMessenger]:
    """The messenger on the fake Web API, closed after the test."""
    sender = SlackMessenger(token_for, slack.url)
    yield sender
    await sender.close()


async def test_send_opens_the_dm_posts_and_returns_the_ts(
    slack: FakeSlack, messenger: SlackMessenger
) -> None:
    ts = await messenger.send(ADDRESS, [LESSON, Reply(text="Second")])
    posts = slack.of("chat.postMessage")
    assert [c.method for c in slack.calls] == [
        "conversations.open",
        "chat.postMessage",
        "chat.postMessage",
    ]
    assert slack.of("conversations.open")[0].args["users"] == "U0MEMBER"
    assert all(c.args["channel"] == "DU0MEMBER" and c.token == BOT_TOKEN for c in posts)
    assert posts[0].args["blocks"][0]["type"] == "header"
    assert ts == posts[-1].result["ts"]
    keyed = Address(7, "slack", "T0TEST", "U0MEMBER", key="lesson:7:2026-12-01")
    await messenger.send(keyed, [Reply(text="Tomorrow")])
    assert len(slack.of("conversations.open")) == 1, "the DM channel is remembered"
    metadata = slack.of("chat.postMessage")[-1].args["metadata"]
    assert metadata["event_payload"]["outbox_key"] == "lesson:7:2026-12-01"


async def test_429_is_rate_limited_with_retry_after(
    slack: FakeSlack, messenger: SlackMessenger
) -> None:
    slack.fail("chat.postMessage", status=429, retry_after=7)
    with pytest.raises(RateLimited) as caught:
        await messenger.send(ADDRESS, [LESSON])
    assert caught.value.retry_after == 7
    assert len(slack.of("chat.postMessage")) == 1, "no automatic retry: the outbox reschedules"


@pytest.mark.parametrize(
    "error", ["account_inactive", "channel_not_found", "token_revoked", "user_not_found"]
)
async def test_permanent_errors(slack: FakeSlack, messenger: SlackMessenger, error: str) -> None:
    slack.fail("conversations.open", error=error)
    with pytest.raises(PermanentSendError) as caught:
        await messenger.send(ADDRESS, [LESSON])
    assert caught.value.code == error


async def test_unknown_workspace_is_permanent(slack: FakeSlack, messenger: SlackMessenger) -> None:
    other = Address(1, "slack", "T0OTHER", "U1")
    with pytest.raises(PermanentSendError):
        await messenger.send(other, [LESSON])
    assert slack.calls == []


async def test_server_errors_and_internal_errors_are_transient(
    slack: FakeSlack, messenger: SlackMessenger
) -> None:
    slack.fail("chat.postMessage", status=503)
    with pytest.raises(TransientSendError):
        await messenger.send(ADDRESS, [LESSON])
    slack.fail("chat.postMessage", error="internal_error")
    with pytest.raises(TransientSendError) as caught:
        await messenger.send(ADDRESS, [LESSON])
    assert caught.value.code == "internal_error"


async def test_unreachable_api_is_transient() -> None:
    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    messenger = SlackMessenger(token_for, f"http://127.0.0.1:{port}/api/", timeout=2)
    try:
        with pytest.raises(TransientSendError):
            await messenger.send(ADDRESS, [LESSON])
    finally:
        await messenger.close()
