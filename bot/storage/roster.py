"""Data functions for organisations, cohorts, memberships and roles."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, delete, func, select, text, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.storage.models import Cohort, Learner, Membership, Organisation
from bot.storage.upsert import insert_if_new, insert_ignore, table_of


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
    return await _reachable_officers(session, Membership.cohort_id == cohort_id)


async def officers_of_organisation(session: AsyncSession, *, organisation_id: int) -> list[Learner]:
    """Return the reachable learners who are officers of any cohort of an organisation."""
    return await _reachable_officers(session, Cohort.organisation_id == organisation_id)


async def _reachable_officers(session: AsyncSession, where: ColumnElement[bool]) -> list[Learner]:
    """The reachable learners with an officer's membership that meets `where` (which may name
    the membership or its cohort), by id, each once."""
    return list(
        await session.scalars(
            select(Learner)
            .where(
                Learner.id.in_(
                    select(Membership.learner_id)
                    .join(Cohort, Cohort.id == Membership.cohort_id)
                    .where(where, Membership.role == "officer")
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


# Set-based roster writes: a 50,000-row roster is a few dozen statements, not 200,000.
Identity = tuple[str, str, str]  # (platform, workspace, platform user id)
IN_CHUNK = 5000  # ids per IN (…): well under SQLite's and PostgreSQL's bind-parameter limits


@dataclass(frozen=True)
class KnownLearner:
    """What a roster import needs to know of a learner already in the database."""

    id: int
    organisation_id: int | None
    member_number: str | None
    status: str


async def known_learners(
    session: AsyncSession, *, identities: Iterable[Identity]
) -> dict[Identity, KnownLearner]:
    """Return the learners with these identities (one query per 5,000 user ids)."""
    by_place: dict[tuple[str, str], list[str]] = defaultdict(list)
    for platform, workspace, user_id in identities:
        by_place[(platform, workspace)].append(user_id)
    found: dict[Identity, KnownLearner] = {}
    for (platform, workspace), user_ids in by_place.items():
        for start in range(0, len(user_ids), IN_CHUNK):
            rows = await session.execute(
                select(
                    Learner.platform_user_id,
                    Learner.id,
                    Learner.organisation_id,
                    Learner.member_number,
                    Learner.status,
                ).where(
                    Learner.platform == platform,
                    Learner.workspace == workspace,
                    Learner.platform_user_id.in_(user_ids[start : start + IN_CHUNK]),
                )
            )
            for user_id, learner_id, org_id, number, status in rows:
                found[(platform, workspace, user_id)] = KnownLearner(
                    learner_id, org_id, number, status
                )
    return found


async def insert_learners(
    session: AsyncSession, *, rows: list[dict[str, Any]]
) -> dict[Identity, int]:
    """Insert not-yet-started learners in batches; return the new ones' ids by identity (one
    that exists already is left alone and left out)."""
    if not rows:
        return {}
    statement = insert_ignore(session, Learner, ("platform", "workspace", "platform_user_id"))
    # RETURNING, not a SELECT afterwards: on a table that just grew, the planner's statistics
    # are stale and a large IN (…) becomes a sequential scan per batch.
    returned = await session.execute(
        statement.returning(
            table_of(Learner).c.platform,
            table_of(Learner).c.workspace,
            table_of(Learner).c.platform_user_id,
            table_of(Learner).c.id,
        ),
        rows,
    )
    return {(platform, ws, user_id): i for platform, ws, user_id, i in returned}


async def update_learners(session: AsyncSession, *, changes: list[dict[str, Any]]) -> None:
    """Set columns of learners by id (each dict: id and the same columns)."""
    if changes:
        await session.execute(update(Learner), changes)


async def ensure_cohorts(
    session: AsyncSession, *, organisation_id: int, slugs: Iterable[str]
) -> dict[str, int]:
    """Create the organisation's cohorts that are missing; return every cohort's id by slug."""
    wanted = [{"organisation_id": organisation_id, "slug": s, "name": s} for s in set(slugs)]
    if wanted:
        await session.execute(insert_ignore(session, Cohort, ("organisation_id", "slug")), wanted)
    rows = await session.execute(
        select(Cohort.slug, Cohort.id).where(Cohort.organisation_id == organisation_id)
    )
    return {slug: cohort_id for slug, cohort_id in rows}


@dataclass(frozen=True)
class KnownMembership:
    """A membership in one of an organisation's cohorts."""

    id: int
    learner_id: int
    cohort_slug: str
    role: str


