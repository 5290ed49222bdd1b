"""Model answers streamed into a Teams 1:1 chat through the Agents SDK's streaming response,
against the fake Bot Connector: the "Thinking…" update, streamed text, and a final message
with the AI label and the lessons cited, or the offline answer when the model breaks off."""

from __future__ import annotations

from itertools import pairwise
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.channels.teams.hosting import build_channel
from bot.channels.teams.stream import citations
from bot.content.model import Curriculum
from bot.core.actions import unstamped
from bot.core.conversation import Coach
from bot.core.messages import Cited, Reply
from bot.core.texts import t
from bot.storage.models import Feedback
from tests.clocks import FixedClock
from tests.conftest import make_settings
from tests.fake_openai import FakeOpenAI
from tests.teams_fakes import (
    Call,
    activity,
    bot_client,
    card_actions,
    card_data,
    card_of,
    card_values,
    execute,
    fake_connector,
    stream_info,
    stream_kinds,
)
from tests.test_qa_answering import coach_with_model
from tests.test_qa_streaming import cited_answer

QUESTION = "AIの答えが自信満々なら正しい？"
BROKEN = ["文章の自然さと", "正しさは", "別の話です [1]。", "数字は", "一次情報で", "確認："]


def channel(coach: Coach, clock: FixedClock) -> Any:
    built = build_channel(make_settings(teams_anonymous=True), coach, clock)
    assert built is not None
    return built


async def onboard(client: Any, url: str) -> None:
    """Say hello, pick Japanese and consent."""
    await client.post("/api/messages", json=activity(url, "on-1", text="hello"))
    for n, action in enumerate(("lang:ja", "consent:yes"), start=2):
        response = await client.post("/api/messages", json=execute(url, f"on-{n}", action, "c"))
        assert response.status == 200


def ai_entity(call: Call) -> dict[str, Any]:
    """The final message's AI entity (the "AI generated" label and its citations)."""
    for entity in call.body.get("entities") or []:
        if entity.get("type") == "https://schema.org/Message":
            found: dict[str, Any] = entity
            return found
    raise AssertionError(f"no AI entity in {call.body}")


async def test_a_model_answer_streams_and_ends_with_citations(
    sessions: async_sessionmaker[AsyncSession],
    curriculum: Curriculum,
    clock: FixedClock,
    fake_openai: FakeOpenAI,
) -> None:
    coach, answerer = await coach_with_model(
        sessions, curriculum, fake_openai, MANABI_OPENAI_TIMEOUT=30.0
    )
    try:
        async with fake_connector() as connector, bot_client(channel(coach, clock)) as client:
            await onboard(client, connector.url)
            before = len(connector.calls)
            fake_openai.pace = 0.4  # the SDK sends the text so far at most once a second
            fake_openai.reply(cited_answer)
            body = activity(connector.url, "q-1", text=QUESTION)
            assert (await client.post("/api/messages", json=body)).status == 202
            calls = connector.streamed(before)
            # 👍 on the final message counts as Manabi's rating of the answer, once
            values = card_values(card_of(calls[-1]))
            thumbs = next(v for v in values if unstamped(v).startswith("fb:answer:"))
            data = card_data(card_of(calls[-1]), unstamped(thumbs))
            for n in (1, 2):
                press = execute(connector.url, f"fb-{n}", thumbs, "msg-final", data)
                assert (await client.post("/api/messages", json=press)).status == 200
    finally:
        await answerer.close()
    assert stream_kinds(calls)[0] == "informative"
    assert calls[0].body["type"] == "typing" and calls[0].body["text"] == "考えています…"
    chunks = [c for c in calls if stream_kinds([c]) == ["streaming"]]
    assert len(chunks) >= 2 and all(c.body["type"] == "typing" for c in chunks)
    texts = [c.body["text"] for c in chunks]
    assert all(b.startswith(a) for a, b in pairwise(texts)), "text grows"
    assert texts[0].startswith(f"**{t('qa_model_title', 'ja')}**")
    assert not any("evil.example" in text for text in texts), "a removed link is never shown"
    final = calls[-1]
    assert stream_kinds([final]) == ["final"] and final.body["type"] == "message"
    assert final.body["text"].startswith(texts[-1].rstrip()[: len(texts[0])])
    assert "文章の自然さと正しさは別の話です [1]" in final.body["text"]
    assert "evil.example" not in final.body["text"]
    label = ai_entity(final)
    assert label["additionalType"] == ["AIGeneratedContent"]
    [citation] = label["citation"]
    assert citation["position"] == 1 and citation["appearance"]["url"].startswith("https://")
    assert citation["appearance"]["name"] in final.body["text"]  # the lesson cited as [1]
    async with sessions() as session:
        [rating_row] = (await session.scalars(select(Feedback))).all()
    assert (rating_row.target_kind, rating_row.rating) == ("answer", 1)
    rating = [a for a in card_actions(card_of(final)) if a.startswith("fb:answer:")]
    assert len(rating) == 2, "Manabi's own 👍/👎 are on the final message"


