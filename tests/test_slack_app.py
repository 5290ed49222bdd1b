"""Signed Slack requests through the real Bolt app and aiohttp server, against a fake Web API."""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from slack_sdk.web.async_client import AsyncWebClient
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.app import App
from bot.channels.slack.chat import SlackContext
from bot.config import ROOT
from bot.core.actions import unstamped
from bot.core.conversation import Coach
from bot.core.messages import Inbound, Reply
from bot.logs import JsonFormatter
from bot.storage.db import create_engine
from bot.storage.models import Learner, ProcessedEvent, QuizAttempt
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
    command_body,
    dm_event,
    event_body,
    sign,
)

USER = "U0MEMBER"


@dataclass
class Harness:
    """Manabi's web server on loopback, the fake Slack behind it, and an HTTP client."""

    app: App
    slack: FakeSlack
    url: str
    http: aiohttp.ClientSession

    async def send(self, body: str, ctype: str, headers: dict[str, str] | None = None) -> int:
        """POST a request to /slack/events (signed unless headers are given); the status."""
        sent = {"Content-Type": ctype, **(headers if headers is not None else sign(body))}
        async with self.http.post(self.url, data=body.encode(), headers=sent) as response:
            await response.read()
            return response.status

    async def dm(self, text: str, event_id: str, user: str = USER) -> int:
        """A member's DM."""
        return await self.send(*event_body(dm_event(user, text), event_id))

    async def click(self, call: Call, value: str, user: str = USER) -> int:
        """Press the button with `value` in a message the bot posted."""
        for block in call.args.get("blocks") or []:
            for element in block.get("elements", []):
                if element.get("value") in (value, stamped(call, value)):
                    ts = call.result["ts"]
                    message = {
                        "ts": ts,
                        "text": call.args.get("text"),
                        "blocks": call.args["blocks"],
                    }
                    if call.args.get("thread_ts"):
                        message["thread_ts"] = call.args["thread_ts"]
                    action = {
                        "type": "button",
                        "action_id": element["action_id"],
                        "value": element["value"],
                        "text": element["text"],
                    }
                    channel = str(call.args.get("channel") or "D" + user)
                    body = action_body(user, action, message=message, channel=channel)
                    return await self.send(*body)
        raise AssertionError(f"no button {value!r} in {call.args.get('blocks')}")

    async def handled(self) -> int:
        """How many inbound requests have been claimed so far. A press is claimed (against
        replays) before Bolt runs its listener: a claim says it arrived, not that it is done."""
        async with self.app.sessions() as session:
            return int(await session.scalar(select(func.count()).select_from(ProcessedEvent)) or 0)

    async def settle(self, handled: int) -> None:
        """Wait until more than `handled` requests have arrived and every listener they started
        has finished, its replies shown (a press that changes nothing posts nothing, so the Web
        API calls cannot tell when it is done)."""
        deadline = time.monotonic() + 5
        while await self.handled() <= handled:
            assert time.monotonic() < deadline, "the press never arrived"
            await asyncio.sleep(0.02)
        assert self.app.slack is not None and self.app.slack.listeners is not None
        await self.app.slack.listeners.idle(grace=10)
        assert not self.app.slack.listeners.running, "a listener was still running"

    def posted(self, kind: str = "chat.postMessage") -> list[Call]:
        """Messages posted (or updated) so far."""
        return self.slack.of(kind)


def texts(call: Call) -> str:
    """All the text in a posted message's blocks."""
    return json.dumps(call.args.get("blocks") or call.args.get("view"), ensure_ascii=False)


def values(call: Call) -> list[str]:
    """The button values in a posted message (without the learner's stamp)."""
    return [unstamped(value) for value in raw_values(call)]


def raw_values(call: Call) -> list[str]:
    """The values the buttons in a posted message send back, as stamped."""
    return [
        element["value"]
        for block in call.args.get("blocks") or []
        for element in block.get("elements", [])
        if element.get("type") == "button"
    ]


def stamped(call: Call, value: str) -> str | None:
    """The stamped value of the button whose action is `value`, if the message has one."""
    return next((raw for raw in raw_values(call) if unstamped(raw) == value), None)


@pytest.fixture(scope="session")
def lessons_dir() -> Path:
    """The lessons in the repository (tests/test_content_check.py proves they load)."""
    return ROOT / "lessons"


