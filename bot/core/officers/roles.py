"""Roles and scope: who may act on which organisation and cohort (member / officer / admin)."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy.ext.asyncio import AsyncSession

from bot.core.messages import Identity
from bot.core.texts import t
from bot.storage import roster as store
from bot.storage.learners import find_learner
from bot.storage.models import Cohort, Organisation

ROLES = ("member", "officer", "admin")


class Refused(Exception):
    """An officer action that cannot go ahead; `str()` says why, in the actor's language."""

    def __init__(self, key: str, locale: str, **values: object) -> None:
        super().__init__(t(key, locale, **values))
        self.key = key
        self.locale = locale


class NotAllowed(Refused):
    """The actor's role or scope does not allow this."""


@dataclass(frozen=True)
class Scope:
    """What one actor may act on: officer cohorts and organisations, or everything (admin)."""

    learner_id: int | None  # None for the operator at the command line
    locale: str = "ja"
    admin: bool = False
    cohorts: frozenset[int] = field(default_factory=frozenset)  # cohorts they are officer of
    organisations: frozenset[int] = field(default_factory=frozenset)
    timezone: str = "Asia/Tokyo"  # where the actor reads times (an IANA zone)

    @property
    def is_officer(self) -> bool:
        """Whether the actor may run any officer action at all."""
        return self.admin or bool(self.cohorts)


def operator_scope(locale: str = "en", timezone: str = "Asia/Tokyo") -> Scope:
    """The scope of whoever runs the CLI against the database: admin."""
    return Scope(learner_id=None, locale=locale, timezone=timezone, admin=True)


async def scope_of(
    session: AsyncSession, *, learner_id: int, locale: str, timezone: str = "Asia/Tokyo"
) -> Scope:
    """Load a learner's scope from their memberships."""
    roles = await store.roles_of(session, learner_id=learner_id)
    return Scope(
        learner_id=learner_id,
        locale=locale,
        timezone=timezone,
        admin=any(role == "admin" for role, _, _ in roles),
        cohorts=frozenset(cohort for role, cohort, _ in roles if role == "officer"),
        organisations=frozenset(org for role, _, org in roles if role == "officer"),
    )


async def scope_for(session: AsyncSession, *, identity: Identity, locale: str = "ja") -> Scope:
    """Load the scope of whoever is on the other end of a chat (nobody known: no rights)."""
    learner = await find_learner(
        session, platform=identity.platform, workspace=identity.workspace, user_id=identity.user_id
    )
    if learner is None:
        return Scope(learner_id=None, locale=locale)
    return await scope_of(
        session, learner_id=learner.id, locale=learner.locale, timezone=learner.timezone
    )


async def scope_for_user(session: AsyncSession, *, user: str, locale: str | None = None) -> Scope:
    """Load the scope of `user` given as `U123` or `slack:T123:U123` (the CLI's --as), reading
    in `locale` (None: their own language)."""
    parts = user.split(":")
    if len(parts) == 3:
        learner = await find_learner(
            session, platform=parts[0], workspace=parts[1], user_id=parts[2]
        )
        found = [learner] if learner else []
    else:
        found = await store.find_learner_by_user_id(session, user_id=user)
    if len(found) != 1:
        key = "unknown_actor" if not found else "ambiguous_actor"
        raise Refused(key, locale or "en", user=user)
    learner = found[0]
    return await scope_of(
        session, learner_id=learner.id, locale=locale or learner.locale, timezone=learner.timezone
    )


def require_officer(scope: Scope) -> None:
    """Refuse anyone who is neither an officer nor an admin."""
    if not scope.is_officer:
        raise NotAllowed("not_allowed_member", scope.locale)


def require_organisation(scope: Scope, organisation_id: int) -> None:
    """Refuse an actor who is not an officer of this organisation (admins pass)."""
    require_officer(scope)
    if not scope.admin and organisation_id not in scope.organisations:
        raise NotAllowed("not_allowed_organisation", scope.locale)


async def organisation_in_scope(session: AsyncSession, scope: Scope, slug: str) -> Organisation:
    """The organisation `slug` names, refusing an unknown one or an actor who is not one of its
    officers (admins pass)."""
    org = await store.find_organisation(session, slug=slug)
    if org is None:
        raise Refused("unknown_organisation", scope.locale, org=slug)
    require_organisation(scope, org.id)
    return org


async def cohorts_in_scope(
    session: AsyncSession, scope: Scope, slug: str
) -> tuple[Organisation, list[Cohort]]:
    """An organisation in the actor's scope, with those of its cohorts the actor may see."""
    org = await organisation_in_scope(session, scope, slug)
    return org, visible(scope, await store.list_cohorts(session, organisation_id=org.id))


def require_cohort(scope: Scope, cohort: Cohort) -> None:
    """Refuse an actor who is not an officer of this cohort (admins pass)."""
    require_organisation(scope, cohort.organisation_id)
    if not scope.admin and cohort.id not in scope.cohorts:
        raise NotAllowed("not_allowed_cohort", scope.locale)


def require_admin(scope: Scope) -> None:
    """Refuse anyone but an admin."""
    if not scope.admin:
        raise NotAllowed("not_allowed_admin", scope.locale)


def visible(scope: Scope, cohorts: list[Cohort]) -> list[Cohort]:
    """Return the cohorts in the actor's scope."""
    return [c for c in cohorts if scope.admin or c.id in scope.cohorts]
