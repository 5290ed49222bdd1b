"""Proactive Teams sends through a stored conversation reference, against a fake connector."""

from __future__ import annotations

import socket
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.channels.teams.hosting import TeamsChannel, build_channel
from bot.channels.teams.messenger import TeamsMessenger
from bot.core.actions import Command
from bot.core.conversation import Coach
from bot.core.messages import Choice, Reply
from bot.core.ports import Address, PermanentSendError, RateLimited, TransientSendError
from bot.storage.models import Learner
from tests.clocks import FixedClock
from tests.conftest import make_settings
from tests.teams_fakes import (
    BOT,
    CONVERSATION,
    TENANT,
    activity,
    bot_client,
    card_actions,
    card_of,
    fake_connector,
)

LESSON = Reply(
    text="**今日のレッスン**\n\n- 出典を確かめる", choices=(Choice("始める", Command("today")),)
)


def teams(coach: Coach, clock: FixedClock) -> TeamsChannel:
    channel = build_channel(make_settings(teams_anonymous=True), coach, clock)
    assert channel is not None
    return channel


def reference(service_url: str) -> dict[str, Any]:
    return {
        "bot": BOT,
        "user": {"id": "29:user-1", "aadObjectId": "aad-user-1"},
        "conversation": {"id": CONVERSATION, "conversationType": "personal", "tenantId": TENANT},
        "channelId": "msteams",
        "serviceUrl": service_url,
    }


def address(ref: dict[str, Any] | None) -> Address:
    return Address(7, "teams", TENANT, "aad-user-1", conversation_ref=ref)


async def test_a_lesson_reaches_the_learner_through_the_reference_stored_on_first_contact(
    coach: Coach, clock: FixedClock, sessions: async_sessionmaker[AsyncSession]
) -> None:
    channel = teams(coach, clock)
    async with fake_connector() as connector:
        async with bot_client(channel) as client:
            await client.post("/api/messages", json=activity(connector.url, "a-1", text="hi"))
        async with sessions() as session:
            learner = await session.scalar(select(Learner))
        assert learner is not None and learner.conversation_ref is not None
        stored = Address(
            learner.id, "teams", learner.workspace, learner.platform_user_id,
            conversation_ref=learner.conversation_ref,
        )  # fmt: skip

        message_id = await channel.messenger().send(stored, [LESSON])

        call = connector.calls[-1]
        assert (call.method, call.path) == (
            "POST",
            f"/teams/v3/conversations/{CONVERSATION}/activities",
        )
        assert message_id == f"msg-{len(connector.calls)}"
        assert call.body["recipient"]["id"] == "29:user-1"
        assert call.body["from"]["id"] == BOT["id"]
        assert card_actions(card_of(call)) == ["cmd:today"]


@pytest.mark.parametrize(
    ("status", "headers", "error", "code"),
    [
        (429, {"Retry-After": "7"}, RateLimited, "http_429"),
        (403, {}, PermanentSendError, "http_403"),
        (404, {}, PermanentSendError, "http_404"),
        (500, {}, TransientSendError, "http_500"),
        (503, {}, TransientSendError, "http_503"),
    ],
)
async def test_connector_errors_map_to_send_errors(
    coach: Coach,
    clock: FixedClock,
    status: int,
    headers: dict[str, str],
    error: type[Exception],
    code: str,
) -> None:
    async with fake_connector() as connector:
        connector.errors.append((status, headers))
        with pytest.raises(error) as raised:
            await teams(coach, clock).messenger().send(address(reference(connector.url)), [LESSON])
    assert raised.value.code == code  # type: ignore[attr-defined]
    if isinstance(raised.value, RateLimited):
        assert raised.value.retry_after == 7.0


async def test_a_slow_connector_is_a_transient_failure(coach: Coach, clock: FixedClock) -> None:
    channel = teams(coach, clock)
    async with fake_connector() as connector:
        connector.delay = 1.0
        messenger = TeamsMessenger(channel.adapter, None, timeout=0.2)
        with pytest.raises(TransientSendError) as raised:
            await messenger.send(address(reference(connector.url)), [LESSON])
    assert raised.value.code == "timeout"


async def test_an_unreachable_connector_is_a_transient_failure(
    coach: Coach, clock: FixedClock
) -> None:
    with socket.socket() as probe:  # a port that nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"http://127.0.0.1:{port}/teams/"
    with pytest.raises(TransientSendError):
        await teams(coach, clock).messenger().send(address(reference(url)), [LESSON])


async def test_no_reference_is_a_permanent_failure(coach: Coach, clock: FixedClock) -> None:
    with pytest.raises(PermanentSendError):
        await teams(coach, clock).messenger().send(address(None), [LESSON])
