"""Data functions for announcements and their outbox rows."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, String, and_, cast, delete, func, literal, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.storage import outbox
from bot.storage.models import Announcement, AnnouncementDraft, Cohort, Learner, Membership

KIND = "announcement"  # the outbox kind of an announcement's messages
RECEIVING = ("active", "paused")  # as delivery renders them (core.daily.may_receive)


def announcement_prefix(announcement_id: int) -> str:
    """The dedupe key prefix of an announcement's outbox rows (every occurrence's)."""
    return f"ann:{announcement_id}:"


async def create_announcement(session: AsyncSession, *, values: dict[str, Any]) -> Announcement:
    """Add an announcement and return it with its id."""
    announcement = Announcement(**values)
    session.add(announcement)
    await session.flush()
    return announcement


async def add_draft(session: AsyncSession, *, values: dict[str, Any]) -> None:
    """Keep a previewed announcement until it is sent, cancelled or expires."""
    session.add(AnnouncementDraft(**values))
    await session.flush()


async def take_draft(
    session: AsyncSession, *, draft_id: str, author_id: int
) -> AnnouncementDraft | None:
    """Delete this author's draft and return it; None when it is gone or someone else's.

    DELETE … RETURNING, not SELECT then DELETE: of two Sends of one draft at once, exactly one
    gets it (the other waits for the row lock, then finds nothing)."""
    row = (
        await session.execute(
            delete(AnnouncementDraft)
            .where(AnnouncementDraft.id == draft_id, AnnouncementDraft.author_id == author_id)
            .returning(*AnnouncementDraft.__table__.c)
        )
    ).first()
    return AnnouncementDraft(**row._asdict()) if row else None


async def discard_draft(session: AsyncSession, *, draft_id: str, author_id: int) -> int:
    """Delete this author's draft (they cancelled); return how many rows went."""
    result = await session.execute(
        delete(AnnouncementDraft).where(
            AnnouncementDraft.id == draft_id, AnnouncementDraft.author_id == author_id
        )
    )
    return int(result.rowcount)  # type: ignore[attr-defined]


async def prune_drafts(session: AsyncSession, *, now: datetime) -> int:
    """Delete every draft that has expired; return how many."""
    result = await session.execute(
        delete(AnnouncementDraft).where(AnnouncementDraft.expires_at <= now)
    )
    return int(result.rowcount)  # type: ignore[attr-defined]


async def get_announcement(session: AsyncSession, *, announcement_id: int) -> Announcement | None:
    """Return an announcement by id."""
    return await session.get(Announcement, announcement_id)


async def list_announcements(
    session: AsyncSession, *, cohort_ids: list[int], limit: int = 20
) -> list[Announcement]:
    """Return the latest announcements to these cohorts, newest first."""
    return list(
        await session.scalars(
            select(Announcement)
            .where(Announcement.cohort_id.in_(cohort_ids))
            .order_by(Announcement.created_at.desc(), Announcement.id.desc())
            .limit(limit)
        )
    )


def _receiving(cohort_id: int, excluding: Sequence[int]) -> ColumnElement[bool]:
    """Receiving members of a cohort who are in none of the `excluding` cohorts."""
    condition = and_(Membership.cohort_id == cohort_id, Learner.status.in_(RECEIVING))
    if excluding:
        others = select(Membership.learner_id).where(Membership.cohort_id.in_(excluding))
        condition = and_(condition, Learner.id.not_in(others))
    return condition


async def recipients_by_locale(
    session: AsyncSession, *, cohort_id: int, excluding: Sequence[int] = ()
) -> dict[str, int]:
    """Return how many receiving members of a cohort (not in `excluding`) read each language."""
    rows = await session.execute(
        select(Learner.locale, func.count())
        .join(Membership, Membership.learner_id == Learner.id)
        .where(_receiving(cohort_id, excluding))
        .group_by(Learner.locale)
    )
    return {locale: int(count) for locale, count in rows}


async def cohort_size(session: AsyncSession, *, cohort_id: int) -> int:
    """Return how many members a cohort has, whatever their status."""
    return int(
        await session.scalar(
            select(func.count()).select_from(Membership).where(Membership.cohort_id == cohort_id)
        )
        or 0
    )


async def enqueue_announcement(
    session: AsyncSession,
    *,
    announcement_id: int,
    cohort_id: int,
    payload: dict[str, Any],
    due_at: datetime,
    now: datetime,
    excluding: Sequence[int] = (),
    occurrence: str = "",
) -> int:
    """Add one outbox row per receiving cohort member who is in none of the `excluding` cohorts
    (set-based, idempotent; a recurring announcement's `occurrence` is in the key); return how
    many."""
    prefix = announcement_prefix(announcement_id) + (f"{occurrence}:" if occurrence else "")
    members = (
        select(Learner.id)
        .join(Membership, Membership.learner_id == Learner.id)
        .where(_receiving(cohort_id, excluding))
    )
    return await outbox.enqueue_selected(
        session,
        learners=members,
        key=literal(prefix, String) + cast(Learner.id, String),
        kind=KIND,
        payload=payload,
        due_at=due_at,
        now=now,
    )


async def recurring_announcements(session: AsyncSession) -> list[tuple[Announcement, str]]:
    """Return every recurring announcement not cancelled, with its cohort's slug."""
    rows = await session.execute(
        select(Announcement, Cohort.slug)
        .join(Cohort, Cohort.id == Announcement.cohort_id)
        .where(Announcement.repeat_weekday.is_not(None), Announcement.status != "cancelled")
        .order_by(Announcement.id)
    )
    return [(announcement, slug) for announcement, slug in rows]


async def outbox_counts(session: AsyncSession, *, announcement_id: int) -> dict[str, int]:
    """Return how many of an announcement's outbox rows are in each state."""
    return await outbox.count_by_key_prefix(
        session, kind=KIND, prefix=announcement_prefix(announcement_id)
    )


async def cancel_outbox(session: AsyncSession, *, announcement_id: int) -> int:
    """Cancel an announcement's rows that no worker has picked up; return how many."""
    return await outbox.cancel_pending_by_key_prefix(
        session, kind=KIND, prefix=announcement_prefix(announcement_id), error="cancelled"
    )
