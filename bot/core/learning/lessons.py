"""Lesson sequencing: which lesson a learner gets today, and how it is shown."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from bot.content.model import Lesson
from bot.core.actions import Command
from bot.core.calendar import local_date
from bot.core.context import Turn
from bot.core.learning import completion, quizzes, reviews
from bot.core.learning.course import lesson_reply, next_lesson
from bot.core.messages import Choice, Reply
from bot.storage import lessons as store
from bot.storage.models import Learner, LessonDelivery, ReviewCard


@dataclass(frozen=True)
class Known:
    """What composing one learner's lesson reads, loaded for a whole batch of learners at
    once (a few queries for the batch instead of several a learner)."""

    delivery: LessonDelivery | None  # today's
    completed: set[str] = field(default_factory=set)  # lesson ids
    cards: list[ReviewCard] = field(default_factory=list)  # soonest due first


async def load_known(
    session: AsyncSession, learners: Sequence[Learner], now: datetime
) -> dict[int, Known]:
    """Load what composing today's lesson reads for each of these learners (four queries)."""
    if not learners:
        return {}
    ids = [learner.id for learner in learners]
    today = {learner.id: local_date(now, learner.timezone) for learner in learners}
    deliveries = await store.lesson_deliveries_on(
        session, learner_ids=ids, local_dates=set(today.values())
    )
    completed = await store.completed_lesson_ids_of(session, learner_ids=ids)
    cards = await store.cards_of(session, learner_ids=ids)
    return {
        lid: Known(deliveries.get((lid, day)), completed.get(lid, set()), cards.get(lid, []))
        for lid, day in today.items()
    }


async def open_today(
    turn: Turn, known: Known | None = None
) -> tuple[LessonDelivery | None, Lesson | None]:
    """Return today's lesson delivery and its lesson, creating the delivery if needed (`known`:
    what the caller has loaded already)."""
    if known is not None:
        delivery = known.delivery
    else:
        delivery = await store.find_delivery(
            turn.session, learner_id=turn.learner.id, local_date=turn.today, kind="lesson"
        )
    if delivery is not None and delivery.state == "completed":
        return delivery, turn.curriculum.lesson(delivery.lesson_id or "")
    lesson = turn.curriculum.lesson(delivery.lesson_id or "") if delivery else None
    if lesson is None:
        lesson = await next_lesson(turn, None if known is None else known.completed)
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


async def today(turn: Turn, known: Known | None = None) -> list[Reply]:
    """Give today's lesson and start (or continue) its quiz (`known`: as for open_today)."""
    found = known.delivery if known is not None else None
    planned = found is not None and found.state == "planned"  # no question was asked yet
    delivery, lesson = await open_today(turn, known)
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
    queue = await _quiz_queue(turn, delivery, lesson, known, asked_before=not planned)
    if not queue:
        return replies + await completion.finish(turn, delivery)
    return replies + await quizzes.start(turn, delivery, queue, "lesson")


async def _quiz_queue(
    turn: Turn,
    delivery: LessonDelivery,
    lesson: Lesson,
    known: Known | None = None,
    *,
    asked_before: bool = True,
) -> list[str]:
    """Pick today's questions: the lesson's first few, then a couple of due reviews, minus
    those answered already (none when the delivery was only planned: nothing was asked)."""
    items = [item.id for item in lesson.meta.items]
    asked, later = items[: turn.config.quiz_per_lesson], items[turn.config.quiz_per_lesson :]
    cards = None if known is None else {card.item_id for card in known.cards}
    await reviews.introduce(turn, later, cards)
    answered: set[str] = set()
    if asked_before:
        attempts = await store.attempts_for_delivery(turn.session, delivery_id=delivery.id)
        answered = {attempt.item_id for attempt in attempts}
    exclude = set(items) | answered
    if known is None:
        due = await reviews.due_item_ids(turn, turn.config.review_in_lesson, exclude=exclude)
    else:
        cards_due = [card for card in known.cards if card.due <= turn.now]
        due = reviews.due_among(turn, cards_due, turn.config.review_in_lesson, exclude)
    return [item_id for item_id in asked + due if item_id not in answered]
