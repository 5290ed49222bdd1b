"""The assistant pane and streamed answers, through the real Bolt app against the fake Web API
and a fake model that streams."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.core.texts import t
from bot.storage.models import Feedback, Learner, Question
from tests.clocks import FixedClock
from tests.conftest import make_settings
from tests.fake_openai import FakeOpenAI
from tests.serving import serving
from tests.slack_fake import (
    BOT_TOKEN,
    SIGNING_SECRET,
    Call,
    FakeSlack,
    action_body,
    assistant_message,
    assistant_thread_started,
    event_body,
)
from tests.test_qa_answering import LESSON
from tests.test_slack_app import USER, Harness, lessons_dir, onboard, texts, values

__all__ = ["lessons_dir"]  # the fixture, shared with tests/test_slack_app.py

THREAD = "1700000500.000001"
QUESTION = "How can I tell whether a source that an AI gave me is real?"


@pytest.fixture
async def harness(
    db_url: str,
    engine: AsyncEngine,
    clock: FixedClock,
    lessons_dir: Path,
    fake_openai: FakeOpenAI,
) -> AsyncIterator[Harness]:
    """`manabi serve` with Slack at the fake Web API and the model at the fake endpoint."""
    slack = FakeSlack()
    await slack.start()
    settings = make_settings(
        database_url=db_url,
        lessons_dir=lessons_dir,
        slack_bot_token=BOT_TOKEN,
        slack_signing_secret=SIGNING_SECRET,
        slack_api_url=slack.url,
        OPENAI_API_KEY="sk-test-not-a-real-key",
        OPENAI_BASE_URL=fake_openai.base_url,
        MANABI_OPENAI_MAX_RETRIES=0,
        MANABI_OPENAI_TIMEOUT=5.0,
    )
    try:
        async with serving(settings, clock) as (app, base), aiohttp.ClientSession() as http:
            assert app.slack is not None and app.slack.context is not None
            # No "answering…" placeholder however busy the machine: the calls stay as asserted.
            app.slack.context.answering_after = 60.0
            yield Harness(app, slack, f"{base}/slack/events", http)
    finally:
        await slack.stop()


def long_answer(request: dict[str, Any]) -> str:
    """A model answer that cites lesson [1] and its source, with a link no lesson gives, long
    enough to stream in several parts."""
    match = LESSON.search(request["messages"][-1]["content"])
    assert match is not None
    return (
        "An AI can invent sources that look real, so treat every citation as a claim to check "
        f"[1]. Open the link yourself, for example {match.group(2)} , and see whether the page "
        "exists and says what the answer claims. Do not trust a look-alike page such as "
        "https://evil.example/fake-study either. Search for the title of the paper or report "
        "in a search engine or a library database, and compare the authors, the year and the "
        "publisher with what the AI told you. When you cannot find it, say so and do not use "
        "it: a source nobody can open is not a source."
    )


def streamed_text(slack: FakeSlack) -> str:
    """Everything appended to streamed messages, in order."""
    parts = []
    for call in slack.calls:
        if call.method in ("chat.startStream", "chat.appendStream", "chat.stopStream"):
            parts += [c.get("text", "") for c in call.args.get("chunks") or []]
            parts.append(call.args.get("markdown_text") or "")
    return "".join(parts)


def feedback_values(stop: Call) -> tuple[str, str]:
    """The values of the 👍 and 👎 feedback buttons in chat.stopStream's blocks."""
    for block in stop.args.get("blocks") or []:
        for element in block.get("elements", []):
            if element.get("type") == "feedback_buttons":
                return element["positive_button"]["value"], element["negative_button"]["value"]
    raise AssertionError(f"no feedback buttons in {stop.args.get('blocks')}")


async def start_thread(h: Harness, context: dict[str, Any] | None = None) -> None:
    """The member opens the assistant pane."""
    body = event_body(assistant_thread_started(USER, THREAD, context), "EvStart")
    assert await h.send(*body) == 200


async def test_opening_the_pane_sets_prompts_that_fit_and_a_title(harness: Harness) -> None:
    await onboard(harness)
    await start_thread(harness, {"channel_id": "C0GENERAL", "team_id": "T0TEST"})
    await harness.slack.wait_for(lambda s: bool(s.of("assistant.threads.setTitle")))
    await harness.slack.wait_for(lambda s: bool(s.of("assistant.threads.setSuggestedPrompts")))
    prompts = harness.slack.of("assistant.threads.setSuggestedPrompts")[0].args
    assert (prompts["channel_id"], prompts["thread_ts"]) == ("D" + USER, THREAD)
    titles = [p["title"] for p in prompts["prompts"]]
    assert titles[0] == t("btn_today", "en") and titles[-1] == t("assistant_howto_title", "en")
    assert t("assistant_check_title", "en") in titles  # opened beside a channel
    assert {p["message"] for p in prompts["prompts"]} >= {"today", "check"}
    title = harness.slack.of("assistant.threads.setTitle")[0].args
    assert title["title"] == t("assistant_thread_title", "en") and title["thread_ts"] == THREAD
    # moving to a DM (no channel): the prompts change, the check prompt goes
    changed = assistant_thread_started(USER, THREAD, {})
    changed["type"] = "assistant_thread_context_changed"
    assert await harness.send(*event_body(changed, "EvChanged")) == 200
    await harness.slack.wait_for(lambda s: len(s.of("assistant.threads.setSuggestedPrompts")) == 2)
    again = harness.slack.of("assistant.threads.setSuggestedPrompts")[1].args["prompts"]
    assert t("assistant_check_title", "en") not in [p["title"] for p in again]


