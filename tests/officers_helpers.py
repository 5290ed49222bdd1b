"""Helpers for the officer tests: organisations, cohorts and members straight into the database."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.core.officers.roles import Scope, scope_of
from bot.storage.db import transaction
from bot.storage.learners import get_or_create_organisation
from bot.storage.models import Cohort, Learner, Membership

NOW = datetime(2026, 12, 1, 0, 5, tzinfo=UTC)  # Tuesday 09:05 in Tokyo


async def add_cohort(sessions: async_sessionmaker[AsyncSession], org: str, cohort: str) -> int:
    """Add an organisation (if new) and a cohort in it; return the cohort id."""
    async with transaction(sessions) as session:
        organisation = await get_or_create_organisation(session, slug=org, now=NOW)
        row = Cohort(organisation_id=organisation.id, slug=cohort, name=cohort)
        session.add(row)
        await session.flush()
        return row.id


async def add_member(
    sessions: async_sessionmaker[AsyncSession],
    cohort_id: int,
    user: str,
    *,
    role: str = "member",
    locale: str = "ja",
    status: str = "active",
    workspace: str = "T0TEST",
    last_active_at: datetime | None = NOW,
) -> int:
    """Add a learner who has started, in a cohort with a role; return the learner id."""
    async with transaction(sessions) as session:
        cohort = await session.get(Cohort, cohort_id)
        assert cohort is not None
        learner = Learner(
            platform="slack",
            workspace=workspace,
            platform_user_id=user,
            organisation_id=cohort.organisation_id,
            locale=locale,
            status=status,
            consent_at=NOW,
            last_active_at=last_active_at,
            created_at=NOW,
        )
        session.add(learner)
        await session.flush()
        session.add(Membership(learner_id=learner.id, cohort_id=cohort_id, role=role))
        return learner.id


async def scope(sessions: async_sessionmaker[AsyncSession], learner_id: int) -> Scope:
    """The scope of a learner, as core loads it."""
    async with transaction(sessions) as session:
        learner = await session.get(Learner, learner_id)
        assert learner is not None
        return await scope_of(session, learner_id=learner_id, locale=learner.locale)
