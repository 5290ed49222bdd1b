"""Lesson sequencing: which lesson a learner gets today, and how it is shown."""

from __future__ import annotations

from bot.content.model import Lesson
from bot.core.context import Turn
from bot.core.learning import quizzes, reviews
from bot.core.messages import Choice, Reply
from bot.storage import lessons as store
from bot.storage.models import LessonDelivery


async def next_lesson(turn: Turn) -> Lesson | None:
    """Return the first lesson, in course order, that the learner has not completed."""
    done = await store.completed_lesson_ids(turn.session, learner_id=turn.learner.id)
    return next((lesson for lesson in turn.curriculum.lessons if lesson.id not in done), None)


def lesson_reply(turn: Turn, lesson: Lesson) -> Reply:
    """Render a lesson: header, body and sources."""
    header = turn.t("lesson_header", minutes=lesson.meta.minutes)
    return Reply(
        title=lesson.meta.title.get(turn.locale),
        text=f"{header}\n\n{lesson.body[turn.locale]}",
        sources=quizzes.lesson_sources(lesson),
        kind="lesson",
    )


async def open_today(turn: Turn) -> tuple[LessonDelivery | None, Lesson | None]:
    """Return today's lesson delivery and its lesson, creating the delivery if needed."""
    delivery = await store.find_delivery(
        turn.session, learner_id=turn.learner.id, local_date=turn.today, kind="lesson"
    )
    if delivery is not None and delivery.state == "completed":
        return delivery, turn.curriculum.lesson(delivery.lesson_id or "")
    lesson = turn.curriculum.lesson(delivery.lesson_id or "") if delivery else None
    if lesson is None:
        lesson = await next_lesson(turn)
        if lesson is None:
            return delivery, None
    if delivery is None:
        delivery = await store.get_or_create_delivery(
            turn.session,
            learner_id=turn.learner.id,
            local_date=turn.today,
            kind="lesson",
            lesson_id=lesson.id,
            now=turn.now,
        )
    if delivery.lesson_id != lesson.id:  # planned without a lesson, or its lesson was removed
        delivery.lesson_id = lesson.id
    if delivery.state == "planned":
        delivery.state = "sent"
    return delivery, lesson


async def today(turn: Turn) -> list[Reply]:
    """Give today's lesson and start (or continue) its quiz."""
    delivery, lesson = await open_today(turn)
    if delivery is not None and delivery.state == "completed":
        choices = (
            Choice(turn.t("btn_review"), "cmd:review"),
            Choice(turn.t("btn_progress"), "cmd:progress"),
        )
        turn.remember_choices(choices)
        return [Reply(text=turn.t("today_done"), choices=choices, kind="notice")]
    if delivery is None or lesson is None:
        review = (Choice(turn.t("btn_review"), "cmd:review"),)
        turn.remember_choices(review)
        return [Reply(text=turn.t("course_done"), choices=review, kind="notice")]
    replies = [lesson_reply(turn, lesson)]
    quiz = turn.dialog().get("quiz")
    if quiz and quiz.get("delivery") == delivery.id and quiz.get("queue"):
        return replies + await quizzes.current(turn)
    queue = await _quiz_queue(turn, delivery, lesson)
    if not queue:
        return replies + await quizzes.finish(turn, delivery)
    return replies + await quizzes.start(turn, delivery, queue, "lesson")


async def _quiz_queue(turn: Turn, delivery: LessonDelivery, lesson: Lesson) -> list[str]:
    """Pick today's questions: the lesson's first few, then a couple of due reviews."""
    items = [item.id for item in lesson.meta.items]
    asked, later = items[: turn.config.quiz_per_lesson], items[turn.config.quiz_per_lesson :]
    await reviews.introduce(turn, later)
    answered = {
        a.item_id for a in await store.attempts_for_delivery(turn.session, delivery_id=delivery.id)
    }
    due = await reviews.due_item_ids(
        turn, turn.config.review_in_lesson, exclude=set(items) | answered
    )
    return [item_id for item_id in asked + due if item_id not in answered]
