"""Answers per item for item analysis: each member's first answer to each item, nothing else."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.storage.models import QuizAttempt


async def first_answers(session: AsyncSession) -> list[tuple[int, str, str, bool]]:
    """Return (learner, item, choice, correct) for each member's first answer to each item."""
    first = (
        select(
            QuizAttempt.learner_id,
            QuizAttempt.item_id,
            QuizAttempt.choice,
            QuizAttempt.correct,
            func.row_number()
            .over(
                partition_by=(QuizAttempt.learner_id, QuizAttempt.item_id),
                order_by=(QuizAttempt.answered_at, QuizAttempt.id),
            )
            .label("n"),
        )
    ).subquery()
    rows = await session.execute(
        select(first.c.learner_id, first.c.item_id, first.c.choice, first.c.correct).where(
            first.c.n == 1
        )
    )
    return [(int(a), str(b), str(c), bool(d)) for a, b, c, d in rows]
