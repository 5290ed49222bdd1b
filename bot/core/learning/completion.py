"""The end of a quiz: close the lesson, review or test, and say how it went and what is next."""

from __future__ import annotations

from bot.core.actions import Command
from bot.core.context import Turn
from bot.core.learning import assessments, progress
from bot.core.learning.course import next_lesson
from bot.core.messages import Choice, Reply
from bot.storage import lessons as lesson_store
from bot.storage.models import LessonDelivery


async def finish(turn: Turn, delivery: LessonDelivery) -> list[Reply]:
    """Close a finished lesson or review and say how it went."""
    attempts = await lesson_store.attempts_for_delivery(turn.session, delivery_id=delivery.id)
    right = sum(1 for a in attempts if a.correct)
    if delivery.kind == "review":
        return [Reply(text=turn.t("review_done", right=right, total=len(attempts)), kind="done")]
    if delivery.kind in assessments.KINDS:
        return await assessments.finish(turn, delivery)
    delivery.state = "completed"
    delivery.completed_at = turn.now
    await turn.session.flush()
    summary = await progress.summarise(turn)
    upcoming = await next_lesson(turn)
    if upcoming is None:
        offer = await assessments.offer_posttest(turn)
        return [Reply(text=turn.t("course_done"), choices=offer, kind="done")]
    choices = (
        Choice(turn.t("btn_review"), Command("review")),
        Choice(turn.t("btn_progress"), Command("progress")),
    )
    text = turn.t(
        "lesson_done",
        right=right,
        total=len(attempts),
        streak=summary.streak,
        next=upcoming.meta.title.get(turn.locale),
    )
    return [Reply(text=text, choices=choices, kind="done")]
