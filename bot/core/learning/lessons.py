"""Lesson sequencing: which lesson a learner gets today, and how it is shown."""

from __future__ import annotations

from bot.content.model import Lesson
from bot.core.actions import Command
from bot.core.context import Turn
from bot.core.learning import completion, quizzes, reviews
from bot.core.learning.course import lesson_reply, next_lesson
from bot.core.messages import Choice, Reply
from bot.storage import lessons as store
from bot.storage.models import LessonDelivery


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
            Choice(turn.t("btn_review"), Command("review")),
            Choice(turn.t("btn_progress"), Command("progress")),
        )
        return [Reply(text=turn.t("today_done"), choices=choices, kind="notice")]
    if delivery is None or lesson is None:
        review = (Choice(turn.t("btn_review"), Command("review")),)
        return [Reply(text=turn.t("course_done"), choices=review, kind="notice")]
    replies = [lesson_reply(turn, lesson)]
    quiz = turn.dialog.quiz
    if quiz is not None and quiz.delivery == delivery.id and quiz.queue:
        return replies + await quizzes.current(turn)
    queue = await _quiz_queue(turn, delivery, lesson)
    if not queue:
        return replies + await completion.finish(turn, delivery)
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