async def test_a_model_failing_mid_stream_ends_with_the_offline_answer(
    sessions: async_sessionmaker[AsyncSession],
    curriculum: Curriculum,
    clock: FixedClock,
    fake_openai: FakeOpenAI,
) -> None:
    coach, answerer = await coach_with_model(
        sessions, curriculum, fake_openai, MANABI_OPENAI_TIMEOUT=30.0
    )
    try:
        async with fake_connector() as connector, bot_client(channel(coach, clock)) as client:
            await onboard(client, connector.url)
            before = len(connector.calls)
            fake_openai.pace = 0.6  # long enough for the SDK to stream a part before the break
            fake_openai.stream(BROKEN, fail_after=len(BROKEN) - 1)
            body = activity(connector.url, "q-2", text=QUESTION)
            assert (await client.post("/api/messages", json=body)).status == 202
            after, calls = connector.calls[before:], connector.streamed(before)
    finally:
        await answerer.close()
    chunks = [c.body["text"] for c in calls if stream_kinds([c]) == ["streaming"]]
    assert chunks and "文章の自然さと" in chunks[-1], "something was streamed first"
    final = calls[-1]
    assert stream_kinds([final]) == ["final"] and final.body["type"] == "message"
    assert final.body["text"].startswith(f"**{t('qa_offline_title', 'ja')}**")
    assert "文章の自然さと正しさは別の話です" not in final.body["text"], "nothing half-written"
    assert t("qa_note_unavailable", "ja") in final.body["text"]
    assert not any(e.get("additionalType") for e in final.body.get("entities") or []), (
        "an offline answer carries no AI label"
    )
    assert [c for c in after if stream_info(c) is None] == [], "one message, the stream's"


async def test_a_group_chat_gets_a_single_message_and_no_stream(
    sessions: async_sessionmaker[AsyncSession],
    curriculum: Curriculum,
    clock: FixedClock,
    fake_openai: FakeOpenAI,
) -> None:
    coach, answerer = await coach_with_model(sessions, curriculum, fake_openai)
    try:
        async with fake_connector() as connector, bot_client(channel(coach, clock)) as client:
            fake_openai.reply(cited_answer)
            body = activity(connector.url, "g-1", text=QUESTION, conversation_type="groupChat")
            assert (await client.post("/api/messages", json=body)).status == 202
            [call] = connector.calls
    finally:
        await answerer.close()
    assert call.body["type"] == "message" and stream_info(call) is None
    assert fake_openai.requests == []


def test_citation_n_is_the_lesson_marked_n_even_when_earlier_ones_are_not_cited() -> None:
    cited = (Cited(2, "Lesson two", "https://example.org/2"), Cited(4, "Lesson four"))
    reply = Reply(text="A [2] and [4].", kind="answer", cited=cited)
    got = [(c.title, c.url) for c in citations(reply)]
    assert got[1] == ("Lesson two", "https://example.org/2")
    assert got[3] == ("Lesson four", None)
    assert [c.title for c in citations(Reply(text="none"))] == []


async def test_thinking_shows_while_the_model_is_asked_and_a_refusal_ends_offline(
    sessions: async_sessionmaker[AsyncSession],
    curriculum: Curriculum,
    clock: FixedClock,
    fake_openai: FakeOpenAI,
) -> None:
    coach, answerer = await coach_with_model(sessions, curriculum, fake_openai)
    try:
        async with fake_connector() as connector, bot_client(channel(coach, clock)) as client:
            await onboard(client, connector.url)
            before = len(connector.calls)
            fake_openai.fail(500)  # the model refuses before writing anything
            body = activity(connector.url, "q-3", text=QUESTION)
            assert (await client.post("/api/messages", json=body)).status == 202
            calls = connector.streamed(before)
    finally:
        await answerer.close()
    assert stream_kinds(calls) == ["informative", "final"]
    assert calls[0].body["text"] == "考えています…"
    assert calls[-1].body["text"].startswith(f"**{t('qa_offline_title', 'ja')}**")