@pytest.fixture
async def harness(
    db_url: str, engine: AsyncEngine, clock: FixedClock, lessons_dir: Path
) -> AsyncIterator[Harness]:
    """Start the fake Slack and `manabi serve`'s web app (single workspace, HTTP mode)."""
    slack = FakeSlack()
    await slack.start()
    settings = make_settings(
        database_url=db_url,
        lessons_dir=lessons_dir,
        slack_bot_token=BOT_TOKEN,
        slack_signing_secret=SIGNING_SECRET,
        slack_api_url=slack.url,
    )
    try:
        async with serving(settings, clock) as (app, base), aiohttp.ClientSession() as http:
            yield Harness(app, slack, f"{base}/slack/events", http)
    finally:
        await slack.stop()


async def onboard(h: Harness) -> Call:
    """DM "start", choose English, agree; return the first quiz question message."""
    assert await h.dm("start", "Ev1") == 200
    await h.slack.wait_for(lambda s: len(s.of("chat.postMessage")) >= 1)
    welcome = h.posted()[0]
    assert welcome.args["channel"] == "D" + USER
    assert {"lang:ja", "lang:en"} <= set(values(welcome))
    assert await h.click(welcome, "lang:en") == 200
    await h.slack.wait_for(lambda s: len(s.of("chat.postMessage")) >= 2)
    consent = h.posted()[1]
    assert "consent:yes" in values(consent)
    assert await h.click(consent, "consent:yes") == 200
    await h.slack.wait_for(
        lambda s: any(v.startswith("ans:") for c in s.of("chat.postMessage") for v in values(c))
    )
    return next(c for c in h.posted() if any(v.startswith("ans:") for v in values(c)))


async def test_dm_start_onboards_and_posts_a_lesson(harness: Harness) -> None:
    question = await onboard(harness)
    posted = harness.posted()
    assert any('"type": "header"' in texts(c) for c in posted), "the lesson has a title header"
    assert all(c.token == BOT_TOKEN for c in posted)
    # the clicked welcome and consent lost their buttons (no second answer)
    updates = harness.posted("chat.update")
    assert len(updates) == 2 and all(not values(u) for u in updates)
    # the member's Slack time zone became their default
    async with harness.app.sessions() as session:
        learner = (await session.execute(select(Learner))).scalar_one()
    assert learner.timezone == "Europe/Berlin" and learner.locale == "en"
    assert harness.slack.of("users.info")[0].args["user"] == USER
    assert question.args["channel"] == "D" + USER


async def test_quiz_button_gives_feedback_in_place_and_counts_once(harness: Harness) -> None:
    question = await onboard(harness)
    answer = values(question)[0]
    before = len(harness.posted("chat.update"))
    assert await harness.click(question, answer) == 200
    await harness.slack.wait_for(lambda s: len(s.of("chat.update")) > before)
    feedback = harness.posted("chat.update")[-1]
    assert feedback.args["ts"] == question.result["ts"]
    assert not values(feedback), "the answered question keeps no buttons"
    assert "Correct" in texts(feedback) or "answer is" in texts(feedback)
    # a second press of the same (stale) button does not count twice, and says nothing
    await harness.slack.wait_for(  # the first press's next question is posted
        lambda s: (
            sum(any(v.startswith("ans:") for v in values(c)) for c in s.of("chat.postMessage")) == 2
        )
    )
    count, handled = len(harness.slack.calls), await harness.handled()
    assert await harness.click(question, answer) == 200
    await harness.settle(handled)
    assert len(harness.slack.calls) == count
    async with harness.app.sessions() as session:
        attempts = await session.scalar(select(func.count()).select_from(QuizAttempt))
    assert attempts == 1
    on_question = [
        c for c in harness.posted("chat.update") if c.args["ts"] == question.result["ts"]
    ]
    assert on_question == [feedback], "the feedback stays in place"


async def test_two_quick_presses_count_once_and_keep_the_feedback(harness: Harness) -> None:
    question = await onboard(harness)
    answer = values(question)[0]
    handled = await harness.handled()
    statuses = await asyncio.gather(
        harness.click(question, answer), harness.click(question, answer)
    )
    assert statuses == [200, 200]
    ts = question.result["ts"]
    await harness.settle(handled + 1)
    await harness.slack.wait_for(lambda s: any(c.args["ts"] == ts for c in s.of("chat.update")))
    # The second press says nothing: an "already answered" notice would land under the next
    # question and read as if it were about that one.
    assert not any("already answered" in texts(c).lower() for c in harness.posted())
    async with harness.app.sessions() as session:
        attempts = await session.scalar(select(func.count()).select_from(QuizAttempt))
    assert attempts == 1
    final = [c for c in harness.posted("chat.update") if c.args["ts"] == ts][-1]
    assert "Correct" in texts(final) or "answer is" in texts(final)


