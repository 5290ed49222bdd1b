"""Buttons pressed twice, late, or by someone else change nothing (core, on a real database)."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.content.model import Curriculum
from bot.core.actions import read
from bot.core.conversation import Coach
from bot.core.messages import Inbound
from bot.storage.models import Learner, LessonDelivery, QuizAttempt
from tests.conftest import FixedClock
from tests.dialog import Chat


async def count(coach: Coach, model: type, **where: object) -> int:
    """Count rows of `model` matching `where`."""
    async with coach.sessions() as session:
        query = select(func.count()).select_from(model)
        for column, value in where.items():
            query = query.where(getattr(model, column) == value)
        return int(await session.scalar(query) or 0)


async def test_a_stale_consent_no_weeks_later_erases_nothing(
    coach: Coach, clock: FixedClock, curriculum: Curriculum
) -> None:
    chat = Chat(coach, clock.now())
    await chat.say("start")
    await chat.press("lang:ja")
    decline = chat.button("consent:no")  # the consent card stays in the chat
    await chat.press("consent:yes")
    await chat.answer(curriculum, right=True)
    chat.now = clock.now() + timedelta(weeks=3)
    replies = await chat.send(decline)
    assert [r.kind for r in replies] == ["stale"]
    assert "何も保存していません" not in chat.text()
    assert "データ削除" in chat.text(), "says how to erase, which asks first"
    assert await count(coach, Learner) == 1
    assert await count(coach, QuizAttempt) == 1
    assert await count(coach, LessonDelivery) == 1
    # an unstamped "no" from a card sent before buttons were stamped is just as harmless
    await chat.send("consent:no")
    assert await count(coach, QuizAttempt) == 1


async def test_consent_no_during_onboarding_still_keeps_nothing(
    coach: Coach, clock: FixedClock
) -> None:
    chat = Chat(coach, clock.now())
    await chat.say("start")
    await chat.press("lang:en")
    replies = await chat.press("consent:no")
    assert "Nothing has been kept" in replies[0].text
    assert await count(coach, Learner) == 0


async def test_double_presses_in_onboarding_give_one_prompt_and_one_lesson(
    coach: Coach, clock: FixedClock
) -> None:
    chat = Chat(coach, clock.now())
    await chat.say("start")
    english = chat.button("lang:en")
    assert [r.kind for r in await chat.send(english)] == ["consent"]
    agree = chat.button("consent:yes")
    assert await chat.send(english) == [], "a second language press posts no second prompt"
    first = await chat.send(agree)
    assert [r.kind for r in first] == ["notice", "lesson", "question"]
    assert await chat.send(agree) == [], "a second consent press sends no second lesson"
    # an old consent card pressed again days later: a kind word, not the onboarding again
    chat.now = clock.now() + timedelta(days=2)
    again = await chat.send(agree)
    assert [r.kind for r in again] in ([], ["stale"])
    assert not any(r.kind in ("lesson", "question", "notice") for r in again)
    assert await count(coach, LessonDelivery) == 1


async def test_a_bystander_pressing_delete_changes_nothing_for_anyone(
    coach: Coach, clock: FixedClock
) -> None:
    owner = Chat(coach, clock.now(), user="U1", platform="slack")
    bystander = Chat(coach, clock.now(), user="U2", platform="slack")
    await bystander.onboard("en")
    await owner.onboard("en")
    await owner.say("delete my data")
    erase = owner.button("del:yes")
    replies = await bystander.send(erase)
    assert [r.kind for r in replies] == ["not_yours"]
    assert "別の方" in replies[0].text
    assert await count(coach, Learner) == 2
    assert await count(coach, LessonDelivery) == 2
    # a stranger who never used Manabi gets no record either
    stranger = Chat(coach, clock.now(), user="U3", platform="slack")
    assert [r.kind for r in await stranger.send(erase)] == ["not_yours"]
    assert await count(coach, Learner) == 2
    # the owner's own press still works
    assert "erased" in (await owner.send(erase))[0].text
    assert await count(coach, Learner) == 1


async def test_a_stale_delete_asks_again_in_the_current_state(
    coach: Coach, clock: FixedClock
) -> None:
    chat = Chat(coach, clock.now())
    await chat.onboard("en")
    await chat.say("delete my data")
    erase = chat.button("del:yes")
    await chat.say("help")  # the conversation moved on; the confirmation no longer applies
    replies = await chat.send(erase)
    assert [r.kind for r in replies] == ["stale", "confirm"]
    assert await count(coach, Learner) == 1
    assert "erased" in (await chat.press("del:yes"))[0].text


async def test_an_answer_to_an_earlier_quiz_is_stale_and_a_repeat_is_silent(
    coach: Coach, clock: FixedClock, curriculum: Curriculum
) -> None:
    chat = Chat(coach, clock.now())
    await chat.onboard("en")
    question = chat.question()
    late = question.choices[0].value
    chat.now = clock.now() + timedelta(days=1)
    today = await chat.say("today")  # the next day's lesson and quiz replace yesterday's
    current = next(r for r in today if r.kind == "question")
    replies = await chat.send(late)
    assert [r.kind for r in replies] == ["stale"]
    assert "1/" in replies[0].text, "says where the learner is now"
    assert await count(coach, QuizAttempt) == 0
    answer = current.choices[0].value
    assert next(r.kind for r in await chat.send(answer)) == "feedback"
    assert await chat.send(answer) == [], "a second press of the same answer says nothing"
    assert await count(coach, QuizAttempt) == 1


async def test_buttons_carry_the_learner_and_the_offer(coach: Coach, clock: FixedClock) -> None:
    chat = Chat(coach, clock.now())
    welcome = await chat.say("start")
    pressed = [read(c.value) for c in welcome[0].choices]
    assert all(p is not None and p.owner and p.offer for p in pressed)
    assert len({p.offer for p in pressed if p is not None}) == 1, "one offer per message"


async def test_two_concurrent_presses_of_agree_give_one_lesson(
    coach: Coach, clock: FixedClock, engine: AsyncEngine
) -> None:
    if engine.dialect.name != "postgresql":
        pytest.skip("concurrent transactions on one row need PostgreSQL")
    chat = Chat(coach, clock.now())
    await chat.say("start")
    await chat.press("lang:en")
    agree = chat.button("consent:yes")
    both = await asyncio.gather(
        coach.handle(Inbound(chat.identity, action=agree, event_id="click-1"), clock.now()),
        coach.handle(Inbound(chat.identity, action=agree, event_id="click-2"), clock.now()),
    )
    assert sorted(len(replies) for replies in both) == [0, 3], "one lesson, one silent repeat"


async def test_a_number_typed_again_is_answered_not_ignored(
    coach: Coach, clock: FixedClock
) -> None:
    chat = Chat(coach, clock.now())
    await chat.onboard("en")
    await chat.say("help")
    await chat.say("2")  # progress, which offers "today" and "review"
    assert "review" in (await chat.say("2"))[0].text.lower()  # which offers nothing more
    again = await chat.say("2")
    assert [r.kind for r in again] == ["stale"]