async def organisation_memberships(
    session: AsyncSession, *, organisation_id: int
) -> list[KnownMembership]:
    """Return every membership in the organisation's cohorts."""
    rows = await session.execute(
        select(Membership.id, Membership.learner_id, Cohort.slug, Membership.role)
        .join(Cohort, Cohort.id == Membership.cohort_id)
        .where(Cohort.organisation_id == organisation_id)
    )
    return [KnownMembership(*row) for row in rows]


async def insert_memberships(session: AsyncSession, *, rows: list[dict[str, Any]]) -> None:
    """Add memberships (learner_id, cohort_id, role) in batches; existing ones stay as they are."""
    if rows:
        await session.execute(insert_ignore(session, Membership, ("learner_id", "cohort_id")), rows)


async def update_roles(session: AsyncSession, *, changes: list[dict[str, Any]]) -> None:
    """Set memberships' roles by id (each dict: id, role)."""
    if changes:
        await session.execute(update(Membership), changes)


async def delete_memberships(session: AsyncSession, *, ids: list[int]) -> None:
    """Remove these memberships."""
    for start in range(0, len(ids), IN_CHUNK):
        await session.execute(
            delete(Membership).where(Membership.id.in_(ids[start : start + IN_CHUNK]))
        )


async def learner_statuses(session: AsyncSession, *, ids: list[int]) -> dict[int, str]:
    """Return these learners' statuses by id."""
    found: dict[int, str] = {}
    for start in range(0, len(ids), IN_CHUNK):
        rows = await session.execute(
            select(Learner.id, Learner.status).where(Learner.id.in_(ids[start : start + IN_CHUNK]))
        )
        found.update((learner_id, status) for learner_id, status in rows)
    return found


async def delete_learners(session: AsyncSession, *, ids: list[int]) -> None:
    """Delete learners (their rows elsewhere go with them: foreign keys cascade)."""
    for start in range(0, len(ids), IN_CHUNK):
        await session.execute(delete(Learner).where(Learner.id.in_(ids[start : start + IN_CHUNK])))


async def organisation_counts(
    session: AsyncSession, *, organisation_ids: list[int] | None
) -> list[tuple[str, str | None, int]]:
    """Return (organisation slug, cohort slug or None, members) for each organisation and its
    cohorts; the organisation's own line counts its learners."""
    orgs = select(Organisation.id, Organisation.slug)
    if organisation_ids is not None:
        orgs = orgs.where(Organisation.id.in_(organisation_ids))
    learners = dict(
        (org_id, n)
        for org_id, n in await session.execute(
            select(Learner.organisation_id, func.count()).group_by(Learner.organisation_id)
        )
    )
    cohorts = await session.execute(
        select(Cohort.organisation_id, Cohort.slug, func.count(Membership.id))
        .outerjoin(Membership, Membership.cohort_id == Cohort.id)
        .group_by(Cohort.organisation_id, Cohort.slug)
        .order_by(Cohort.slug)
    )
    by_org: dict[int, list[tuple[str, int]]] = defaultdict(list)
    for org_id, slug, n in cohorts:
        by_org[org_id].append((slug, int(n)))
    out: list[tuple[str, str | None, int]] = []
    for org_id, org_slug in await session.execute(orgs.order_by(Organisation.slug)):
        out.append((org_slug, None, int(learners.get(org_id, 0))))
        out.extend((org_slug, slug, n) for slug, n in by_org[org_id])
    return out


async def refresh_statistics(session: AsyncSession) -> None:
    """After a bulk load, let PostgreSQL's planner know the roster tables grew (else it scans
    every learner of a workspace for each id of the next import's look-up)."""
    if session.get_bind().dialect.name == "postgresql":
        await session.execute(text("ANALYZE learners, memberships, cohorts"))


async def member_numbers(
    session: AsyncSession, *, organisation_id: int | None
) -> dict[Identity, str]:
    """Return the member numbers of an organisation's learners (None: every organisation)."""
    query = select(
        Learner.platform, Learner.workspace, Learner.platform_user_id, Learner.member_number
    ).where(Learner.member_number.is_not(None))
    if organisation_id is not None:
        query = query.where(Learner.organisation_id == organisation_id)
    return {(p, w, u): str(n) for p, w, u, n in await session.execute(query)}
