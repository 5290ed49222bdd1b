"""Data functions for members' ratings and comments."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.storage.models import Feedback, LessonDelivery, Question
from bot.storage.upsert import insert_if_new


async def record_rating(
    session: AsyncSession,
    *,
    learner_id: int,
    target_kind: str,
    target_id: str,
    rating: int,
    now: datetime,
) -> bool:
    """Record a rating, or change the learner's earlier one; return True when it is new."""
    values = {
        "learner_id": learner_id,
        "target_kind": target_kind,
        "target_id": target_id,
        "rating": rating,
        "created_at": now,
    }
    if await insert_if_new(session, Feedback, ("learner_id", "target_kind", "target_id"), values):
        return True
    await session.execute(
        update(Feedback)
        .where(
            Feedback.learner_id == learner_id,
            Feedback.target_kind == target_kind,
            Feedback.target_id == target_id,
        )
        .values(rating=rating)
    )
    return False


async def add_comment(
    session: AsyncSession, *, learner_id: int, target_kind: str, target_id: str, comment: str
) -> bool:
    """Attach a comment to the learner's rating; return False when there is no rating."""
    result = await session.execute(
        update(Feedback)
        .where(
            Feedback.learner_id == learner_id,
            Feedback.target_kind == target_kind,
            Feedback.target_id == target_id,
        )
        .values(comment=comment)
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


async def completed_count(session: AsyncSession, *, learner_id: int) -> int:
    """Return how many lessons the learner has completed."""
    return int(
        await session.scalar(
            select(func.count()).where(
                LessonDelivery.learner_id == learner_id,
                LessonDelivery.kind == "lesson",
                LessonDelivery.state == "completed",
            )
        )
        or 0
    )


async def question_asked_at(session: AsyncSession, *, learner_id: int, at: datetime) -> int | None:
    """Return the id of the learner's question recorded at `at` (this turn), if any."""
    found = await session.scalar(
        select(Question.id)
        .where(Question.learner_id == learner_id, Question.asked_at == at)
        .order_by(Question.id.desc())
        .limit(1)
    )
    return int(found) if found is not None else None
