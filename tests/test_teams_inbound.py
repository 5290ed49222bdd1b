"""Teams activities posted to /api/messages through the real Agents SDK (anonymous local mode),
with the replies captured by a fake Bot Connector at the activity's serviceUrl."""

from __future__ import annotations

import base64
import json
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.channels.teams.hosting import auth_configuration, build_channel
from bot.config import ConfigError
from bot.core.actions import unstamped
from bot.core.conversation import Coach
from bot.storage.models import Learner, QuizAttempt
from tests.clocks import FixedClock
from tests.conftest import make_settings
from tests.teams_fakes import (
    CONVERSATION,
    TENANT,
    activity,
    bot_client,
    card_actions,
    card_of,
    card_text,
    execute,
    fake_connector,
    submit,
)

ANONYMOUS = {"teams_anonymous": True}


def channel(coach: Coach, clock: FixedClock, **settings: Any) -> Any:
    built = build_channel(make_settings(**(settings or ANONYMOUS)), coach, clock)
    assert built is not None
    return built


async def learner(sessions: async_sessionmaker[AsyncSession]) -> Learner:
    async with sessions() as session:
        found = await session.scalar(select(Learner).where(Learner.platform == "teams"))
        assert found is not None
        return found


async def test_a_message_gets_the_onboarding_reply_at_the_service_url(
    coach: Coach, clock: FixedClock, sessions: async_sessionmaker[AsyncSession]
) -> None:
    async with fake_connector() as connector, bot_client(channel(coach, clock)) as client:
        body = activity(connector.url, "act-1", text="<at>Manabi</at> こんにちは")
        response = await client.post("/api/messages", json=body)

        assert response.status == 202
        [call] = connector.sent()
        assert call.path == f"/teams/v3/conversations/{CONVERSATION}/activities/act-1"
        card = card_of(call)
        assert card["version"] == "1.5"
        assert card_actions(card) == ["lang:ja", "lang:en"]
        assert "Manabi" in card_text(card)
        first = card["actions"][0]
        assert first["type"] == "Action.Execute"
        assert first["fallback"]["type"] == "Action.Submit"
        assert unstamped(first["fallback"]["data"]["manabi"]) == "lang:ja"
        assert first["fallback"]["data"] == first["data"]

    stored = await learner(sessions)
    assert (stored.workspace, stored.platform_user_id) == (TENANT, "aad-user-1")
    ref = stored.conversation_ref or {}
    assert ref["serviceUrl"] == connector.url
    assert ref["conversation"]["id"] == CONVERSATION
    assert "name" not in ref["user"]  # no personal data beyond the ids


async def test_the_same_activity_id_is_handled_once(coach: Coach, clock: FixedClock) -> None:
    async with fake_connector() as connector, bot_client(channel(coach, clock)) as client:
        body = activity(connector.url, "act-dup", text="hello")
        for _ in range(2):
            assert (await client.post("/api/messages", json=body)).status == 202
        assert len(connector.sent()) == 1


async def onboard(client: Any, url: str) -> dict[str, Any]:
    """Say hello, pick Japanese and consent with Action.Execute; return the first question card."""
    await client.post("/api/messages", json=activity(url, "on-1", text="hello"))
    for n, action in enumerate(("lang:ja", "consent:yes"), start=2):
        response = await client.post("/api/messages", json=execute(url, f"on-{n}", action, "c"))
        assert response.status == 200
    return {}


async def test_a_card_submit_gets_feedback_and_the_card_is_updated(
    coach: Coach, clock: FixedClock, sessions: async_sessionmaker[AsyncSession]
) -> None:
    async with fake_connector() as connector, bot_client(channel(coach, clock)) as client:
        await onboard(client, connector.url)
        question = next(c for c in reversed(connector.sent()) if c.body.get("attachments"))
        answer = card_actions(card_of(question))[0]
        assert answer.startswith("ans:")
        before = len(connector.sent())

        body = submit(connector.url, "ans-1", answer, card_id="card-42")
        assert (await client.post("/api/messages", json=body)).status == 202

        [update] = connector.updates()
        assert update.path == f"/teams/v3/conversations/{CONVERSATION}/activities/card-42"
        feedback = card_of(update)
        assert "actions" not in feedback  # the buttons are gone: the answer is in
        assert "出典" in card_text(feedback)
        assert len(connector.sent()) > before  # the next question or the lesson summary

        # The same answer from the Action.Execute button of the same card counts once.
        again = execute(connector.url, "ans-2", answer, card_id="card-42")
        response = await client.post("/api/messages", json=again)
        assert response.status == 200

    async with sessions() as session:
        attempts = (await session.scalars(select(QuizAttempt))).all()
    assert len(attempts) == 1


