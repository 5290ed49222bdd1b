"""Data functions for lesson deliveries, quiz attempts and review cards."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.storage.models import LessonDelivery, QuizAttempt, ReviewCard
from bot.storage.upsert import insert_if_new


async def find_delivery(
    session: AsyncSession, *, learner_id: int, local_date: date, kind: str
) -> LessonDelivery | None:
    """Return the learner's delivery of `kind` on `local_date`, if any."""
    return await session.scalar(
        select(LessonDelivery).where(
            LessonDelivery.learner_id == learner_id,
            LessonDelivery.local_date == local_date,
            LessonDelivery.kind == kind,
        )
    )


async def get_or_create_delivery(
    session: AsyncSession,
    *,
    learner_id: int,
    local_date: date,
    kind: str,
    lesson_id: str | None,
    now: datetime,
) -> LessonDelivery:
    """Return the learner's delivery for the day, creating it if there is none (race-safe)."""
    await insert_if_new(
        session,
        LessonDelivery,
        ("learner_id", "local_date", "kind"),
        {
            "learner_id": learner_id,
            "local_date": local_date,
            "kind": kind,
            "lesson_id": lesson_id,
            "state": "sent",
            "created_at": now,
        },
    )
    found = await find_delivery(session, learner_id=learner_id, local_date=local_date, kind=kind)
    assert found is not None
    return found


async def get_delivery(session: AsyncSession, *, delivery_id: int) -> LessonDelivery | None:
    """Return a delivery by id."""
    return await session.get(LessonDelivery, delivery_id)


async def completed_lesson_ids(session: AsyncSession, *, learner_id: int) -> set[str]:
    """Return the ids of lessons the learner has completed."""
    rows = await session.scalars(
        select(LessonDelivery.lesson_id).where(
            LessonDelivery.learner_id == learner_id,
            LessonDelivery.kind == "lesson",
            LessonDelivery.state == "completed",
        )
    )
    return {row for row in rows if row}


async def started_lesson_ids(session: AsyncSession, *, learner_id: int) -> set[str]:
    """Return the ids of lessons the learner has been given, done or not."""
    rows = await session.scalars(
        select(LessonDelivery.lesson_id).where(
            LessonDelivery.learner_id == learner_id, LessonDelivery.kind == "lesson"
        )
    )
    return {row for row in rows if row}


async def completed_dates(session: AsyncSession, *, learner_id: int) -> list[date]:
    """Return the local dates on which the learner completed a lesson, oldest first."""
    rows = await session.scalars(
        select(LessonDelivery.local_date)
        .where(
            LessonDelivery.learner_id == learner_id,
            LessonDelivery.kind == "lesson",
            LessonDelivery.state == "completed",
        )
        .order_by(LessonDelivery.local_date)
    )
    return list(rows)


async def record_attempt(session: AsyncSession, *, values: dict[str, object]) -> bool:
    """Record an answer; return False when this item was already answered in this delivery."""
    return await insert_if_new(
        session, QuizAttempt, ("learner_id", "item_id", "delivery_id"), values
    )


async def attempts_for_delivery(session: AsyncSession, *, delivery_id: int) -> list[QuizAttempt]:
    """Return the answers given in one delivery."""
    return list(
        await session.scalars(select(QuizAttempt).where(QuizAttempt.delivery_id == delivery_id))
    )


async def attempts_for_learner(session: AsyncSession, *, learner_id: int) -> list[QuizAttempt]:
    """Return all of a learner's answers."""
    return list(
        await session.scalars(select(QuizAttempt).where(QuizAttempt.learner_id == learner_id))
    )


async def get_card(session: AsyncSession, *, learner_id: int, item_id: str) -> ReviewCard | None:
    """Return the learner's review card for an item."""
    return await session.get(ReviewCard, (learner_id, item_id))


async def card_item_ids(
    session: AsyncSession, *, learner_id: int, item_ids: Sequence[str]
) -> set[str]:
    """Return which of these items the learner has a review card for."""
    if not item_ids:
        return set()
    rows = await session.scalars(
        select(ReviewCard.item_id).where(
            ReviewCard.learner_id == learner_id, ReviewCard.item_id.in_(item_ids)
        )
    )
    return set(rows)


async def lesson_deliveries_on(
    session: AsyncSession, *, learner_ids: Collection[int], local_dates: Collection[date]
) -> dict[tuple[int, date], LessonDelivery]:
    """Return these learners' lesson deliveries on these dates, by (learner id, date)."""
    rows = await session.scalars(
        select(LessonDelivery).where(
            LessonDelivery.learner_id.in_(learner_ids),
            LessonDelivery.local_date.in_(local_dates),
            LessonDelivery.kind == "lesson",
        )
    )
    return {(row.learner_id, row.local_date): row for row in rows}


async def completed_lesson_ids_of(
    session: AsyncSession, *, learner_ids: Collection[int]
) -> dict[int, set[str]]:
    """Return the ids of lessons each of these learners has completed."""
    rows = await session.execute(
        select(LessonDelivery.learner_id, LessonDelivery.lesson_id).where(
            LessonDelivery.learner_id.in_(learner_ids),
            LessonDelivery.kind == "lesson",
            LessonDelivery.state == "completed",
        )
    )
    done: dict[int, set[str]] = {}
    for learner_id, lesson_id in rows:
        if lesson_id:
            done.setdefault(learner_id, set()).add(lesson_id)
    return done


async def cards_of(
    session: AsyncSession, *, learner_ids: Collection[int]
) -> dict[int, list[ReviewCard]]:
    """Return these learners' review cards, soonest due first."""
    rows = await session.scalars(
        select(ReviewCard)
        .where(ReviewCard.learner_id.in_(learner_ids))
        .order_by(ReviewCard.learner_id, ReviewCard.due)
    )
    cards: dict[int, list[ReviewCard]] = {}
    for row in rows:
        cards.setdefault(row.learner_id, []).append(row)
    return cards


async def due_cards(
    session: AsyncSession, *, learner_id: int, now: datetime, limit: int
) -> list[ReviewCard]:
    """Return the learner's cards due by `now`, most overdue first."""
    return list(
        await session.scalars(
            select(ReviewCard)
            .where(ReviewCard.learner_id == learner_id, ReviewCard.due <= now)
            .order_by(ReviewCard.due)
            .limit(limit)
        )
    )


async def count_due(session: AsyncSession, *, learner_id: int, now: datetime) -> int:
    """Return how many of the learner's cards are due."""
    return int(
        await session.scalar(
            select(func.count())
            .select_from(ReviewCard)
            .where(ReviewCard.learner_id == learner_id, ReviewCard.due <= now)
        )
        or 0
    )


async def next_due(session: AsyncSession, *, learner_id: int) -> datetime | None:
    """Return when the learner's next card comes due."""
    return await session.scalar(
        select(func.min(ReviewCard.due)).where(ReviewCard.learner_id == learner_id)
    )
