"""The weekly digest on demand: what an officer gets this week (or got in an earlier week), for
them to look at."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.content.model import Curriculum
from bot.core.calendar import local_date
from bot.core.officers.digest import (
    MORNING,
    ComposedDigest,
    collect_week,
    compose_digest,
    first_business_day,
    monday_of,
)
from bot.core.officers.floor import Floor
from bot.core.officers.roles import (
    NotAllowed,
    Refused,
    Scope,
    cohorts_in_scope,
    require_cohort,
)
from bot.core.ports import Charts
from bot.storage import roster
from bot.storage.db import transaction
from bot.storage.models import Learner


async def preview_digest(
    sessions: async_sessionmaker[AsyncSession],
    scope: Scope,
    curriculum: Curriculum,
    charts: Charts,
    *,
    org_slug: str,
    cohort_slug: str | None,
    now: datetime,
    week: date | None,
    min_group: int,
    locale: str | None,
    timezone: str,
) -> ComposedDigest:
    """This week's digest of the actor's cohorts in an organisation (or the one of `week`, as
    composed that week), as the weekly job composes it: in the officer's language and time zone
    (`locale` overrides; the operator has `timezone`). One cohort alone is for admins, unless it
    is all the officer has there: part of an officer's cohorts beside the whole would give away
    the rest."""
    async with transaction(sessions) as session:
        org, cohorts = await cohorts_in_scope(session, scope, org_slug)
        if cohort_slug:
            cohort = await roster.find_cohort(session, organisation_id=org.id, slug=cohort_slug)
            if cohort is None:
                raise Refused("unknown_cohort", scope.locale, cohort=cohort_slug)
            require_cohort(scope, cohort)
            if not scope.admin and [c.id for c in cohorts] != [cohort.id]:
                raise NotAllowed("digest_one_cohort_admins", scope.locale)
            cohorts = [cohort]
        officer = await _officer(session, scope)
        if officer is not None:
            locale, timezone = locale or officer.locale, officer.timezone
        if week is not None:  # only ever the weekly moment: no window of one's choosing
            now = digest_time(week, timezone, org.calendar)
        this_monday = monday_of(local_date(now, timezone))
        floor = Floor(min_group)
        collected = await collect_week(session, cohorts, curriculum, now, this_monday, floor)
        return compose_digest(collected, curriculum, locale or scope.locale, charts)


def digest_time(week: date, timezone: str, calendar: str) -> datetime:
    """When the weekly job composes the digest of `week`: its first business day, 08:00."""
    day = first_business_day(week, calendar) or monday_of(week)
    return datetime.combine(day, time(MORNING // 60, MORNING % 60), ZoneInfo(timezone))


async def _officer(session: AsyncSession, scope: Scope) -> Learner | None:
    """The acting officer's own record (the operator at the command line has none)."""
    return None if scope.learner_id is None else await session.get(Learner, scope.learner_id)
