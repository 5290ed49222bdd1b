"""Invitations: an officer invites a cohort's imported members, who each get Manabi's
welcome once; nothing is kept or sent again until they choose to start."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from bot.core.officers.roles import Refused, Scope, organisation_in_scope, require_cohort
from bot.storage import invitations as store
from bot.storage import roster


async def invite(
    session: AsyncSession, scope: Scope, *, org: str, cohort: str | None, now: datetime
) -> int:
    """Invite the members of one cohort (or of every cohort in the actor's scope) who have
    not started yet; return how many invitations were queued."""
    organisation = await organisation_in_scope(session, scope, org)
    cohorts = await roster.list_cohorts(session, organisation_id=organisation.id)
    if cohort is not None:
        cohorts = [c for c in cohorts if c.slug == cohort]
        if not cohorts:
            raise Refused("unknown_cohort", scope.locale, cohort=cohort)
        require_cohort(scope, cohorts[0])
    allowed = [c.id for c in cohorts if scope.admin or c.id in scope.cohorts]
    if not allowed:
        return 0
    return await store.enqueue_invitations(session, cohort_ids=allowed, now=now)