async def test_a_question_in_the_pane_is_streamed_with_feedback_recorded_once(
    harness: Harness, fake_openai: FakeOpenAI
) -> None:
    await onboard(harness)
    await start_thread(harness)
    fake_openai.reply(long_answer)
    message = assistant_message(USER, QUESTION, THREAD, "1700000600.000001")
    assert await harness.send(*event_body(message, "EvAsk")) == 200
    await harness.slack.wait_for(lambda s: bool(s.of("chat.stopStream")), within=15)
    methods = [c.method for c in harness.slack.calls]
    status = methods.index("assistant.threads.setStatus")
    assert status < methods.index("chat.startStream") < methods.index("chat.stopStream")
    assert harness.slack.of("assistant.threads.setStatus")[0].args["status"] == "Thinking…"
    assert methods.count("chat.appendStream") >= 2
    start = harness.slack.of("chat.startStream")[0].args
    assert (start["channel"], start["thread_ts"]) == ("D" + USER, THREAD)
    assert start["recipient_user_id"] == USER and start["recipient_team_id"] == "T0TEST"
    shown = streamed_text(harness.slack)
    assert shown.startswith(f"**{t('qa_model_title', 'en')}**")
    assert "evil.example" not in shown and t("qa_unverified_link", "en") in shown
    assert "a source nobody can open is not a source." in shown  # the whole answer, in order
    assert "chat.update" not in methods[status:], "the streamed answer was final as it stood"
    stop = harness.slack.of("chat.stopStream")[0]
    up, _down = feedback_values(stop)
    # 👍 on Slack's own feedback buttons, pressed twice: recorded once, as our 👍 would be
    ts = str(stop.args["ts"])
    msg = {"ts": ts, "thread_ts": THREAD, "text": "", "blocks": stop.args["blocks"]}
    press = {"type": "feedback_buttons", "action_id": "manabi_feedback", "value": up}
    for _ in range(2):
        handled = await harness.handled()
        assert await harness.send(*action_body(USER, press, message=msg)) == 200
        await harness.settle(handled)
    async with harness.app.sessions() as session:
        ratings = (await session.execute(select(Feedback))).scalars().all()
    assert [(r.target_kind, r.rating) for r in ratings] == [("answer", 1)]
    thanks = [c for c in harness.slack.of("chat.update") if c.args["ts"] == ts]
    assert len(thanks) == 1 and "Thank you" in json.dumps(thanks[0].args["blocks"])
    assert not any(b["type"] == "context_actions" for b in thanks[0].args["blocks"])


async def test_a_dm_question_is_streamed_as_a_reply_to_it(
    harness: Harness, fake_openai: FakeOpenAI
) -> None:
    await onboard(harness)
    fake_openai.reply(long_answer)
    assert await harness.dm(QUESTION, "EvDmAsk") == 200
    await harness.slack.wait_for(lambda s: bool(s.of("chat.stopStream")), within=15)
    start = harness.slack.of("chat.startStream")[0].args
    assert start["thread_ts"] == "1700000000.000001"  # the member's message (dm_event's ts)
    assert not harness.slack.of("assistant.threads.setStatus"), "no status outside the pane"
    feedback_values(harness.slack.of("chat.stopStream")[0])


