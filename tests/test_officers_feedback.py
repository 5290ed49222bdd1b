"""Feedback (👍/👎, comments, the every-fifth-lesson pulse) and asking an officer, as dialogs."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.content.model import Curriculum
from bot.core.actions import unstamped
from bot.core.conversation import Coach
from bot.core.daily import render
from bot.core.learning.feedback import lesson_feedback_text
from bot.core.officers.reports import organisation_report
from bot.core.officers.roles import operator_scope
from bot.storage.db import transaction
from bot.storage.models import (
    Feedback,
    Learner,
    LessonDelivery,
    Membership,
    OfficerQuestion,
    Outbox,
)
from tests.clocks import FixedClock
from tests.dialog import Chat
from tests.officers_helpers import add_cohort


async def learner_id(coach: Coach, user: str) -> int:
    """The id of the console learner `user`."""
    async with coach.sessions() as session:
        found = await session.scalar(select(Learner.id).where(Learner.platform_user_id == user))
        assert found is not None
        return int(found)


async def join(
    sessions: async_sessionmaker[AsyncSession], who: int, cohort: int, role: str
) -> None:
    """Put a learner in a cohort."""
    async with transaction(sessions) as session:
        session.add(Membership(learner_id=who, cohort_id=cohort, role=role))


async def finish_lesson(chat: Chat, curriculum: Curriculum) -> None:
    """Answer until the lesson is done."""
    while chat.last and chat.last[-1].kind in ("question", "confidence"):
        await chat.answer(curriculum, right=True)


async def test_a_member_rates_a_lesson_and_comments_and_authors_see_the_totals(
    coach: Coach, clock: FixedClock, curriculum: Curriculum
) -> None:
    chat = Chat(coach, clock.now())
    await chat.onboard("en")
    await finish_lesson(chat, curriculum)
    summary = chat.last[-1]
    assert summary.kind == "done" and "How was this lesson?" in summary.text
    lesson = curriculum.lessons[0].id
    values = [unstamped(c.value) for c in summary.choices]
    assert values[-2:] == [f"fb:lesson:{lesson}:1", f"fb:lesson:{lesson}:-1"]
    assert values[:2] == ["cmd:review", "cmd:progress"]
    thanks = await chat.say("4")  # a typed number picks 👎, the fourth choice shown
    await chat.press(f"fb:lesson:{lesson}:1")  # changing one's mind replaces the rating
    assert [unstamped(c.value) for c in thanks[0].choices] == [
        f"fbc:lesson:{lesson}",
        "cmd:review",
        "cmd:progress",
    ], "rating the lesson leaves its other buttons"
    await chat.press(f"fbc:lesson:{lesson}")
    saved = await chat.say("Clear, but mail me at aiko@example.org about the sources")
    assert "comment" in saved[0].text
    async with coach.sessions() as session:
        [row] = list(await session.scalars(select(Feedback)))
    assert (row.target_kind, row.target_id, row.rating) == ("lesson", lesson, 1)
    assert row.comment is not None and "aiko@example.org" not in row.comment
    table = await lesson_feedback_text(coach.sessions, curriculum, comments=True)
    line = next(x for x in table.splitlines() if x.startswith(lesson))
    assert line.split()[1:4] == ["1", "0", "100%"]
    assert "Clear, but mail me" in table
    after = await chat.say("what is a hallucination?")  # no longer waiting for a comment
    assert "comment" not in after[0].text


async def test_every_fifth_lesson_asks_a_one_to_five_pulse(
    coach: Coach, clock: FixedClock, curriculum: Curriculum
) -> None:
    chat = Chat(coach, clock.now())
    await chat.onboard("ja")
    me = await learner_id(coach, "u1")
    async with transaction(coach.sessions) as session:
        for n in range(1, 5):
            day = clock.now() - timedelta(days=7 * n)
            session.add(
                LessonDelivery(
                    learner_id=me,
                    lesson_id=f"old-{n}",
                    local_date=day.date(),
                    state="completed",
                    created_at=day,
                    completed_at=day,
                )
            )
    await finish_lesson(chat, curriculum)
    pulse = next(r for r in chat.last if r.kind == "pulse")
    assert [c.label for c in pulse.choices] == ["1", "2", "3", "4", "5"]
    await chat.press(pulse.choices[3].value)
    async with coach.sessions() as session:
        ratings = {(f.target_kind, f.rating) for f in await session.scalars(select(Feedback))}
    assert ("pulse", 4) in ratings


async def test_a_question_goes_to_the_cohorts_officer_and_the_reply_comes_back(
    coach: Coach, clock: FixedClock
) -> None:
    member, officer = Chat(coach, clock.now(), "member"), Chat(coach, clock.now(), "officer")
    await member.onboard("en")
    await officer.onboard("ja")
    cohort = await add_cohort(coach.sessions, "union", "tokyo")
    await join(coach.sessions, await learner_id(coach, "member"), cohort, "member")
    await join(coach.sessions, await learner_id(coach, "officer"), cohort, "officer")
    for n in range(4):  # the asker hides among five members who could have asked
        await Chat(coach, clock.now(), f"peer{n}").onboard("en")
        await join(coach.sessions, await learner_id(coach, f"peer{n}"), cohort, "member")

    prompt = await member.say("ask an officer")
    assert "officer" in prompt[0].text
    sent = await member.say("Can I paste the minutes into the AI? Call me on 090-1234-5678")
    assert "Sent to your officer" in sent[0].text
    async with coach.sessions() as session:
        [to_officer] = list(await session.scalars(select(Outbox)))
    assert to_officer.kind == "officer_question"
    assert to_officer.learner_id == await learner_id(coach, "officer")
    assert "paste the minutes" in to_officer.payload["text"]["ja"]
    assert "090-1234-5678" not in to_officer.payload["text"]["ja"]
    assert "member" not in to_officer.payload["text"]["ja"]  # the member stays anonymous

    question_id = to_officer.dedupe_key.split(":")[1]
    stranger = Chat(coach, clock.now(), "stranger")
    await stranger.onboard("en")
    ignored = await stranger.say(f"reply {question_id} no")  # not an officer: a question
    assert "reply is on its way" not in ignored[0].text
    done = await officer.say(f"reply {question_id} 議事録は貼らないでください。")
    assert done[0].text == "返事を送りました。"
    again = await officer.say(f"reply {question_id} もう一度")
    assert "すでに" in again[0].text
    async with coach.sessions() as session:
        back = await session.scalar(select(Outbox).where(Outbox.kind == "officer_reply"))
    assert back is not None and back.learner_id == await learner_id(coach, "member")
    assert "議事録は貼らないでください。" in back.payload["text"]["en"]


async def test_the_reply_button_without_a_text_box_asks_the_officer_for_the_reply(
    coach: Coach, clock: FixedClock
) -> None:
    member, officer = Chat(coach, clock.now(), "member"), Chat(coach, clock.now(), "officer")
    await member.onboard("en")
    await officer.onboard("en")
    cohort = await add_cohort(coach.sessions, "union", "tokyo")
    await join(coach.sessions, await learner_id(coach, "member"), cohort, "member")
    await join(coach.sessions, await learner_id(coach, "officer"), cohort, "officer")
    for n in range(4):
        await Chat(coach, clock.now(), f"peer{n}").onboard("en")
        await join(coach.sessions, await learner_id(coach, f"peer{n}"), cohort, "member")
    await member.say("ask an officer")
    await member.say("May I use the AI for the minutes?")
    async with coach.sessions() as session:
        [row] = list(await session.scalars(select(Outbox)))
    [shown] = render(row.kind, row.payload, "en")  # as the dispatcher composes it
    assert "/manabi" not in shown.text
    [button] = shown.choices
    assert button.label == "Reply" and button.prompt  # Teams shows a text box with it

    stranger = Chat(coach, clock.now(), "stranger")
    await stranger.onboard("en")
    refused = await stranger.press(button.value)  # a member with the question's button value
    assert refused[0].text == "Only union officers can do this."
    asked = await officer.press(button.value)  # Slack and the console: no text box
    assert "Write your reply to question" in asked[0].text
    done = await officer.say("Not the minutes, please.")
    assert done[0].text == "Your reply is on its way."
    async with coach.sessions() as session:
        back = await session.scalar(select(Outbox).where(Outbox.kind == "officer_reply"))
        question = await session.scalar(select(OfficerQuestion))
    assert back is not None and back.learner_id == await learner_id(coach, "member")
    assert question is not None and question.answer == "Not the minutes, please."
    again = await officer.press(button.value)
    assert "already been answered" in again[0].text


async def test_a_question_from_a_cohort_too_small_to_hide_the_asker_is_not_sent(
    coach: Coach, clock: FixedClock
) -> None:
    member, officer = Chat(coach, clock.now(), "member"), Chat(coach, clock.now(), "officer")
    await member.onboard("en")
    await officer.onboard("ja")
    cohort = await add_cohort(coach.sessions, "union", "tiny")
    await join(coach.sessions, await learner_id(coach, "member"), cohort, "member")
    await join(coach.sessions, await learner_id(coach, "officer"), cohort, "officer")
    for n in range(4):  # enrolled but never started: they cannot have asked
        async with transaction(coach.sessions) as session:
            ghost = Learner(
                platform="console",
                workspace="local",
                platform_user_id=f"ghost{n}",
                status="new",
                created_at=clock.now(),
            )
            session.add(ghost)
            await session.flush()
            session.add(Membership(learner_id=ghost.id, cohort_id=cohort, role="member"))

    await member.say("ask an officer")
    replies = await member.say("Is this allowed?")
    assert "too small" in replies[0].text
    async with coach.sessions() as session:
        assert list(await session.scalars(select(Outbox))) == []


async def test_a_member_without_an_officer_is_told_so(coach: Coach, clock: FixedClock) -> None:
    chat = Chat(coach, clock.now())
    await chat.onboard("en")
    await chat.say("ask an officer")
    replies = await chat.say("Is this allowed?")
    assert "no officer" in replies[0].text


async def test_officers_see_feedback_only_as_cohort_aggregates(
    coach: Coach, clock: FixedClock, curriculum: Curriculum
) -> None:
    cohort = await add_cohort(coach.sessions, "union", "big")
    for n in range(5):
        chat = Chat(coach, clock.now(), f"m{n}")
        await chat.onboard("en")
        await join(coach.sessions, await learner_id(coach, f"m{n}"), cohort, "member")
        await finish_lesson(chat, curriculum)
        await chat.press(f"fb:lesson:{curriculum.lessons[0].id}:{1 if n < 4 else -1}")
    [report] = await organisation_report(
        coach.sessions, operator_scope(), "union", curriculum, clock.now(), 5
    )
    assert report.lesson_thumbs_up == 80 and report.lessons_completed == 5


async def test_an_answer_can_be_rated_or_taken_to_an_officer(
    coach: Coach, clock: FixedClock
) -> None:
    chat = Chat(coach, clock.now())
    await chat.onboard("en")
    replies = await chat.say("How do I check whether an AI answer is true?")
    answer = next(r for r in replies if r.kind == "answer")
    values = [unstamped(c.value) for c in answer.choices]
    assert values[0].startswith("fb:answer:") and values[1].startswith("fb:answer:")
    assert values[2] == "officer:ask"
    await chat.press(values[1])
    async with coach.sessions() as session:
        row = await session.scalar(select(Feedback))
    assert row is not None and (row.target_kind, row.rating) == ("answer", -1)
    assert row.target_id == values[1].split(":")[2]
    prompt = await chat.press("officer:ask")
    assert "officer" in prompt[0].text
