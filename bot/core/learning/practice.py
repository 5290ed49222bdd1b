"""Review on request: a short quiz of the items that are due."""

from __future__ import annotations

from bot.core.calendar import local_date
from bot.core.context import Turn
from bot.core.learning import quizzes, reviews
from bot.core.messages import Reply
from bot.storage import lessons as store


async def review(turn: Turn) -> list[Reply]:
    """Start a review of due items, or say when the next one is due."""
    quiz = turn.dialog.quiz
    if quiz is not None and quiz.kind == "review" and quiz.queue:
        return await quizzes.current(turn)
    due = await reviews.due_item_ids(turn, turn.config.review_batch)
    if not due:
        upcoming = await reviews.next_review_at(turn)
        if upcoming is None:
            return [Reply(text=turn.t("no_review_yet"), kind="notice")]
        when = local_date(upcoming, turn.learner.timezone).isoformat()
        return [Reply(text=turn.t("no_review_due", when=when), kind="notice")]
    delivery = await store.get_or_create_delivery(
        turn.session,
        learner_id=turn.learner.id,
        local_date=turn.today,
        kind="review",
        lesson_id=None,
        now=turn.now,
    )
    return await quizzes.start(turn, delivery, due, "review")