async def test_a_model_failing_mid_stream_leaves_the_offline_answer(
    harness: Harness, fake_openai: FakeOpenAI
) -> None:
    await onboard(harness)
    await start_thread(harness)
    text = long_answer(
        {"messages": [{"content": "[1] Lesson: x (id: x)\nSource: y https://example.org/s"}]}
    )
    pieces = [text[i : i + 40] for i in range(0, len(text), 40)]
    fake_openai.stream(pieces, fail_after=len(pieces) // 2)
    message = assistant_message(USER, QUESTION, THREAD, "1700000600.000002")
    assert await harness.send(*event_body(message, "EvAskFail")) == 200
    await harness.slack.wait_for(lambda s: bool(s.of("chat.stopStream")), within=15)
    ts = harness.slack.of("chat.startStream")[0].result["ts"]
    await harness.slack.wait_for(lambda s: any(c.args["ts"] == ts for c in s.of("chat.update")))
    assert harness.slack.of("chat.appendStream"), "part of the answer was shown"
    final = [c for c in harness.slack.of("chat.update") if c.args["ts"] == ts][-1]
    blocks = json.dumps(final.args["blocks"], ensure_ascii=False)
    assert t("qa_offline_title", "en") in blocks and "is not a source" not in blocks
    assert "feedback_buttons" not in json.dumps(harness.slack.of("chat.stopStream")[0].args)
    async with harness.app.sessions() as session:
        outcomes = (await session.execute(select(Question.outcome))).scalars().all()
        rated = await session.scalar(select(func.count()).select_from(Feedback))
    assert outcomes == ["error"] and rated == 0


async def test_lessons_and_commands_work_in_the_pane_as_in_the_dm(harness: Harness) -> None:
    await start_thread(harness)
    message = assistant_message(USER, "start", THREAD, "1700000600.000003")
    assert await harness.send(*event_body(message, "EvPaneStart")) == 200
    await harness.slack.wait_for(lambda s: bool(s.of("chat.postMessage")))
    welcome = harness.posted()[0]
    assert welcome.args["thread_ts"] == THREAD and "lang:en" in values(welcome)
    assert await harness.click(welcome, "lang:en") == 200
    await harness.slack.wait_for(lambda s: len(s.of("chat.postMessage")) >= 2)
    consent = harness.posted()[1]
    assert consent.args["thread_ts"] == THREAD
    assert await harness.click(consent, "consent:yes") == 200
    await harness.slack.wait_for(
        lambda s: any(v.startswith("ans:") for c in s.of("chat.postMessage") for v in values(c))
    )
    lesson = [c for c in harness.posted() if c is not welcome and c is not consent]
    assert lesson and all(c.args["thread_ts"] == THREAD for c in lesson), (
        "the lesson is in the pane"
    )
    progress = assistant_message(USER, "progress", THREAD, "1700000600.000004")
    before = len(harness.posted())
    assert await harness.send(*event_body(progress, "EvPaneProgress")) == 200
    await harness.slack.wait_for(lambda s: len(s.of("chat.postMessage")) > before)
    shown = harness.posted()[-1]
    assert shown.args["thread_ts"] == THREAD and "Streak" in texts(shown)
    assert not harness.slack.of("chat.startStream"), "only model answers stream"


async def test_a_message_with_no_reply_clears_the_status(harness: Harness) -> None:
    await onboard(harness)
    message = assistant_message(USER, "progress", THREAD, "1700000600.000005")
    for _ in range(2):  # Slack's retry of the same event: handled once, so one has no reply
        assert await harness.send(*event_body(message, "EvTwice")) == 200
    await harness.slack.wait_for(
        lambda s: (
            [c.args["status"] for c in s.of("assistant.threads.setStatus")]
            == ["Thinking…", "Thinking…", ""]
        )
    )


async def test_a_slow_dm_answer_drops_its_placeholder_when_the_stream_begins(
    harness: Harness, fake_openai: FakeOpenAI
) -> None:
    await onboard(harness)
    assert harness.app.slack is not None and harness.app.slack.context is not None
    harness.app.slack.context.answering_after = 0.0  # the placeholder goes up at once
    fake_openai.reply(long_answer)
    before = len(harness.posted())
    assert await harness.dm(QUESTION, "EvSlow") == 200
    await harness.slack.wait_for(lambda s: bool(s.of("chat.stopStream")), within=15)
    placeholder = harness.posted()[before]
    assert placeholder.args["text"] == t("answering", "en")
    methods = [c.method for c in harness.slack.calls]
    assert methods.index("chat.delete") < methods.index("chat.startStream")
    assert harness.slack.of("chat.delete")[0].args["ts"] == placeholder.result["ts"]


async def test_where_slack_will_not_stream_the_answer_is_posted_whole(
    harness: Harness, fake_openai: FakeOpenAI
) -> None:
    await onboard(harness)
    harness.slack.fail("chat.startStream", error="method_not_supported_for_channel_type", times=2)
    fake_openai.reply(long_answer)
    before = len(harness.posted())
    assert await harness.dm(QUESTION, "EvNoStream") == 200
    await harness.slack.wait_for(lambda s: len(s.of("chat.postMessage")) > before, within=15)
    answer = harness.posted()[before]
    blocks = json.dumps(answer.args["blocks"], ensure_ascii=False)
    assert t("qa_model_title", "en") in blocks and "is not a source" in blocks
    assert answer.args.get("thread_ts") is None, "in the conversation, as before"
    assert {"fb:answer"} <= {v.rsplit(":", 2)[0] for v in values(answer)}
    assert not harness.slack.of("chat.stopStream")


async def test_someone_new_is_offered_to_get_started(harness: Harness) -> None:
    await start_thread(harness, {"channel_id": "C0GENERAL"})
    await harness.slack.wait_for(lambda s: bool(s.of("assistant.threads.setSuggestedPrompts")))
    prompts = harness.slack.of("assistant.threads.setSuggestedPrompts")[0].args["prompts"]
    assert [(p["title"], p["message"]) for p in prompts] == [
        (t("btn_start", "en"), "start"),  # the fake Slack's profile says en-US
        (t("assistant_howto_title", "en"), t("assistant_msg_howto", "en")),
    ]
    async with harness.app.sessions() as session:  # offering prompts creates no one
        assert not await session.scalar(select(func.count()).select_from(Learner))