async def test_action_execute_answers_with_the_feedback_card(
    coach: Coach, clock: FixedClock
) -> None:
    async with fake_connector() as connector, bot_client(channel(coach, clock)) as client:
        await onboard(client, connector.url)
        question = next(c for c in reversed(connector.sent()) if c.body.get("attachments"))
        answer = card_actions(card_of(question))[0]

        body = execute(connector.url, "ans-x", answer, card_id="card-7")
        response = await client.post("/api/messages", json=body)

        assert response.status == 200
        invoke = await response.json()
        assert invoke["statusCode"] == 200
        assert invoke["type"] == "application/vnd.microsoft.card.adaptive"
        assert "出典" in card_text(invoke["value"])
        assert connector.updates() == []  # Universal Actions: the response replaces the card


async def test_install_stores_the_reference_and_says_hello(
    coach: Coach, clock: FixedClock, sessions: async_sessionmaker[AsyncSession]
) -> None:
    async with fake_connector() as connector, bot_client(channel(coach, clock)) as client:
        body = activity(
            connector.url,
            "install-1",
            kind="conversationUpdate",
            membersAdded=[{"id": "28:manabi-bot"}],
        )
        assert (await client.post("/api/messages", json=body)).status == 202
        [call] = connector.sent()
        assert card_actions(card_of(call)) == ["lang:ja", "lang:en"]
    assert (await learner(sessions)).conversation_ref is not None


async def test_group_chats_are_pointed_to_the_personal_chat(
    coach: Coach, clock: FixedClock, sessions: async_sessionmaker[AsyncSession]
) -> None:
    async with fake_connector() as connector, bot_client(channel(coach, clock)) as client:
        body = activity(connector.url, "g-1", text="hi", conversation_type="groupChat")
        assert (await client.post("/api/messages", json=body)).status == 202
        [call] = connector.sent()
        assert "1:1" in call.body["text"]
    async with sessions() as session:
        assert await session.scalar(select(Learner)) is None


async def test_bad_or_missing_tokens_are_rejected_when_an_app_id_is_set(
    coach: Coach, clock: FixedClock
) -> None:
    configured = channel(
        coach,
        clock,
        microsoft_app_id="00000000-0000-0000-0000-00000000a001",
        microsoft_app_password="test-password-not-real",
        microsoft_app_tenant_id="00000000-0000-0000-0000-00000000t001",
    )
    async with fake_connector() as connector, bot_client(configured) as client:
        body = activity(connector.url, "x-1", text="hello")
        missing = await client.post("/api/messages", json=body)
        forged = await client.post(
            "/api/messages", json=body, headers={"Authorization": "Bearer not.a.jwt"}
        )
        assert (missing.status, forged.status) == (401, 401)
        assert connector.calls == []


def test_teams_is_off_without_an_app_id_or_the_anonymous_flag(
    coach: Coach, clock: FixedClock
) -> None:
    assert build_channel(make_settings(), coach, clock) is None


def test_an_app_id_without_its_secret_and_tenant_is_refused() -> None:
    app_id = "00000000-0000-0000-0000-00000000a001"
    with pytest.raises(ConfigError) as bare:
        auth_configuration(make_settings(microsoft_app_id=app_id))
    assert "MICROSOFT_APP_TENANT_ID" in str(bare.value)
    assert "MICROSOFT_APP_PASSWORD" in str(bare.value)
    with pytest.raises(ConfigError) as no_tenant:
        auth_configuration(
            make_settings(microsoft_app_id=app_id, microsoft_app_password="test-secret-value")
        )
    assert "MICROSOFT_APP_PASSWORD" not in str(no_tenant.value)
    assert "test-secret-value" not in str(no_tenant.value)


def _unsigned_token(claims: dict[str, object]) -> str:
    """A JWT with alg=none: a header and claims, no signature."""

    def part(data: dict[str, object]) -> str:
        raw = json.dumps(data).encode()
        return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()

    return f"{part({'alg': 'none', 'typ': 'JWT'})}.{part(claims)}."


async def test_an_unsigned_alg_none_token_is_refused_with_401(
    coach: Coach, clock: FixedClock
) -> None:
    app_id = "00000000-0000-0000-0000-00000000a001"
    configured = channel(
        coach,
        clock,
        microsoft_app_id=app_id,
        microsoft_app_password="test-password-not-real",
        microsoft_app_tenant_id="00000000-0000-0000-0000-00000000t001",
    )
    claims = {"aud": app_id, "iss": "https://api.botframework.com", "exp": 4102444800}
    async with fake_connector() as connector, bot_client(configured) as client:
        body = activity(connector.url, "x-2", text="hello")
        headers = {"Authorization": f"Bearer {_unsigned_token(claims)}"}
        response = await client.post("/api/messages", json=body, headers=headers)
        assert response.status == 401
        assert connector.calls == []
