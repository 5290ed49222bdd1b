"""Queries for officers' reports: per member of a cohort (officers never included), for core
to aggregate behind the privacy floor; never a member's answer text."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import Integer, Select, and_, case, func, select
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
    """The cohort's members whose records may enter its figures: never its officers."""
    return select(Membership.learner_id).where(
        Membership.cohort_id == cohort_id, Membership.role == "member"
    )


def _members_of(cohort_ids: list[int]) -> Select[int]:
    return select(Membership.learner_id).where(
        Membership.cohort_id.in_(cohort_ids), Membership.role == "member"
    )


async def member_states(
    session: AsyncSession, *, cohort_id: int, active_since: datetime
) -> list[tuple[int, bool, bool, bool]]:
    """Return (learner, started, active since `active_since`, paused) per member (no officers)."""
    rows = await session.execute(
        select(
            Learner.id,
            case((Learner.consent_at.is_not(None), 1), else_=0),
            case((Learner.last_active_at >= active_since, 1), else_=0),
            case((Learner.status == "paused", 1), else_=0),
        )
        .where(Learner.id.in_(_members(cohort_id)))
        .order_by(Learner.id)
    )
    return [(int(a), bool(b), bool(c), bool(d)) for a, b, c, d in rows]


async def lessons_by_learner(
    session: AsyncSession, *, cohort_id: int, since: datetime
) -> dict[int, tuple[int, int]]:
    """Return {learner: (lessons completed, of which since a time)} for the cohort's members."""
    recent = case((LessonDelivery.completed_at >= since, 1), else_=0)
    rows = await session.execute(
        select(LessonDelivery.learner_id, func.count(), func.sum(recent))
        .where(
            LessonDelivery.learner_id.in_(_members(cohort_id)),
            LessonDelivery.kind == "lesson",
            LessonDelivery.state == "completed",
        )
        .group_by(LessonDelivery.learner_id)
    )
    return {int(who): (int(n), int(new or 0)) for who, n, new in rows}


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


async def checking_by_learner(
    session: AsyncSession, *, cohort_id: int
) -> dict[int, tuple[int, int, int, int]]:
    """Return {learner: (AI answers checked, claims marked checked, wrong, unsure)} for members
    who checked one."""
    rows = await session.execute(
        select(
            Learner.id,
            Learner.answers_checked,
            Learner.claims_checked,
            Learner.claims_wrong,
            Learner.claims_unsure,
        ).where(Learner.id.in_(_members(cohort_id)), Learner.answers_checked > 0)
    )
    return {
        int(who): (int(answers), int(checked), int(wrong), int(unsure))
        for who, answers, checked, wrong, unsure in rows
    }


async def nudged_learners(session: AsyncSession, *, cohort_id: int, since: datetime) -> set[int]:
    """Return the cohort's members who were nudged since a time."""
    rows = await session.scalars(
        select(Nudge.learner_id)
        .where(Nudge.learner_id.in_(_members(cohort_id)), Nudge.sent_at >= since)
        .distinct()
    )
    return {int(who) for who in rows}


async def feedback_by_learner(
    session: AsyncSession, *, cohort_id: int
) -> list[tuple[int, str, int, int, int]]:
    """Return (learner, kind, sum of ratings, ratings, 👍) per member and kind of feedback."""
    rows = await session.execute(
        select(
            Feedback.learner_id,
            Feedback.target_kind,
            func.sum(Feedback.rating),
            func.count(),
            func.sum(case((Feedback.rating > 0, 1), else_=0)),
        )
        .where(Feedback.learner_id.in_(_members(cohort_id)))
        .group_by(Feedback.learner_id, Feedback.target_kind)
    )
    return [(int(a), str(b), int(c or 0), int(d), int(e or 0)) for a, b, c, d, e in rows]


async def active_per_day(
    session: AsyncSession, *, cohort_ids: list[int], start: date, end: date
) -> dict[date, set[int]]:
    """Return, per day (UTC) in a range, the members who answered a quiz item that day."""
    day = func.date(QuizAttempt.answered_at)
    rows = await session.execute(
        select(day, QuizAttempt.learner_id)
        .where(QuizAttempt.learner_id.in_(_members_of(cohort_ids)))
        .where(QuizAttempt.answered_at >= datetime.combine(start, time(), UTC))
        .where(QuizAttempt.answered_at < datetime.combine(end + timedelta(days=1), time(), UTC))
        .distinct()
    )
    found: dict[date, set[int]] = {}
    for d, who in rows:
        found.setdefault(_as_date(d), set()).add(int(who))
    return found


def _as_date(value: object) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


async def completions_since(
    session: AsyncSession, *, cohort_ids: list[int], since: datetime
) -> list[tuple[int, str, int]]:
    """Return (learner, lesson id, completions) since a time, for the cohorts' members."""
    rows = await session.execute(
        select(LessonDelivery.learner_id, LessonDelivery.lesson_id, func.count())
        .where(
            LessonDelivery.learner_id.in_(_members_of(cohort_ids)),
            LessonDelivery.state == "completed",
            LessonDelivery.kind == "lesson",
            LessonDelivery.completed_at >= since,
            LessonDelivery.lesson_id.is_not(None),
        )
        .group_by(LessonDelivery.learner_id, LessonDelivery.lesson_id)
    )
    return [(int(who), str(lesson), int(n)) for who, lesson, n in rows]


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
