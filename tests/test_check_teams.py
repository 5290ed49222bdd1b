"""The Teams message action "Check this answer", through the real Agents SDK: the
`composeExtension/fetchTask` and `submitAction` invokes answer with the checklist card."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.channels.teams.extension import CHECK_COMMAND, FETCH_TASK, SUBMIT_ACTION, message_text
from bot.channels.teams.package import localisation, manifest
from bot.core.actions import unstamped
from bot.core.conversation import Coach
from bot.storage.models import Learner
from tests.clocks import FixedClock
from tests.conftest import make_settings
from tests.teams_fakes import (
    activity,
    bot_client,
    card_of,
    card_text,
    execute,
    fake_connector,
    submit,
)
from tests.test_teams_inbound import channel, onboard
from tests.test_teams_package import APP_ID

HTML = (
    "<p>労働基準法第36条により、時間外労働の上限は原則として<b>月45時間</b>です。</p>"
    '<p>詳しくは<a href="https://www.mhlw.go.jp/">厚生労働省</a>へ &amp; 連合へ。</p>'
)


def check_invoke(url: str, activity_id: str, name: str, **value: Any) -> dict[str, Any]:
    """A message action invoke on a message in a team channel, as Teams sends it."""
    payload = {"id": "1700000000000", "body": {"contentType": "html", "content": HTML}}
    return activity(
        url,
        activity_id,
        kind="invoke",
        name=name,
        value={
            "commandId": CHECK_COMMAND,
            "commandContext": "message",
            "messagePayload": payload,
            **value,
        },
        conversation_type="channel",
    )


def test_the_message_html_is_read_as_text() -> None:
    text = message_text({"body": {"contentType": "html", "content": HTML}})
    assert text.splitlines() == [
        "労働基準法第36条により、時間外労働の上限は原則として月45時間です。",
        "詳しくは厚生労働省 (https://www.mhlw.go.jp/)へ & 連合へ。",
    ]
    assert message_text({"body": {"contentType": "text", "content": "a &amp; b"}}) == "a & b"
    assert message_text(None) == ""


async def test_fetch_task_opens_the_checklist_dialog_and_counts_it(
    coach: Coach, clock: FixedClock, sessions: async_sessionmaker[AsyncSession]
) -> None:
    async with fake_connector() as connector, bot_client(channel(coach, clock)) as client:
        await onboard(client, connector.url)
        async with sessions() as session:
            before = (await session.scalars(select(Learner))).one().conversation_ref
        sent = len(connector.calls)
        response = await client.post(
            "/api/messages", json=check_invoke(connector.url, "chk-1", FETCH_TASK)
        )
        assert response.status == 200
        task = (await response.json())["task"]
        assert task["type"] == "continue"
        assert task["value"]["title"] == "このメッセージを確認"
        card = task["value"]["card"]["content"]
        assert card["type"] == "AdaptiveCard" and "actions" not in card
        # No mark buttons in the dialog: a press there would submit the dialog.
        assert all(block["type"] != "ActionSet" for block in card["body"])
        shown = card_text(card)
        assert "労働基準法第36条" in shown and "月45時間" in shown
        assert "保存も記録もしていません" in shown
        assert len(connector.calls) == sent, "nothing is posted in the channel"

    async with sessions() as session:
        learner = (await session.scalars(select(Learner))).one()
    assert learner.answers_checked == 1
    assert learner.conversation_ref == before, "lessons keep going to the member's own chat"


async def test_submit_action_with_the_message_answers_with_the_checklist(
    coach: Coach, clock: FixedClock
) -> None:
    async with fake_connector() as connector, bot_client(channel(coach, clock)) as client:
        body = check_invoke(connector.url, "chk-2", SUBMIT_ACTION, data={})
        response = await client.post("/api/messages", json=body)
        assert response.status == 200
        card = (await response.json())["task"]["value"]["card"]["content"]
        assert "労働基準法第36条" in card_text(card)
        unknown = check_invoke(connector.url, "chk-3", FETCH_TASK, commandId="other")
        assert (await client.post("/api/messages", json=unknown)).status == 400


def mark_buttons(card: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The data of each claim's mark button, by its unstamped action value."""
    return {
        unstamped(action["data"]["manabi"]): action["data"]
        for block in card["body"]
        if block["type"] == "ActionSet"
        for action in block["actions"]
    }


async def test_a_claim_marked_in_the_chat_keeps_the_card_and_counts_once(
    coach: Coach, clock: FixedClock, sessions: async_sessionmaker[AsyncSession]
) -> None:
    async with fake_connector() as connector, bot_client(channel(coach, clock)) as client:
        await onboard(client, connector.url)
        text = "確認して\n労働基準法第36条により、時間外労働の上限は原則として月45時間です。"
        await client.post("/api/messages", json=activity(connector.url, "chk-dm", text=text))
        checklist = card_of(connector.sent()[-1])
        assert "「労働基準法第36条」" in card_text(checklist)
        buttons = mark_buttons(checklist)
        assert {"mark:1:1:c", "mark:1:1:w", "mark:1:1:u", "mark:1:2:c"} <= set(buttons)
        sent = len(connector.sent())

        press = execute(connector.url, "mk-1", "", card_id="card-9", data=buttons["mark:1:1:c"])
        response = await client.post("/api/messages", json=press)
        assert response.status == 200
        assert (await response.json())["type"] == "application/vnd.microsoft.activity.message"
        assert "1番目の主張：確かめた" in str(connector.sent()[sent:][0].body)
        again = execute(connector.url, "mk-2", "", card_id="card-9", data=buttons["mark:1:1:c"])
        assert (await client.post("/api/messages", json=again)).status == 200
        assert len(connector.sent()) == sent + 1  # the second press said nothing

        older = submit(connector.url, "mk-3", "", card_id="card-9", data=buttons["mark:1:2:w"])
        assert (await client.post("/api/messages", json=older)).status == 202
        assert "2番目の主張：違っていた" in str(connector.sent()[-1].body)
        assert connector.updates() == []  # the card keeps the other claims' buttons

    async with sessions() as session:
        learner = (await session.scalars(select(Learner))).one()
    assert (learner.claims_checked, learner.claims_wrong, learner.claims_unsure) == (1, 1, 0)


def test_the_manifest_declares_the_message_action_in_both_languages() -> None:
    settings = make_settings(
        microsoft_app_id=APP_ID, teams_website_url="https://union.example.org/manabi"
    )
    [extension] = manifest(settings)["composeExtensions"]
    assert extension["botId"] == APP_ID
    [command] = extension["commands"]
    assert command["id"] == CHECK_COMMAND
    assert (command["type"], command["context"], command["fetchTask"]) == (
        "action",
        ["message"],
        True,
    )
    assert command["title"] == "Check this answer" and len(command["title"]) <= 32
    assert len(command["description"]) <= 128
    assert localisation("ja")["composeExtensions[0].commands[0].title"] == "このメッセージを確認"
