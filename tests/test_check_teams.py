"""The Teams message action "Check this answer", through the real Agents SDK: the
`composeExtension/fetchTask` and `submitAction` invokes answer with the checklist card."""

from __future__ import annotations

import base64
import json
import logging
import secrets
import zlib
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.channels.teams import card_state
from bot.channels.teams.card_state import STATE_KEY
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
    card_inputs,
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
        # No mark buttons in the dialog: a press there would submit the dialog; nor the card's
        # copy of itself, which only a press would read.
        assert all(block["type"] == "TextBlock" for block in card["body"])
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
    """The data of each claim's mark button, by its unstamped action value, as Teams sends it
    back with a press: the button's data and the card's input values."""
    return {
        unstamped(action["data"]["manabi"]): {**action["data"], **card_inputs(card)}
        for block in card["body"]
        if block["type"] == "ActionSet"
        for action in block["actions"]
    }


def marks_shown(card: dict[str, Any]) -> list[str]:
    """The marks a checklist card shows in place of a claim's buttons."""
    return [
        b["text"] for b in card["body"] if b["type"] == "TextBlock" and "番目の主張" in b["text"]
    ]


CHECK_DM = "確認して\n労働基準法第36条により、時間外労働の上限は原則として月45時間です。"


async def test_a_claim_marked_in_the_chat_shows_the_mark_on_the_card_and_counts_once(
    coach: Coach,
    clock: FixedClock,
    sessions: async_sessionmaker[AsyncSession],
    caplog: pytest.LogCaptureFixture,
) -> None:
    async with fake_connector() as connector, bot_client(channel(coach, clock)) as client:
        await onboard(client, connector.url)
        await client.post("/api/messages", json=activity(connector.url, "chk-dm", text=CHECK_DM))
        checklist = card_of(connector.sent()[-1])
        assert "「労働基準法第36条」" in card_text(checklist)
        buttons = mark_buttons(checklist)
        assert {"mark:1:1:c", "mark:1:1:w", "mark:1:1:u", "mark:1:2:c"} <= set(buttons)
        sent = len(connector.sent())
        caplog.set_level(logging.DEBUG)  # the presses carry the card: none of it is logged

        press = execute(connector.url, "mk-1", "", card_id="card-9", data=buttons["mark:1:1:c"])
        response = await client.post("/api/messages", json=press)
        assert response.status == 200
        answer = await response.json()
        assert answer["type"] == "application/vnd.microsoft.card.adaptive"
        card = answer["value"]  # the card the member sees now, in place of the pressed one
        assert marks_shown(card) == ["✔ 1番目の主張：確かめた（数だけを記録しました）"]
        after = mark_buttons(card)
        assert not any(value.startswith("mark:1:1:") for value in after)  # no second mark
        assert {"mark:1:2:c", "mark:1:2:w", "mark:1:2:u"} <= set(after)
        assert card_text(card).startswith(card_text(checklist).split("\n")[0])  # the rest stays
        assert "「労働基準法第36条」" in card_text(card)
        assert connector.sent()[sent:] == []  # shown on the card, not said again

        # The same button again (a double click, or a retry, before the card changed): counted
        # once, and the card is left as the first press made it.
        again = execute(connector.url, "mk-2", "", card_id="card-9", data=buttons["mark:1:1:w"])
        response = await client.post("/api/messages", json=again)
        assert response.status == 200
        assert (await response.json())["type"] == "application/vnd.microsoft.activity.message"
        assert connector.sent()[sent:] == []

        # An older client presses on the updated card (Action.Submit): the card is updated
        # through the connector, with both marks.
        older = submit(connector.url, "mk-3", "", card_id="card-9", data=after["mark:1:2:w"])
        assert (await client.post("/api/messages", json=older)).status == 202
        [update] = connector.updates()
        assert update.path.endswith("/activities/card-9")
        assert marks_shown(card_of(update)) == [
            "✔ 1番目の主張：確かめた（数だけを記録しました）",
            "✘ 2番目の主張：違っていた（数だけを記録しました）",
        ]
        assert not any(
            v.startswith(("mark:1:1:", "mark:1:2:")) for v in mark_buttons(card_of(update))
        )
        assert connector.sent()[sent:] == []

    assert caplog.records
    for shown in ("労働基準法第36条", "月45時間", buttons["mark:1:1:c"][STATE_KEY][:40]):
        assert shown not in caplog.text
    async with sessions() as session:
        learner = (await session.scalars(select(Learner))).one()
    assert (learner.claims_checked, learner.claims_wrong, learner.claims_unsure) == (1, 1, 0)


