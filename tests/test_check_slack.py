"""The "Check this answer" message shortcut, signed through the real Bolt app and web server
against the fake Slack Web API and fake e-Gov / Crossref sources."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from dataclasses import replace

import aiohttp
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.channels.slack.listeners.messages import message_text
from bot.channels.slack.render import home_view
from bot.config import ROOT
from bot.core.learning.home import HomeView
from bot.core.learning.progress import Summary
from bot.storage.models import Learner
from tests.check_fakes import FakeSources
from tests.clocks import FixedClock
from tests.conftest import make_settings
from tests.serving import serving
from tests.slack_fake import (
    BOT_TOKEN,
    SIGNING_SECRET,
    TEAM,
    Call,
    FakeSlack,
    action_body,
    event_body,
    shortcut_body,
)
from tests.test_slack_app import USER, Harness, onboard, stamped

ANSWER = (
    "労働基準法第36条により、時間外労働の上限は原則として月45時間です。"
    "<https://www.mhlw.go.jp/|厚生労働省> &amp; 連合も「上限は必ず守られる」と述べています。"
)


@pytest.fixture
async def sources() -> AsyncIterator[FakeSources]:
    """e-Gov and Crossref on loopback."""
    fake = FakeSources()
    await fake.start()
    yield fake
    await fake.stop()


@pytest.fixture
async def harness(
    db_url: str, engine: AsyncEngine, clock: FixedClock, sources: FakeSources
) -> AsyncIterator[Harness]:
    """`manabi serve` with Slack (single workspace) and lookups pointed at the fakes."""
    slack = FakeSlack()
    await slack.start()
    settings = make_settings(
        database_url=db_url,
        lessons_dir=ROOT / "lessons",
        slack_bot_token=BOT_TOKEN,
        slack_signing_secret=SIGNING_SECRET,
        slack_api_url=slack.url,
        egov_api_url=f"{sources.url}/egov",
        crossref_api_url=f"{sources.url}/crossref",
    )
    try:
        async with serving(settings, clock) as (app, base), aiohttp.ClientSession() as http:
            yield Harness(app, slack, f"{base}/slack/events", http)
    finally:
        await slack.stop()


def test_a_slack_message_is_read_as_its_author_wrote_it() -> None:
    text = message_text({"text": ANSWER + " <@U0ABC> <#C1|general> <https://e-gov.go.jp>"})
    assert "厚生労働省 (https://www.mhlw.go.jp/) & 連合" in text
    assert text.endswith("  general https://e-gov.go.jp")


async def test_the_shortcut_acks_first_then_answers_privately_with_the_checklist(
    harness: Harness, sources: FakeSources
) -> None:
    await onboard(harness)
    sources.gate = asyncio.Event()  # e-Gov holds its answer until the test lets it go
    body = shortcut_body(
        USER, {"text": ANSWER, "user": "U0COLLEAGUE"}, response_url=harness.slack.response_url()
    )
    assert await harness.send(*body) == 200
    for _ in range(250):  # at most 5 s: the check has reached the lookup
        if sources.seen:
            break
        await asyncio.sleep(0.02)
    # Acked, and the lookup is under way: nothing has been answered yet.
    assert sources.seen and not harness.slack.of("response")
    sources.gate.set()
    await harness.slack.wait_for(lambda s: bool(s.of("response")))
    [reply] = harness.slack.of("response")
    assert reply.args["response_type"] == "ephemeral"
    assert reply.args["replace_original"] is False
    shown = str(reply.args["blocks"])
    assert "労働基準法第36条" in shown and "e-Gov" in shown and "月45時間" in shown
    assert any("/egov/laws" in seen for seen in sources.seen)
    # Nothing was posted in the channel where the message was.
    assert all(c.args.get("channel") != "C0GENERAL" for c in harness.posted())
    async with harness.app.sessions() as session:
        learner = (await session.execute(select(Learner))).scalar_one()
    assert learner.answers_checked == 1


async def test_without_a_response_url_the_checklist_goes_to_the_dm(harness: Harness) -> None:
    body = shortcut_body(USER, {"text": "The EU AI Act applies from 2 August 2026."})
    assert await harness.send(*body) == 200
    await harness.slack.wait_for(lambda s: bool(s.of("chat.postMessage")))
    [posted] = harness.posted()
    assert posted.args["channel"] == "D" + USER
    assert "2 August 2026" in str(posted.args["blocks"])


async def test_a_message_without_text_gets_a_kind_word(harness: Harness) -> None:
    body = shortcut_body(USER, {"text": ""}, response_url=harness.slack.response_url())
    assert await harness.send(*body) == 200
    await harness.slack.wait_for(lambda s: bool(s.of("response")))
    assert "no text to check" in str(harness.slack.of("response")[0].args)


async def test_a_check_asked_by_mention_in_a_channel_is_shown_only_to_the_member(
    harness: Harness,
) -> None:
    mention = {
        "type": "app_mention",
        "channel": "C0GENERAL",
        "user": USER,
        "text": f"<@U0MANABI> check {ANSWER}",
        "ts": "1700000000.000900",
        "team": TEAM,
    }
    assert await harness.send(*event_body(mention, "Ev-mention")) == 200
    await harness.slack.wait_for(lambda s: bool(s.of("chat.postEphemeral")))
    [private] = harness.slack.of("chat.postEphemeral")
    assert (private.args["channel"], private.args["user"]) == ("C0GENERAL", USER)
    assert private.args["thread_ts"] == "1700000000.000900"
    assert "労働基準法第36条" in str(private.args["blocks"])
    assert all("労働基準法" not in str(c.args) for c in harness.posted())


def test_app_home_shows_how_many_answers_were_checked() -> None:
    summary = Summary(streak=1, freezes=0, done=1, total=9, answered=3, right=2, due=0, checked=2)
    home = HomeView("en", "active", "08:30", "Asia/Tokyo", summary=summary)
    assert "Checking practice: 2 AI answer(s) checked" in json.dumps(home_view(home))
    none = HomeView("en", "active", "08:30", "Asia/Tokyo", summary=replace(summary, checked=0))
    assert "Checking practice" not in json.dumps(home_view(none))


def mark_press(
    blocks: list[dict[str, object]], value: str, **where: object
) -> tuple[dict[str, object], str]:
    """The action of pressing the mark button `value` (unstamped) in `blocks`, and its row."""
    for block in blocks:
        for element in block.get("elements", []):  # type: ignore[attr-defined]
            if str(element.get("value", "")).startswith(value + "|"):
                action = {key: element[key] for key in ("type", "action_id", "value", "text")}
                return {**action, "block_id": block["block_id"]}, str(block["block_id"])
    raise AssertionError(f"no button {value}")


async def marks_of(harness: Harness) -> tuple[int, int, int]:
    """The member's stored counts of claims marked checked, wrong, unsure."""
    async with harness.app.sessions() as session:
        learner = (await session.execute(select(Learner))).scalar_one()
    return (learner.claims_checked, learner.claims_wrong, learner.claims_unsure)


