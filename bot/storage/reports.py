"""Aggregate queries for officers' reports: counts per cohort, never a member's answers."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import Integer, Select, and_, case, distinct, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.storage.models import (
    Cohort,
    Feedback,
    Learner,
    LessonDelivery,
    Membership,
    Nudge,
    Organisation,
    QuizAttempt,
)


def _members(cohort_id: int) -> Select[int]:
    return select(Membership.learner_id).where(Membership.cohort_id == cohort_id)


async def member_counts(
    session: AsyncSession, *, cohort_id: int, active_since: datetime
) -> tuple[int, int, int]:
    """Return (enrolled, active since `active_since`, paused) for a cohort."""
    row = (
        await session.execute(
            select(
                func.count(),
                func.sum(case((Learner.last_active_at >= active_since, 1), else_=0)),
                func.sum(case((Learner.status == "paused", 1), else_=0)),
            )
            .select_from(Membership)
            .join(Learner, Learner.id == Membership.learner_id)
            .where(Membership.cohort_id == cohort_id)
        )
    ).one()
    return int(row[0] or 0), int(row[1] or 0), int(row[2] or 0)


async def lessons_completed(
    session: AsyncSession, *, cohort_id: int, since: datetime | None = None
) -> int:
    """Return how many lessons the cohort's members completed (since a time, when given)."""
    query = select(func.count()).where(
        LessonDelivery.learner_id.in_(_members(cohort_id)),
        LessonDelivery.kind == "lesson",
        LessonDelivery.state == "completed",
    )
    if since is not None:
        query = query.where(LessonDelivery.completed_at >= since)
    return int(await session.scalar(query) or 0)


async def answers_by_learner_item(
    session: AsyncSession, *, cohort_id: int
) -> list[tuple[int, str, int, int]]:
    """Return (learner, item, right, answered) sums, for aggregation in core only."""
    rows = await session.execute(
        select(
            QuizAttempt.learner_id,
            QuizAttempt.item_id,
            func.sum(QuizAttempt.correct.cast(Integer)),
            func.count(),
        )
        .where(QuizAttempt.learner_id.in_(_members(cohort_id)))
        .group_by(QuizAttempt.learner_id, QuizAttempt.item_id)
    )
    return [(int(a), str(b), int(c or 0), int(d)) for a, b, c, d in rows]


async def nudged_count(session: AsyncSession, *, cohort_id: int, since: datetime) -> int:
    """Return how many of the cohort's members were nudged since a time."""
    return int(
        await session.scalar(
            select(func.count(distinct(Nudge.learner_id))).where(
                Nudge.learner_id.in_(_members(cohort_id)), Nudge.sent_at >= since
            )
        )
        or 0
    )


async def feedback_totals(session: AsyncSession, *, cohort_id: int) -> dict[str, tuple[int, int]]:
    """Return {kind: (sum of ratings, count)} of the cohort's feedback (lesson, answer, pulse)."""
    rows = await session.execute(
        select(Feedback.target_kind, func.sum(Feedback.rating), func.count())
        .where(Feedback.learner_id.in_(_members(cohort_id)))
        .group_by(Feedback.target_kind)
    )
    return {kind: (int(total or 0), int(n)) for kind, total, n in rows}


async def feedback_positive(session: AsyncSession, *, cohort_id: int) -> dict[str, int]:
    """Return {kind: number of 👍} for lessons and answers."""
    rows = await session.execute(
        select(Feedback.target_kind, func.count())
        .where(Feedback.learner_id.in_(_members(cohort_id)), Feedback.rating > 0)
        .where(Feedback.target_kind.in_(("lesson", "answer")))
        .group_by(Feedback.target_kind)
    )
    return {kind: int(n) for kind, n in rows}


async def active_per_day(
    session: AsyncSession, *, cohort_ids: list[int], start: date, end: date
) -> dict[date, int]:
    """Return how many distinct members answered a quiz item on each day (UTC) in a range."""
    day = func.date(QuizAttempt.answered_at)
    members = select(Membership.learner_id).where(Membership.cohort_id.in_(cohort_ids))
    rows = await session.execute(
        select(day, func.count(distinct(QuizAttempt.learner_id)))
        .where(QuizAttempt.learner_id.in_(members))
        .where(QuizAttempt.answered_at >= datetime.combine(start, time(), UTC))
        .where(QuizAttempt.answered_at < datetime.combine(end + timedelta(days=1), time(), UTC))
        .group_by(day)
    )
    return {_as_date(d): int(n) for d, n in rows}