async def test_answering_in_the_lesson_message_keeps_the_lesson_and_shows_feedback(
    harness: Harness,
) -> None:
    message = await onboard(harness)  # "start" ends with today's lesson and its first question
    assert '"type": "header"' in texts(message), "the lesson and the question: one message"
    lesson = message.args["blocks"][:2]  # the title and the lesson text
    before = len(harness.posted("chat.update"))
    assert await harness.click(message, values(message)[0]) == 200
    await harness.slack.wait_for(lambda s: len(s.of("chat.update")) > before)
    update = harness.posted("chat.update")[-1]
    assert update.args["ts"] == message.result["ts"]
    assert update.args["blocks"][:2] == lesson, "the lesson text stays"
    assert "Correct" in texts(update) or "answer is" in texts(update)
    assert not values(update), "no second answer"


async def test_app_home_opened_publishes_progress_and_settings(harness: Harness) -> None:
    await onboard(harness)
    event = {"type": "app_home_opened", "user": USER, "channel": "D" + USER, "tab": "home"}
    status = await harness.send(*event_body(event, "EvHome"))
    assert status == 200
    await harness.slack.wait_for(lambda s: len(s.of("views.publish")) == 1)
    published = harness.slack.of("views.publish")[0]
    assert published.args["user_id"] == USER
    view = published.args["view"]
    assert view["type"] == "home"
    body = texts(published)
    assert "Streak" in body and "Settings" in body and "08:30" in body


async def test_home_settings_take_effect_at_once(harness: Harness) -> None:
    await onboard(harness)
    picker = {"type": "timepicker", "action_id": "manabi_time", "selected_time": "07:45"}
    status = await harness.send(*action_body(USER, picker, view=True))
    assert status == 200
    await harness.slack.wait_for(lambda s: len(s.of("views.publish")) == 1)
    async with harness.app.sessions() as session:
        learner = (await session.execute(select(Learner))).scalar_one()
    assert learner.delivery_minute == 7 * 60 + 45
    assert "07:45" in texts(harness.slack.of("views.publish")[0])
    pause = {"type": "button", "action_id": "manabi_home_toggle", "value": "cmd:pause"}
    await harness.send(*action_body(USER, pause, view=True))
    await harness.slack.wait_for(lambda s: len(s.of("views.publish")) == 2)
    async with harness.app.sessions() as session:
        learner = (await session.execute(select(Learner))).scalar_one()
    assert learner.status == "paused"
    assert "cmd:resume" in texts(harness.slack.of("views.publish")[1])


async def test_slash_command_replies_privately(harness: Harness) -> None:
    await onboard(harness)
    url = harness.slack.response_url("cmd1")
    assert await harness.send(*command_body(USER, "progress", url)) == 200
    await harness.slack.wait_for(lambda s: len(s.of("response")) >= 1)
    response = harness.slack.of("response")[0]
    assert response.args["response_type"] == "ephemeral"
    assert "progress" in texts(response).lower()


async def test_a_request_from_no_member_is_acked_and_shows_nothing(
    coach: Coach, clock: FixedClock
) -> None:
    ctx = SlackContext(coach, clock)
    acked: list[bool] = []
    shown: list[list[Reply]] = []

    async def ack() -> None:
        acked.append(True)

    async def show(_inbound: Inbound, replies: list[Reply]) -> None:
        shown.append(replies)

    no_user = {"type": "block_actions", "team": {"id": TEAM}}
    no_team = {"type": "message_action", "user": {"id": "U1"}}
    for body in ({}, no_user, no_team):
        await ctx.serve(ack, AsyncWebClient(), body, show, text="help")
    assert (len(acked), shown) == (3, [])


async def test_retried_event_has_an_effect_once(harness: Harness) -> None:
    body, ctype = event_body(dm_event(USER, "help"), "EvRetry")
    assert await harness.send(body, ctype) == 200
    await harness.slack.wait_for(lambda s: len(s.of("chat.postMessage")) == 1)
    retry = {**sign(body), "X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"}
    assert await harness.send(body, ctype, retry) == 200
    await harness.dm("help", "EvOther")  # a later, different event is answered
    await harness.slack.wait_for(lambda s: len(s.of("chat.postMessage")) >= 2)
    await harness.slack.wait_for(lambda s: True)
    assert len(harness.posted()) == 2


