"""The pre-test and post-test: taken once each, scored, and the change shown after the course."""

from __future__ import annotations

from sqlalchemy import func, select

from bot.content.model import Curriculum
from bot.core.conversation import Coach
from bot.storage.models import QuizAttempt, ReviewCard
from tests.clocks import FixedClock
from tests.dialog import Chat


async def finish_quiz(chat: Chat, curriculum: Curriculum, right: bool) -> None:
    """Answer every question on offer."""
    while chat.last[-1].kind in ("question", "confidence"):
        await chat.answer(curriculum, right=right)


async def test_the_pretest_is_taken_once_and_scored(
    coach: Coach, clock: FixedClock, curriculum: Curriculum
) -> None:
    chat = Chat(coach, clock.now())
    await chat.onboard("en")
    replies = await chat.say("pretest")
    assert replies[0].kind == "notice" and "starting check" in replies[0].text
    assert replies[1].text.startswith("**Check 1/22**")
    await finish_quiz(chat, curriculum, right=False)
    assert "0 of 22 right" in chat.text()
    again = await chat.say("事前テスト")
    assert "already taken" in again[0].text
    async with coach.sessions() as session:
        tested = {item.id for form in curriculum.assessments.values() for item in form.items}
        answered = await session.scalar(
            select(func.count()).select_from(QuizAttempt).where(QuizAttempt.item_id.in_(tested))
        )
        cards = await session.scalar(
            select(func.count()).select_from(ReviewCard).where(ReviewCard.item_id.in_(tested))
        )
    assert (answered, cards) == (22, 0)  # test items are scored, never put into review


async def test_the_posttest_shows_the_change_since_the_pretest(
    coach: Coach, clock: FixedClock, curriculum: Curriculum
) -> None:
    chat = Chat(coach, clock.now())
    await chat.onboard("ja")
    await chat.say("pretest")
    await finish_quiz(chat, curriculum, right=False)
    await chat.say("事後テスト")
    await finish_quiz(chat, curriculum, right=True)
    text = chat.text()
    assert "22問中 22問正解" in text and "事前チェックは 0問正解" in text


async def test_help_mentions_the_tests(coach: Coach, clock: FixedClock) -> None:
    chat = Chat(coach, clock.now())
    await chat.onboard("en")
    assert "pretest" in (await chat.say("help"))[0].text


async def test_members_take_the_two_forms_in_a_counterbalanced_order(
    coach: Coach, clock: FixedClock, curriculum: Curriculum
) -> None:
    from bot.core.learning.measurement import form_for

    firsts = set()
    for n in range(8):
        chat = Chat(coach, clock.now(), user=f"U{n}")
        await chat.onboard("en")
        question = (await chat.say("pretest"))[1].text
        learner = await chat.learner_id()
        form = curriculum.assessments[form_for(learner, "pretest")]
        assert form.items[0].prompt.en.splitlines()[0] in question
        firsts.add(form_for(learner, "pretest"))
    assert firsts == {"pretest", "posttest"}  # some members start with each form
