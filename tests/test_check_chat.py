"""Checking an AI answer in the chat: `check` / `確認して` / `チェック`, then the checklist."""

from __future__ import annotations

import asyncio

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.content.model import Curriculum
from bot.core.context import CoachConfig
from bot.core.conversation import Coach
from bot.core.messages import Identity, Inbound
from bot.core.qa.checking.checks import AnswerChecks, requested
from bot.core.qa.checking.lookups import Lookups
from bot.core.qa.questions import QuestionAnswering
from bot.storage.models import Learner
from tests.check_fakes import RecordingLookups
from tests.clocks import FixedClock
from tests.dialog import Chat

ANSWER_JA = "労働基準法第36条により、時間外労働の上限は原則として月45時間です。"
ANSWER_EN = "Under the Working Time Regulations 1998, workers must never work more than 48 hours."


async def checked(sessions: async_sessionmaker[AsyncSession], user: str) -> int:
    """How many answers the learner has had checked, as stored."""
    async with sessions() as session:
        query = select(Learner.answers_checked).where(Learner.platform_user_id == user)
        return int(await session.scalar(query) or 0)


def test_the_check_words_with_or_without_the_answer() -> None:
    assert requested("check") == ""
    assert requested("Check: 45 hours") == "45 hours"
    assert requested(f"確認して\n{ANSWER_JA}") == ANSWER_JA
    assert requested(f"チェック {ANSWER_JA}") == ANSWER_JA
    assert requested(f"確認してください：{ANSWER_JA}") == ANSWER_JA
    assert requested(f"チェックして。\n{ANSWER_JA}") == ANSWER_JA
    assert requested("チェックリストの作り方は？") is None
    assert requested("checking facts is hard") is None
    assert requested("How do I check a citation?") is None


async def test_check_followed_by_an_answer_gives_a_checklist_and_counts_it(
    coach: Coach, clock: FixedClock, sessions: async_sessionmaker[AsyncSession]
) -> None:
    chat = Chat(coach, clock.now())
    await chat.onboard("ja")
    replies = await chat.say(f"確認して\n{ANSWER_JA}")
    assert [r.kind for r in replies] == ["checklist"]
    assert "労働基準法第36条" in replies[0].text and "月45時間" in replies[0].text
    assert any("保存も記録もしていません" in note for note in replies[0].notes)
    assert await checked(sessions, "u1") == 1
    progress = await chat.say("進捗")
    assert "AI の回答 1件" in progress[0].text


async def test_check_alone_asks_for_the_paste_then_checks_a_long_one(
    coach: Coach, clock: FixedClock, sessions: async_sessionmaker[AsyncSession]
) -> None:
    chat = Chat(coach, clock.now())
    await chat.onboard("en")
    asked = await chat.say("check")
    assert asked[0].kind == "notice" and "Paste" in asked[0].text
    long = "\n".join([ANSWER_EN] * 20)  # well over a question's 1,000 characters
    assert len(long) > 1000
    replies = await chat.say(long)
    assert [r.kind for r in replies] == ["checklist"]
    assert "48 hours" in replies[0].text
    again = await chat.say("What is a hallucination?")  # the paste is no longer awaited
    assert again[0].kind == "answer"
    assert await checked(sessions, "u1") == 1


async def test_a_paste_can_be_cancelled_and_the_button_asks_for_one(
    coach: Coach, clock: FixedClock, sessions: async_sessionmaker[AsyncSession]
) -> None:
    chat = Chat(coach, clock.now())
    await chat.onboard("en")
    await chat.say("help")
    asked = await chat.press("cmd:check")
    assert "Paste" in asked[0].text
    cancelled = await chat.say("cancel")
    assert cancelled[0].text == "Check cancelled."
    await chat.say("check")
    await chat.say("progress")  # a command instead of the paste ends the wait
    answered = await chat.say(ANSWER_EN)
    assert answered[0].kind == "answer"
    assert await checked(sessions, "u1") == 0


async def test_a_member_who_has_not_started_gets_the_checklist_uncounted(
    coach: Coach, clock: FixedClock, sessions: async_sessionmaker[AsyncSession]
) -> None:
    identity = Identity("slack", "T1", "U-new")
    inbound = Inbound(identity, text=ANSWER_EN, locale="en")
    replies = await coach.check(inbound, clock.now())
    assert [r.kind for r in replies] == ["checklist"] and replies[0].locale == "en"
    assert "48 hours" in replies[0].text
    assert await checked(sessions, "U-new") == 0
    empty = await coach.check(Inbound(identity, text="  ", locale="en"), clock.now())
    assert empty[0].text.startswith("There is no text to check")


async def test_lookups_run_outside_the_transaction_and_others_are_served(
    sessions: async_sessionmaker[AsyncSession],
    curriculum: Curriculum,
    clock: FixedClock,
    offline_answering: QuestionAnswering,
) -> None:
    slow = RecordingLookups(delay=1.0)
    lookups = Lookups(laws=slow, works=slow, pages=slow, timeout=2.0, deadline=2.5)
    checks = AnswerChecks(lambda: lookups)
    coach = Coach(sessions, curriculum, CoachConfig(), offline_answering, checks)
    checker, other = Chat(coach, clock.now(), user="checker"), Chat(coach, clock.now(), "other")
    await checker.onboard("ja")
    await other.onboard("ja")
    inbound = Inbound(checker.identity, text=ANSWER_JA, event_id="Ev-check")
    checking = asyncio.create_task(coach.check(inbound, clock.now()))
    for _ in range(500):  # wait (at most 5 s) until the lookup has been asked
        if slow.queries:
            break
        await asyncio.sleep(0.01)
    assert slow.queries == ["労働基準法 36"]
    served = await asyncio.wait_for(other.say("進捗"), timeout=2.0)
    assert served and served[0].kind == "progress"
    assert not checking.done(), "the other member should not have waited for the lookup"
    replies = await checking
    assert "e-Gov" in replies[0].text
    assert await checked(sessions, "checker") == 1
