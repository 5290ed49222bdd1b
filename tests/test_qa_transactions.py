"""A model call holds no database transaction: other members are served while it runs."""

from __future__ import annotations

import asyncio

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.content.model import Curriculum
from bot.core.conversation import Coach
from bot.core.messages import Identity, Inbound
from bot.storage.models import Question
from tests.clocks import FixedClock
from tests.dialog import Chat
from tests.fake_openai import FakeOpenAI
from tests.test_qa_answering import coach_with_model, rows


async def test_other_members_are_served_while_the_model_thinks(
    sessions: async_sessionmaker[AsyncSession],
    curriculum: Curriculum,
    clock: FixedClock,
    fake_openai: FakeOpenAI,
) -> None:
    coach, answerer = await coach_with_model(
        sessions, curriculum, fake_openai, MANABI_OPENAI_TIMEOUT=5.0
    )
    try:
        await _serve_while_thinking(coach, clock, fake_openai, sessions)
    finally:
        await answerer.close()


async def _serve_while_thinking(
    coach: Coach,
    clock: FixedClock,
    fake_openai: FakeOpenAI,
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    asker, other = Chat(coach, clock.now(), user="asker"), Chat(coach, clock.now(), user="other")
    await asker.onboard("ja")
    await other.onboard("ja")
    fake_openai.stall(3.0)
    question = Inbound(asker.identity, text="AIの答えが自信満々なら正しい？", event_id="Ev-q")
    answering = asyncio.create_task(coach.handle(question, clock.now()))
    for _ in range(500):  # wait (at most 5 s) until the model has been called
        if fake_openai.requests:
            break
        await asyncio.sleep(0.01)
    assert fake_openai.requests
    progress = Inbound(Identity("console", "local", "other"), text="進捗", event_id="Ev-p")
    served = await asyncio.wait_for(coach.handle(progress, clock.now()), timeout=2.0)
    assert served and served[0].kind == "progress"
    assert not answering.done(), "the other member should not have waited for the model"
    answer = await answering
    assert answer[0].kind == "answer"
    recorded = await rows(sessions, Question)
    assert [q.outcome for q in recorded] == ["model"]