async def test_a_card_that_does_not_carry_itself_keeps_its_buttons_and_the_mark_follows(
    coach: Coach, clock: FixedClock, sessions: async_sessionmaker[AsyncSession]
) -> None:
    """A card sent before cards carried themselves, or one whose copy was altered: the mark is
    counted and said as a message; nothing is made up in the card's place."""
    async with fake_connector() as connector, bot_client(channel(coach, clock)) as client:
        await onboard(client, connector.url)
        await client.post("/api/messages", json=activity(connector.url, "chk-dm", text=CHECK_DM))
        buttons = mark_buttons(card_of(connector.sent()[-1]))
        sent = len(connector.sent())
        bare = {k: v for k, v in buttons["mark:1:1:u"].items() if k != STATE_KEY}
        press = execute(connector.url, "mk-1", "", card_id="card-9", data=bare)
        response = await client.post("/api/messages", json=press)
        assert (await response.json())["type"] == "application/vnd.microsoft.activity.message"
        assert "1番目の主張：わからない" in str(connector.sent()[sent].body)
        forged = {**buttons["mark:1:2:c"], STATE_KEY: "eJzLSM3JyVcozy/KSQEAGgQEXQ=="}
        older = submit(connector.url, "mk-2", "", card_id="card-9", data=forged)
        assert (await client.post("/api/messages", json=older)).status == 202
        assert "2番目の主張：確かめた" in str(connector.sent()[-1].body)
        assert connector.updates() == []

    async with sessions() as session:
        learner = (await session.scalars(select(Learner))).one()
    assert (learner.claims_checked, learner.claims_wrong, learner.claims_unsure) == (1, 0, 1)


def test_a_card_carries_itself_only_as_a_card_manabi_could_have_written() -> None:
    rows = [{"type": "TextBlock", "text": f"「claim {n}」"} for n in range(3)]
    buttons = {"type": "ActionSet", "actions": [{"type": "Action.Execute", "data": {"k": "x"}}]}
    card = {"type": "AdaptiveCard", "body": [*rows, buttons]}
    kept = card_state.keep(card)
    assert card_state.read(card_inputs(kept)) == card
    assert card_state.marked(card, {"k": "x"}, "k", "✔")["body"][3]["text"] == "✔"  # type: ignore[index]
    assert card_state.marked(card, {"k": "y"}, "k", "✔") is None  # no row has that button

    def carried(data: bytes, signed: bool = True) -> dict[str, str]:
        packed = base64.urlsafe_b64encode(zlib.compress(data)).decode()
        return {card_state.STATE_KEY: card_state.seal(packed) if signed else packed}

    assert card_state.read(carried(json.dumps(card).encode())) == card
    # A copy Manabi did not sign is never read: a press's data comes from the client.
    assert card_state.read(carried(json.dumps(card).encode(), signed=False)) is None
    forged = card_state.seal("eA==")[:-4] + "AAAA"
    assert card_state.read({card_state.STATE_KEY: forged}) is None
    assert card_state.read({card_state.STATE_KEY: "ｘ." + "A" * 24}) is None  # not ASCII
    image = {**card, "body": [{"type": "Image", "url": "https://evil.example/x.png"}]}
    assert card_state.read(carried(json.dumps(image).encode())) is None  # only text and buttons
    assert card_state.read(carried(b"[" * 300_000)) is None  # too large once unpacked
    assert card_state.read(carried(b"not json")) is None
    assert card_state.read({card_state.STATE_KEY: "%%%"}) is None
    assert card_state.read({}) is None

    # A card too large to carry a copy within Teams' message size is sent as it is.
    words = " ".join(secrets.token_hex(8) for _ in range(2000))  # compresses badly
    huge = {"type": "AdaptiveCard", "body": [{"type": "TextBlock", "text": words}]}
    assert card_state.keep(huge) == huge


def test_cards_are_signed_with_the_secret_key_and_read_after_a_rotation() -> None:
    card = {"type": "AdaptiveCard", "body": [{"type": "TextBlock", "text": "「claim」"}]}
    before = list(card_state._keys)
    try:
        card_state.use_keys(["old"])
        by_old = card_inputs(card_state.keep(card))
        card_state.use_keys(["other"])  # another deployment: its cards are not ours
        assert card_state.read(by_old) is None
        card_state.use_keys(["new", "old"])  # rotated: written with the new, read with either
        assert card_state.read(by_old) == card
        by_new = card_inputs(card_state.keep(card))
        card_state.use_keys(["new"])
        assert card_state.read(by_new) == card and card_state.read(by_old) is None
    finally:
        card_state._keys[:] = before


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
