"""Data functions for questions members forward to their officers."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.storage.models import OfficerQuestion


async def add_question(session: AsyncSession, *, values: dict[str, Any]) -> OfficerQuestion:
    """Store a forwarded question and return it with its id."""
    question = OfficerQuestion(**values)
    session.add(question)
    await session.flush()
    return question


async def get_question(session: AsyncSession, *, question_id: int) -> OfficerQuestion | None:
    """Return a forwarded question by id."""
    return await session.get(OfficerQuestion, question_id)


async def question_ids_of(session: AsyncSession, *, learner_id: int) -> list[int]:
    """The ids of the questions this member forwarded."""
    rows = await session.scalars(
        select(OfficerQuestion.id).where(OfficerQuestion.learner_id == learner_id)
    )
    return list(rows)