def _as_date(value: object) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


async def completed_lessons_by_id(
    session: AsyncSession, *, cohort_ids: list[int], since: datetime
) -> dict[str, int]:
    """Return {lesson id: completions since a time} for the cohorts' members."""
    members = select(Membership.learner_id).where(Membership.cohort_id.in_(cohort_ids))
    rows = await session.execute(
        select(LessonDelivery.lesson_id, func.count())
        .where(
            LessonDelivery.learner_id.in_(members),
            LessonDelivery.state == "completed",
            LessonDelivery.kind == "lesson",
            LessonDelivery.completed_at >= since,
        )
        .group_by(LessonDelivery.lesson_id)
    )
    return {str(lesson): int(n) for lesson, n in rows if lesson}


async def lesson_ratings(session: AsyncSession) -> list[tuple[str, int, int, int]]:
    """Return (lesson id, 👍, 👎, comments) for every rated lesson."""
    rows = await session.execute(
        select(
            Feedback.target_id,
            func.sum(case((Feedback.rating > 0, 1), else_=0)),
            func.sum(case((Feedback.rating < 0, 1), else_=0)),
            func.count(Feedback.comment),
        )
        .where(Feedback.target_kind == "lesson")
        .group_by(Feedback.target_id)
        .order_by(Feedback.target_id)
    )
    return [(str(a), int(b or 0), int(c or 0), int(d or 0)) for a, b, c, d in rows]


async def lesson_comments(session: AsyncSession, *, lesson_id: str) -> list[str]:
    """Return the (redacted, anonymous) comments left on a lesson, oldest first."""
    rows = await session.scalars(
        select(Feedback.comment)
        .where(
            Feedback.target_kind == "lesson",
            Feedback.target_id == lesson_id,
            Feedback.comment.is_not(None),
        )
        .order_by(Feedback.created_at)
    )
    return [row for row in rows if row]


async def completion_records(
    session: AsyncSession, *, organisation_id: int | None
) -> list[tuple[str, str, str, str, str, str, datetime | None]]:
    """Return (org, cohorts, platform, workspace, user id, lesson id, completed at) rows."""
    cohorts = (
        select(func.min(Cohort.slug))
        .join(Membership, Membership.cohort_id == Cohort.id)
        .where(Membership.learner_id == Learner.id)
        .scalar_subquery()
    )
    query = (
        select(
            Organisation.slug,
            cohorts,
            Learner.platform,
            Learner.workspace,
            Learner.platform_user_id,
            LessonDelivery.lesson_id,
            LessonDelivery.completed_at,
        )
        .join(Learner, Learner.id == LessonDelivery.learner_id)
        .join(Organisation, Organisation.id == Learner.organisation_id)
        .where(
            and_(LessonDelivery.kind == "lesson", LessonDelivery.state == "completed"),
            LessonDelivery.lesson_id.is_not(None),
        )
        .order_by(Organisation.slug, Learner.id, LessonDelivery.completed_at)
    )
    if organisation_id is not None:
        query = query.where(Learner.organisation_id == organisation_id)
    rows = await session.execute(query)
    return [
        (org, cohort or "", platform, workspace, user, str(lesson), done)
        for org, cohort, platform, workspace, user, lesson, done in rows
    ]


async def test_records(
    session: AsyncSession, *, organisation_id: int | None, item_ids: list[str]
) -> list[tuple[str, str, str, str, str, int, int, datetime]]:
    """Return (org, platform, workspace, user, item, right, answered, last answer) per item."""
    query = (
        select(
            Organisation.slug,
            Learner.platform,
            Learner.workspace,
            Learner.platform_user_id,
            QuizAttempt.item_id,
            func.sum(QuizAttempt.correct.cast(Integer)),
            func.count(),
            func.max(QuizAttempt.answered_at),
        )
        .join(Learner, Learner.id == QuizAttempt.learner_id)
        .join(Organisation, Organisation.id == Learner.organisation_id)
        .where(QuizAttempt.item_id.in_(item_ids))
        .group_by(
            Organisation.slug,
            Learner.id,
            Learner.platform,
            Learner.workspace,
            Learner.platform_user_id,
            QuizAttempt.item_id,
        )
        .order_by(Organisation.slug, Learner.id)
    )
    if organisation_id is not None:
        query = query.where(Learner.organisation_id == organisation_id)
    rows = await session.execute(query)
    return [
        (org, p, w, u, item, int(right or 0), int(n), last)
        for org, p, w, u, item, right, n, last in rows
    ]