async def test_a_mark_in_the_dm_replaces_only_its_claims_buttons(harness: Harness) -> None:
    await onboard(harness)
    before = len(harness.posted())
    assert await harness.dm(f"check {ANSWER}", "Ev-check") == 200
    await harness.slack.wait_for(lambda s: len(s.of("chat.postMessage")) > before)
    checklist: Call = harness.posted()[-1]
    assert stamped(checklist, "mark:1:1:c") and stamped(checklist, "mark:1:2:u")
    blocks = checklist.args["blocks"]
    message = {"ts": checklist.result["ts"], "text": checklist.args["text"], "blocks": blocks}
    action, row = mark_press(blocks, "mark:1:1:c")
    updates = len(harness.slack.of("chat.update"))
    assert await harness.send(*action_body(USER, action, message=message)) == 200
    await harness.slack.wait_for(lambda s: len(s.of("chat.update")) > updates)
    [update] = harness.slack.of("chat.update")[updates:]
    assert update.args["ts"] == checklist.result["ts"]
    new = update.args["blocks"]
    assert len(new) == len(blocks)
    replaced = next(i for i, b in enumerate(blocks) if b.get("block_id") == row)
    assert new[replaced]["type"] == "context" and "Claim 1: checked" in str(new[replaced])
    assert stamped(update, "mark:1:2:u") and not stamped(update, "mark:1:1:w")
    assert await marks_of(harness) == (1, 0, 0)
    # The same press again (Slack still showed the old message): nothing changes.
    action["action_ts"] = "1700000001.000001"
    assert await harness.send(*action_body(USER, action, message=message)) == 200
    await asyncio.sleep(0.3)
    assert len(harness.slack.of("chat.update")) == updates + 1
    assert await marks_of(harness) == (1, 0, 0)


async def test_marks_work_on_the_ephemeral_checklist_of_the_shortcut(harness: Harness) -> None:
    await onboard(harness)
    body = shortcut_body(
        USER, {"text": ANSWER, "user": "U0COLLEAGUE"}, response_url=harness.slack.response_url()
    )
    assert await harness.send(*body) == 200
    await harness.slack.wait_for(lambda s: bool(s.of("response")))
    blocks = harness.slack.of("response")[0].args["blocks"]
    # Slack sends no message with a press on an ephemeral one: only its response_url.
    again = harness.slack.response_url("r2")
    for value in ("mark:1:2:w", "mark:1:2:w", "mark:1:1:u"):
        action, _ = mark_press(blocks, value)
        press = action_body(USER, action, ephemeral=True, response_url=again, channel="C0GENERAL")
        assert await harness.send(*press) == 200
    await harness.slack.wait_for(lambda s: len(s.of("response")) >= 3)
    await asyncio.sleep(0.3)
    responses = harness.slack.of("response")[1:]
    assert len(responses) == 2  # the repeated press said nothing
    assert all(r.args["replace_original"] is False for r in responses)
    assert all(r.args["response_type"] == "ephemeral" for r in responses)
    assert "Claim 2: wrong" in str(responses[0].args) and "Claim 1: unsure" in str(
        responses[1].args
    )
    assert await marks_of(harness) == (0, 1, 1)
    assert all(c.args.get("channel") != "C0GENERAL" for c in harness.posted())


def test_app_home_shows_the_claims_marked() -> None:
    summary = Summary(
        streak=1, freezes=0, done=1, total=9, answered=3, right=2, due=0, checked=2, marks=(3, 1, 2)
    )
    home = HomeView("en", "active", "08:30", "Asia/Tokyo", summary=summary)
    assert "✔ 3 checked, ✘ 1 wrong, ? 2 unsure" in json.dumps(home_view(home), ensure_ascii=False)
    none = HomeView(
        "en", "active", "08:30", "Asia/Tokyo", summary=replace(summary, marks=(0, 0, 0))
    )
    assert "Claims you marked" not in json.dumps(home_view(none))