async def test_bad_signature_or_stale_timestamp_is_rejected(harness: Harness) -> None:
    body, ctype = event_body(dm_event(USER, "start"), "EvBad")
    wrong = sign(body, secret="not-the-secret")
    assert await harness.send(body, ctype, wrong) == 401
    stale = sign(body, timestamp=int(time.time()) - 6 * 60)
    assert await harness.send(body, ctype, stale) == 401
    assert await harness.send(body, ctype, {}) == 401
    # the genuine request still works afterwards, so nothing above was processed
    assert await harness.send(body, ctype) == 200
    await harness.slack.wait_for(lambda s: len(s.of("chat.postMessage")) == 1)
    assert len(harness.posted()) == 1


async def test_bot_edited_and_deleted_messages_are_ignored(harness: Harness) -> None:
    ignored = [
        {**dm_event(USER, "start"), "bot_id": "B0OTHER"},
        {**dm_event(USER, "start"), "subtype": "bot_message"},
        {**dm_event(USER, "start"), "subtype": "message_changed"},
        {**dm_event(USER, "start"), "subtype": "message_deleted"},
    ]
    for n, event in enumerate(ignored):
        assert await harness.send(*event_body(event, f"EvIgn{n}")) == 200
    await harness.dm("start", "EvReal")
    await harness.slack.wait_for(lambda s: len(s.of("chat.postMessage")) == 1)
    assert len(harness.posted()) == 1


async def test_an_error_gives_a_kind_generic_message(harness: Harness) -> None:
    harness.slack.fail("chat.postMessage", error="internal_error")
    await harness.dm("start", "EvErr")
    await harness.slack.wait_for(lambda s: len(s.of("chat.postMessage")) == 2)
    notice = harness.posted()[1]
    assert "Sorry" in notice.args["text"] or "ごめんなさい" in notice.args["text"]


async def test_slow_answer_shows_a_placeholder_then_fills_it_in(harness: Harness) -> None:
    await onboard(harness)
    release = asyncio.Event()

    async def slow(turn: Any, text: str) -> list[Reply]:
        await release.wait()  # the answer is not ready until the test says so
        return [Reply(text="Here is the answer.", kind="answer")]

    harness.app.coach.ask = slow
    assert harness.app.slack is not None and harness.app.slack.context is not None
    harness.app.slack.context.answering_after = 0.2  # the placeholder comes before the answer
    before = len(harness.posted())
    updates = len(harness.posted("chat.update"))
    event = event_body(dm_event(USER, "Can I paste a contract into ChatGPT?"), "EvSlow")
    try:
        # The ack cannot wait for an answer that is held back; the timeout only stops a hang.
        assert await asyncio.wait_for(harness.send(*event), timeout=30) == 200
        await harness.slack.wait_for(lambda s: len(s.of("chat.postMessage")) > before)
        placeholder = harness.posted()[before]
        assert placeholder.args["text"] == "Answering…"
    finally:
        release.set()  # a failure above must not leave the listener waiting for ever
    await harness.slack.wait_for(lambda s: len(s.of("chat.update")) > updates)
    filled = harness.posted("chat.update")[-1]
    assert filled.args["ts"] == placeholder.result["ts"]
    assert "Here is the answer." in texts(filled)


async def test_healthz_reports_the_database(harness: Harness) -> None:
    base = harness.url.removesuffix("/slack/events")
    async with harness.http.get(f"{base}/healthz") as response:
        assert response.status == 200
    working = harness.app.engine
    harness.app.engine = create_engine("postgresql+psycopg://nobody@127.0.0.1:1/none")
    try:
        async with harness.http.get(f"{base}/healthz") as response:
            assert response.status == 503
    finally:
        await harness.app.engine.dispose()
        harness.app.engine = working


async def test_socket_mode_receives_events_over_the_websocket(
    db_url: str, engine: AsyncEngine, clock: FixedClock, lessons_dir: Path
) -> None:
    slack = FakeSlack()
    await slack.start()
    settings = make_settings(
        database_url=db_url,
        lessons_dir=lessons_dir,
        slack_bot_token=BOT_TOKEN,
        slack_app_token="xapp-test",
        slack_api_url=slack.url,
    )
    try:
        async with serving(settings, clock):  # on_startup connects Socket Mode
            await _socket_mode_round_trip(slack)
    finally:
        await slack.stop()


async def _socket_mode_round_trip(slack: FakeSlack) -> None:
    """Slack pushes a DM over the WebSocket; Manabi acks the envelope and replies."""
    await slack.wait_for(lambda s: bool(s.sockets))
    assert slack.of("apps.connections.open")[0].token == "xapp-test"
    body, _ctype = event_body(dm_event(USER, "start"), "EvSocket")
    envelope = await slack.push(body)
    await slack.wait_for(lambda s: len(s.of("chat.postMessage")) == 1)
    assert {"envelope_id": envelope} in [{"envelope_id": a.get("envelope_id")} for a in slack.acks]
    assert {"lang:ja", "lang:en"} <= set(values(slack.of("chat.postMessage")[0]))


