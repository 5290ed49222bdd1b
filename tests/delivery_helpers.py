"""Helpers for the delivery tests: organisations and learners straight into the database."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.storage.db import transaction
from bot.storage.models import Learner, Organisation, Outbox

EPOCH = datetime(2026, 11, 1, tzinfo=UTC)


async def add_org(
    sessions: async_sessionmaker[AsyncSession],
    slug: str = "union",
    calendar: str = "JP",
    nudge_days: str = "3,7,14",
) -> int:
    """Add an organisation; return its id."""
    async with transaction(sessions) as session:
        org = Organisation(
            slug=slug, name=slug, calendar=calendar, nudge_days=nudge_days, created_at=EPOCH
        )
        session.add(org)
        await session.flush()
        return org.id


async def add_learner(
    sessions: async_sessionmaker[AsyncSession],
    org_id: int | None,
    user: str,
    *,
    timezone: str = "Asia/Tokyo",
    minute: int = 510,
    status: str = "active",
    platform: str = "slack",
    workspace: str = "T1",
    last_active_at: datetime | None = EPOCH,
    locale: str = "en",
) -> int:
    """Add a learner who has agreed and started; return their id."""
    async with transaction(sessions) as session:
        learner = Learner(
            platform=platform,
            workspace=workspace,
            platform_user_id=user,
            organisation_id=org_id,
            locale=locale,
            timezone=timezone,
            delivery_minute=minute,
            status=status,
            consent_at=EPOCH,
            last_active_at=last_active_at,
            created_at=EPOCH,
        )
        session.add(learner)
        await session.flush()
        return learner.id


async def outbox_rows(sessions: async_sessionmaker[AsyncSession]) -> list[Outbox]:
    """Return every outbox row, oldest first."""
    async with sessions() as session:
        return list(await session.scalars(select(Outbox).order_by(Outbox.id)))
