"""Data functions for questions asked and language-model usage (tokens and cost)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import func, insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.storage.models import LlmUsage, Question
from bot.storage.upsert import dialect_insert, table_of


async def learner_tokens_since(session: AsyncSession, *, learner_id: int, since: datetime) -> int:
    """Return the tokens (in + out) a learner's questions used since `since`."""
    total = await session.scalar(
        select(func.coalesce(func.sum(Question.tokens_in + Question.tokens_out), 0)).where(
            Question.learner_id == learner_id, Question.asked_at >= since
        )
    )
    return int(total or 0)


async def organisation_tokens_since(
    session: AsyncSession, *, organisation_id: int, since: date
) -> int:
    """Return the tokens (in + out) an organisation used from day `since` on."""
    total = await session.scalar(
        select(func.coalesce(func.sum(LlmUsage.tokens_in + LlmUsage.tokens_out), 0)).where(
            LlmUsage.organisation_id == organisation_id, LlmUsage.day >= since
        )
    )
    return int(total or 0)


async def record_question(
    session: AsyncSession,
    *,
    learner_id: int,
    organisation_id: int | None,
    asked_at: datetime,
    day: date,
    outcome: str,
    model: str | None = None,
    tokens_in: int = 0,
    tokens_out: int = 0,
    cost_usd: float = 0.0,
    cited_lessons: str = "",
    text: str | None = None,
) -> None:
    """Record one question (tokens, model, cited lessons, outcome; its text only if retained)
    and, when a model answered it for an organisation, add its tokens and cost to the
    organisation's usage for `day`."""
    await session.execute(
        insert(Question).values(
            learner_id=learner_id,
            organisation_id=organisation_id,
            asked_at=asked_at,
            outcome=outcome,
            tokens_in=tokens_in,
            tokens_out=tokens_out,
            model=model[:64] if model else None,
            cited_lessons=cited_lessons[:400],
            text=text,
        )
    )
    if model and organisation_id is not None:
        await _add_usage(session, organisation_id, day, model, tokens_in, tokens_out, cost_usd)


async def _add_usage(
    session: AsyncSession,
    organisation_id: int,
    day: date,
    model: str,
    tokens_in: int,
    tokens_out: int,
    cost_usd: float,
) -> None:
    """Add one request's tokens and cost to the organisation's row for the day and model."""
    table = table_of(LlmUsage)
    statement = dialect_insert(session, table).values(
        organisation_id=organisation_id,
        day=day,
        model=model[:64],
        requests=1,
        tokens_in=tokens_in,
        tokens_out=tokens_out,
        cost_usd=cost_usd,
    )
    excluded = statement.excluded
    await session.execute(
        statement.on_conflict_do_update(
            index_elements=["organisation_id", "day", "model"],
            set_={
                "requests": table.c.requests + 1,
                "tokens_in": table.c.tokens_in + excluded.tokens_in,
                "tokens_out": table.c.tokens_out + excluded.tokens_out,
                "cost_usd": table.c.cost_usd + excluded.cost_usd,
            },
        )
    )
