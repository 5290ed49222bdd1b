"""The learning loop, as conversations, on a real database."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from bot.content.model import Curriculum
from bot.core.actions import unstamped
from bot.core.conversation import Coach
from bot.core.qa.questions import QuestionAnswering
from bot.storage.models import Learner, LessonDelivery, QuizAttempt, ReviewCard
from tests.clocks import FixedClock
from tests.dialog import Chat


async def count(coach: Coach, model: type, **where: object) -> int:
    """Count rows of `model` matching `where`."""
    async with coach.sessions() as session:
        query = select(func.count()).select_from(model)
        for column, value in where.items():
            query = query.where(getattr(model, column) == value)
        return int(await session.scalar(query) or 0)


async def test_start_leads_through_consent_and_language_to_the_first_lesson_and_quiz(
    coach: Coach, clock: FixedClock, curriculum: Curriculum
) -> None:
    chat = Chat(coach, clock.now())
    welcome = await chat.say("開始")
    assert welcome[0].kind == "welcome"
    assert [unstamped(c.value) for c in welcome[0].choices] == ["lang:ja", "lang:en"]
    consent = await chat.press("lang:en")
    assert consent[0].kind == "consent" and "Not kept" in consent[0].text
    replies = await chat.press("consent:yes")
    kinds = [r.kind for r in replies]
    assert kinds == ["notice", "lesson", "question"]
    first = curriculum.lessons[0]
    assert replies[1].title == first.meta.title.en
    assert replies[1].sources and replies[1].sources[0].url.startswith("https://")
    assert all(r.locale == "en" for r in replies)


async def test_an_answer_gets_right_or_wrong_why_and_the_source(
    coach: Coach, clock: FixedClock, curriculum: Curriculum
) -> None:
    chat = Chat(coach, clock.now())
    await chat.onboard("ja")
    replies = await chat.answer(curriculum, right=False)
    feedback = replies[0]
    assert feedback.kind == "feedback" and feedback.replace_original
    assert feedback.text.startswith("❌")
    assert feedback.sources
    replies = await chat.answer(curriculum, right=True)
    assert replies[0].text.startswith("✅")


async def test_finishing_the_quiz_completes_the_lesson(
    coach: Coach, clock: FixedClock, curriculum: Curriculum
) -> None:
    chat = Chat(coach, clock.now())
    replies = await chat.onboard("en")
    while replies[-1].kind in ("question", "confidence"):
        replies = await chat.answer(curriculum, right=True)
    assert replies[-1].kind == "done"
    assert await count(coach, LessonDelivery, state="completed") == 1
    again = await chat.say("today")
    assert "already done" in again[0].text


async def test_an_answer_submitted_twice_counts_once(
    coach: Coach, clock: FixedClock, curriculum: Curriculum
) -> None:
    chat = Chat(coach, clock.now())
    await chat.onboard("ja")
    value = chat.question().choices[0].value
    item_id = value.split(":")[2]
    item, _ = curriculum.item(item_id) or (None, None)
    assert item is not None and not item.confidence
    first = await chat.send(value)
    second = await chat.send(value)
    assert first[0].kind == "feedback"
    assert second == [], "a second press of an answer says nothing (its feedback is in place)"
    assert await count(coach, QuizAttempt, item_id=item_id) == 1


async def test_a_retried_event_is_processed_once(coach: Coach, clock: FixedClock) -> None:
    chat = Chat(coach, clock.now())
    first = await chat.say("start", event_id="Ev1")
    second = await chat.say("start", event_id="Ev1")
    assert first and second == []


async def test_unknown_command_gets_help_and_out_of_range_number_gets_choices_again(
    coach: Coach, clock: FixedClock
) -> None:
    chat = Chat(coach, clock.now())
    await chat.onboard("en")
    offered = chat.question().choices
    replies = await chat.say("/frobnicate")
    assert "no command" in replies[0].text and "today" in replies[0].text
    replies = await chat.say("9")
    assert "number from 1 to" in replies[0].text
    assert [unstamped(c.value) for c in replies[0].choices] == [unstamped(c.value) for c in offered]


async def test_free_text_goes_to_questions(coach: Coach, clock: FixedClock) -> None:
    seen: list[str] = []

    async def ask(turn, text):  # type: ignore[no-untyped-def]
        seen.append(text)
        return []

    coach.ask = ask
    chat = Chat(coach, clock.now())
    await chat.onboard("en")
    await chat.say("How do I check a citation?")
    assert seen == ["How do I check a citation?"]


async def test_settings_pause_resume_time_language_timezone(
    coach: Coach, clock: FixedClock
) -> None:
    chat = Chat(coach, clock.now())
    await chat.onboard("ja")
    assert "一時停止" in (await chat.say("一時停止"))[0].text
    assert "再開" in (await chat.say("再開"))[0].text
    assert "07:45" in (await chat.say("時間 7:45"))[0].text
    assert "0:00" in (await chat.say("時間 25:00"))[0].text
    assert "English" in (await chat.say("言語 英語"))[0].text
    assert "Europe/Berlin" in (await chat.say("tz europe/berlin"))[0].text
    async with coach.sessions() as session:
        learner = await session.scalar(select(Learner))
        assert learner is not None
        assert (learner.status, learner.delivery_minute, learner.locale, learner.timezone) == (
            "active",
            465,
            "en",
            "Europe/Berlin",
        )


async def test_delete_my_data_leaves_no_row_that_refers_to_the_learner(
    coach: Coach, clock: FixedClock, curriculum: Curriculum, engine
) -> None:
    chat = Chat(coach, clock.now())
    other = Chat(coach, clock.now(), user="u2")
    await other.onboard("ja")
    await chat.onboard("ja")
    await chat.answer(curriculum, right=False)
    confirm = await chat.say("delete my data")
    assert [unstamped(c.value) for c in confirm[0].choices] == ["del:yes", "del:no"]
    assert "削除しました" in (await chat.press("del:yes"))[0].text
    async with coach.sessions() as session:
        ids = list(await session.scalars(select(Learner.id)))
    assert len(ids) == 1  # only u2 is left
    remaining = ids[0]
    from bot.storage.models import Base

    async with engine.connect() as conn:
        for table in Base.metadata.sorted_tables:
            for column in table.columns:
                for fk in column.foreign_keys:
                    if fk.column.table.name == "learners":
                        rows = (await conn.execute(select(column).where(column.is_not(None)))).all()
                        assert all(row[0] == remaining for row in rows), table.name


async def test_declining_consent_keeps_nothing(coach: Coach, clock: FixedClock) -> None:
    chat = Chat(coach, clock.now())
    await chat.say("start")
    await chat.press("lang:ja")
    replies = await chat.press("consent:no")
    assert "何も保存していません" in replies[0].text
    assert await count(coach, Learner) == 0


async def test_missed_items_come_back_for_review_the_next_day(
    coach: Coach, clock: FixedClock, curriculum: Curriculum
) -> None:
    chat = Chat(coach, clock.now())
    await chat.onboard("en")
    missed = chat.question().choices[0].value.split(":")[2]
    replies = await chat.answer(curriculum, right=False)
    while replies[-1].kind in ("question", "confidence"):
        replies = await chat.answer(curriculum, right=True)
    assert "Nothing to review" in (await chat.say("review"))[0].text
    chat.now = clock.now() + timedelta(days=1, hours=1)
    replies = await chat.say("review")
    asked = []
    while replies[-1].kind in ("question", "confidence"):
        asked.append(chat.question().choices[0].value.split(":")[2])
        replies = await chat.answer(curriculum, right=True)
    assert missed in asked
    assert "review done" in replies[-1].text
    async with coach.sessions() as session:
        card = await session.get(ReviewCard, (1, missed))
        assert card is not None and card.lapses == 1 and card.due > chat.now


async def test_progress_shows_streak_lessons_and_accuracy(
    coach: Coach, clock: FixedClock, curriculum: Curriculum
) -> None:
    chat = Chat(coach, clock.now())
    replies = await chat.onboard("en")
    while replies[-1].kind in ("question", "confidence"):
        replies = await chat.answer(curriculum, right=True)
    text = (await chat.say("progress"))[0].text
    assert "Streak: 1 day" in text
    assert f"Lessons completed: 1 / {len(curriculum.lessons)}" in text
    assert "100%" in text


@pytest.mark.parametrize("days", [1])
async def test_the_next_business_day_gives_the_next_lesson(
    coach: Coach, clock: FixedClock, curriculum: Curriculum, days: int
) -> None:
    chat = Chat(coach, clock.now())
    replies = await chat.onboard("en")
    while replies[-1].kind in ("question", "confidence"):
        replies = await chat.answer(curriculum, right=True)
    chat.now = datetime(2026, 12, 2, 0, 0, tzinfo=UTC)  # Wednesday, 09:00 in Tokyo
    replies = await chat.say("today")
    lesson = next(r for r in replies if r.kind == "lesson")
    assert lesson.title == curriculum.lessons[1].meta.title.en


async def test_deleting_data_also_forgets_recent_questions_kept_in_memory(
    coach: Coach, offline_answering: QuestionAnswering, clock: FixedClock
) -> None:
    answering = offline_answering
    chat = Chat(coach, clock.now())
    await chat.onboard("en")
    await chat.say("How do I check whether a citation is real?")
    assert answering.memory.recent(1, clock.now())
    await chat.say("delete my data")
    await chat.press("del:yes")
    assert answering.memory.recent(1, clock.now()) == []


async def test_an_unreachable_learner_who_writes_again_is_reachable(
    coach: Coach, clock: FixedClock
) -> None:
    chat = Chat(coach, clock.now())
    await chat.onboard("en")
    async with coach.sessions() as session, session.begin():
        learner = await session.scalar(select(Learner))
        assert learner is not None
        learner.status = "unreachable"
    await chat.say("progress")
    async with coach.sessions() as session:
        learner = await session.scalar(select(Learner))
        assert learner is not None and learner.status == "active"


async def test_an_oversized_message_gets_a_clear_reply_and_is_not_answered(
    coach: Coach, clock: FixedClock
) -> None:
    asked: list[str] = []

    async def ask(turn, text):  # type: ignore[no-untyped-def]
        asked.append(text)
        return []

    coach.ask = ask
    chat = Chat(coach, clock.now())
    await chat.onboard("en")
    replies = await chat.say("Is this right? " + "x" * 2000)
    assert "too long (2015 characters)" in replies[0].text and "1000" in replies[0].text
    assert asked == []
    await chat.say("Is this right? " + "x" * 900)
    assert len(asked) == 1
