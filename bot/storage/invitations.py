"""Data functions for invitations: one welcome message per imported member who has not
started yet, through the outbox."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String, cast, literal, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.storage import outbox
from bot.storage.models import Learner, Membership

INVITE_PREFIX = "invite:"


async def enqueue_invitations(
    session: AsyncSession, *, cohort_ids: list[int], now: datetime
) -> int:
    """Queue an invitation for every member of these cohorts who has never started (set-based;
    a member is invited once, ever); return how many were queued."""
    members = select(Learner.id).where(
        Learner.id.in_(select(Membership.learner_id).where(Membership.cohort_id.in_(cohort_ids))),
        Learner.status == "new",
        Learner.consent_at.is_(None),
    )
    return await outbox.enqueue_selected(
        session,
        learners=members,
        key=literal(INVITE_PREFIX, String) + cast(Learner.id, String),
        kind="invite",
        payload={},
        due_at=now,
        now=now,
    )