@pytest.fixture
def debug_logs(caplog: pytest.LogCaptureFixture) -> pytest.LogCaptureFixture:
    """Capture everything from DEBUG up, set before the app is built (Bolt copies the level)."""
    caplog.set_level(logging.DEBUG)
    return caplog


async def test_a_bad_signature_logs_nothing_of_the_body(
    debug_logs: pytest.LogCaptureFixture, harness: Harness
) -> None:
    caplog = debug_logs
    body, ctype = event_body(dm_event(USER, "my pin is 4711-0815"), "EvLeak")
    assert await harness.send(body, ctype, sign(body, secret="not-the-secret")) == 401
    assert "4711-0815" not in caplog.text
    for record in caplog.records:
        assert "4711-0815" not in JsonFormatter().format(record)


async def test_an_unsigned_body_with_a_bad_timestamp_is_refused_and_nobody_is_messaged(
    harness: Harness,
) -> None:
    body, ctype = event_body(dm_event(USER, "start"), "EvTs")
    headers = {"X-Slack-Request-Timestamp": "soon", "X-Slack-Signature": "v0=00"}
    assert await harness.send(body, ctype, headers) == 401
    await harness.dm("help", "EvAfter")  # a genuine event is still answered
    await harness.slack.wait_for(lambda s: len(s.of("chat.postMessage")) >= 1)
    assert len(harness.posted()) == 1
    assert not harness.slack.of("conversations.open")


async def test_a_malformed_signed_body_is_a_bad_request(harness: Harness) -> None:
    assert await harness.send("{not json", "application/json") == 400
    assert await harness.send("payload=%7Bnot+json", "application/x-www-form-urlencoded") == 400
    assert await harness.send("[1, 2]", "application/json") == 400


async def test_events_from_another_workspace_are_not_served(harness: Harness) -> None:
    body, ctype = event_body(dm_event(USER, "start"), "EvOtherTeam", team="T0STRANGER")
    assert await harness.send(body, ctype) == 200
    url = harness.slack.response_url("cmdOther")
    other = command_body(USER, "progress", url)[0].replace("team_id=T0TEST", "team_id=T0STRANGER")
    assert await harness.send(other, "application/x-www-form-urlencoded") == 200
    await harness.dm("help", "EvHome")  # the configured workspace is still served
    await harness.slack.wait_for(lambda s: len(s.of("chat.postMessage")) >= 1)
    assert len(harness.posted()) == 1
    assert not harness.slack.of("response")


async def test_a_replayed_slash_command_runs_once(harness: Harness) -> None:
    await onboard(harness)
    url = harness.slack.response_url("cmdReplay")
    body, ctype = command_body(USER, "progress", url)
    headers = sign(body)
    assert await harness.send(body, ctype, headers) == 200
    await harness.slack.wait_for(lambda s: len(s.of("response")) >= 1)
    assert await harness.send(body, ctype, headers) == 200  # the same signed request again
    url2 = harness.slack.response_url("cmdNext")
    assert await harness.send(*command_body(USER, "progress", url2)) == 200
    await harness.slack.wait_for(lambda s: len(s.of("response")) >= 2)
    await harness.slack.wait_for(lambda s: True)
    assert len(harness.slack.of("response")) == 2


async def test_shutdown_lets_an_acked_event_finish(
    db_url: str, engine: AsyncEngine, clock: FixedClock, lessons_dir: Path
) -> None:
    """Stopping the server while an acked event is still being handled waits for it: Slack
    does not send an acked event again, so a turn cut off half-way would be lost."""
    slack = FakeSlack()
    slack.delays["users.info"] = 0.5  # the member's profile is slow to come
    await slack.start()
    settings = make_settings(
        database_url=db_url,
        lessons_dir=lessons_dir,
        slack_bot_token=BOT_TOKEN,
        slack_signing_secret=SIGNING_SECRET,
        slack_api_url=slack.url,
    )
    try:
        async with serving(settings, clock) as (app, base), aiohttp.ClientSession() as http:
            h = Harness(app, slack, f"{base}/slack/events", http)
            assert await h.dm("start", "EvLast") == 200
            await slack.wait_for(lambda s: len(s.of("users.info")) == 1)
        # the server has stopped, and the welcome went out before it did
        [welcome] = slack.of("chat.postMessage")
        assert {"lang:ja", "lang:en"} <= set(values(welcome))
    finally:
        await slack.stop()
