"""Data functions for invitations: one welcome message per imported member who has not
started yet, through the outbox."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Integer, String, cast, literal, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.storage.models import Learner, Membership, Outbox
from bot.storage.upsert import enqueue_selected

INVITE_PREFIX = "invite:"


async def enqueue_invitations(
    session: AsyncSession, *, cohort_ids: list[int], now: datetime
) -> int:
    """Queue an invitation for every member of these cohorts who has never started (set-based;
    a member is invited once, ever); return how many were queued."""
    key = literal(INVITE_PREFIX, String) + cast(Learner.id, String)
    members = select(
        key,
        literal("invite", String),
        Learner.id,
        Learner.platform,
        Learner.workspace,
        literal({}, JSON),
        literal("pending", String),
        literal(now, Outbox.due_at.type),
        literal(0, Integer),
        literal(now, Outbox.created_at.type),
    ).where(
        Learner.id.in_(select(Membership.learner_id).where(Membership.cohort_id.in_(cohort_ids))),
        Learner.status == "new",
        Learner.consent_at.is_(None),
    )
    return await enqueue_selected(session, members)
