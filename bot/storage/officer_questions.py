"""Data functions for questions members forward to their officers."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from bot.storage.models import Learner, OfficerQuestion, Outbox
from bot.storage.upsert import insert_ignore


async def add_question(session: AsyncSession, *, values: dict[str, Any]) -> OfficerQuestion:
    """Store a forwarded question and return it with its id."""
    question = OfficerQuestion(**values)
    session.add(question)
    await session.flush()
    return question


async def get_question(session: AsyncSession, *, question_id: int) -> OfficerQuestion | None:
    """Return a forwarded question by id."""
    return await session.get(OfficerQuestion, question_id)


async def enqueue_message(
    session: AsyncSession,
    *,
    dedupe_key: str,
    kind: str,
    learner: Learner,
    payload: dict[str, Any],
    now: datetime,
) -> bool:
    """Queue one message to a learner through the outbox; False when the key is known."""
    statement = insert_ignore(session, Outbox, ("dedupe_key",)).values(
        dedupe_key=dedupe_key,
        kind=kind,
        learner_id=learner.id,
        platform=learner.platform,
        workspace=learner.workspace,
        payload=payload,
        state="pending",
        due_at=now,
        attempts=0,
        created_at=now,
    )
    result = await session.execute(statement.returning(Outbox.id))
    return result.first() is not None
