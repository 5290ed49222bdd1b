"""Data functions for organisations, cohorts, memberships and roles."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.storage.models import Cohort, Learner, Membership, Organisation
from bot.storage.upsert import insert_if_new


async def find_organisation(session: AsyncSession, *, slug: str) -> Organisation | None:
    """Return the organisation with this slug, if any."""
    return await session.scalar(select(Organisation).where(Organisation.slug == slug))


async def find_cohort(session: AsyncSession, *, organisation_id: int, slug: str) -> Cohort | None:
    """Return the organisation's cohort with this slug, if any."""
    return await session.scalar(
        select(Cohort).where(Cohort.organisation_id == organisation_id, Cohort.slug == slug)
    )


async def list_cohorts(session: AsyncSession, *, organisation_id: int) -> list[Cohort]:
    """Return the organisation's cohorts, by slug."""
    return list(
        await session.scalars(
            select(Cohort).where(Cohort.organisation_id == organisation_id).order_by(Cohort.slug)
        )
    )


async def get_or_create_cohort(
    session: AsyncSession, *, organisation_id: int, slug: str
) -> tuple[Cohort, bool]:
    """Return the organisation's cohort with this slug, creating it (race-safe) if new."""
    created = await insert_if_new(
        session,
        Cohort,
        ("organisation_id", "slug"),
        {"organisation_id": organisation_id, "slug": slug, "name": slug},
    )
    cohort = await find_cohort(session, organisation_id=organisation_id, slug=slug)
    assert cohort is not None
    return cohort, created


async def find_membership(
    session: AsyncSession, *, learner_id: int, cohort_id: int
) -> Membership | None:
    """Return the learner's membership of a cohort, if any."""
    return await session.scalar(
        select(Membership).where(
            Membership.learner_id == learner_id, Membership.cohort_id == cohort_id
        )
    )


async def add_membership(
    session: AsyncSession, *, learner_id: int, cohort_id: int, role: str
) -> bool:
    """Put a learner in a cohort with a role; return True when the membership is new."""
    return await insert_if_new(
        session,
        Membership,
        ("learner_id", "cohort_id"),
        {"learner_id": learner_id, "cohort_id": cohort_id, "role": role},
    )


async def roles_of(session: AsyncSession, *, learner_id: int) -> list[tuple[str, int, int]]:
    """Return (role, cohort id, organisation id) for each of a learner's memberships."""
    rows = await session.execute(
        select(Membership.role, Cohort.id, Cohort.organisation_id)
        .join(Cohort, Cohort.id == Membership.cohort_id)
        .where(Membership.learner_id == learner_id)
    )
    return [(role, cohort_id, org_id) for role, cohort_id, org_id in rows]


async def cohort_officers(session: AsyncSession, *, cohort_id: int) -> list[Learner]:
    """Return the officers of a cohort who can be reached."""
    return list(
        await session.scalars(
            select(Learner)
            .join(Membership, Membership.learner_id == Learner.id)
            .where(
                Membership.cohort_id == cohort_id,
                Membership.role == "officer",
                Learner.status.not_in(("stopped", "unreachable")),
            )
            .order_by(Learner.id)
        )
    )


async def officers_of_organisation(session: AsyncSession, *, organisation_id: int) -> list[Learner]:
    """Return the reachable learners who are officers of any cohort of an organisation."""
    return list(
        await session.scalars(
            select(Learner)
            .where(
                Learner.id.in_(
                    select(Membership.learner_id)
                    .join(Cohort, Cohort.id == Membership.cohort_id)
                    .where(Cohort.organisation_id == organisation_id)
                    .where(Membership.role == "officer")
                ),
                Learner.status.not_in(("stopped", "unreachable")),
            )
            .order_by(Learner.id)
        )
    )


async def cohorts_of_learner(session: AsyncSession, *, learner_id: int) -> list[Cohort]:
    """Return the cohorts a learner belongs to, in any role."""
    return list(
        await session.scalars(
            select(Cohort)
            .join(Membership, Membership.cohort_id == Cohort.id)
            .where(Membership.learner_id == learner_id)
            .order_by(Cohort.id)
        )
    )


async def find_learner_by_user_id(
    session: AsyncSession, *, user_id: str, organisation_id: int | None = None
) -> list[Learner]:
    """Return the learners with this platform user id (in an organisation, when given)."""
    query = select(Learner).where(Learner.platform_user_id == user_id)
    if organisation_id is not None:
        query = query.where(Learner.organisation_id == organisation_id)
    return list(await session.scalars(query))


async def create_roster_learner(
    session: AsyncSession,
    *,
    platform: str,
    workspace: str,
    user_id: str,
    organisation_id: int,
    locale: str,
    timezone: str,
    delivery_minute: int,
    now: datetime,
) -> tuple[Learner, bool]:
    """Return the learner with this identity, creating a not-yet-started one if new."""
    created = await insert_if_new(
        session,
        Learner,
        ("platform", "workspace", "platform_user_id"),
        {
            "platform": platform,
            "workspace": workspace,
            "platform_user_id": user_id,
            "organisation_id": organisation_id,
            "locale": locale,
            "timezone": timezone,
            "delivery_minute": delivery_minute,
            "status": "new",
            "created_at": now,
        },
    )
    learner = await session.scalar(
        select(Learner).where(
            Learner.platform == platform,
            Learner.workspace == workspace,
            Learner.platform_user_id == user_id,
        )
    )
    assert learner is not None
    return learner, created


async def cohort_choices(
    session: AsyncSession, *, cohort_ids: list[int] | None, limit: int = 100
) -> list[tuple[str, str]]:
    """Return (organisation slug, cohort slug) for these cohorts (None: every cohort)."""
    query = (
        select(Organisation.slug, Cohort.slug)
        .join(Organisation, Organisation.id == Cohort.organisation_id)
        .order_by(Organisation.slug, Cohort.slug)
        .limit(limit)
    )
    if cohort_ids is not None:
        query = query.where(Cohort.id.in_(cohort_ids))
    return [(org, cohort) for org, cohort in await session.execute(query)]


async def organisation_slugs(session: AsyncSession, *, organisation_ids: list[int]) -> list[str]:
    """Return the slugs of these organisations."""
    rows = await session.scalars(
        select(Organisation.slug)
        .where(Organisation.id.in_(organisation_ids))
        .order_by(Organisation.slug)
    )
    return list(rows)
