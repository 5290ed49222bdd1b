"""The officers' entry point, as `Coach` is the members': who is asking, and what they may see
and do. Channels call this and never open a transaction themselves."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.content.model import Curriculum
from bot.core.messages import Identity
from bot.core.officers.announcements import Announcements
from bot.core.officers.digest import ComposedDigest
from bot.core.officers.digest_preview import preview_digest
from bot.core.officers.reports import CohortReport, as_text, my_reports
from bot.core.officers.roles import Scope, scope_for
from bot.core.ports import Charts
from bot.storage.db import transaction


class OfficerDesk:
    """Officers' use cases behind every channel: scope, reports, announcements, digest."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        curriculum: Curriculum,
        min_group: int,
    ) -> None:
        self.sessions = sessions
        self.curriculum = curriculum
        self.min_group = min_group
        self.announcements = Announcements(sessions)

    async def scope(self, identity: Identity, locale: str = "ja") -> Scope:
        """What this person may act on (a member's scope is empty)."""
        async with transaction(self.sessions) as session:
            return await scope_for(session, identity=identity, locale=locale)

    async def reports(
        self, scope: Scope, now: datetime, organisation: str | None = None
    ) -> list[CohortReport]:
        """Aggregate reports on the cohorts in scope (refused for members)."""
        return await my_reports(
            self.sessions, scope, self.curriculum, now, self.min_group, organisation
        )

    def reports_text(self, reports: list[CohortReport], locale: str) -> str:
        """The reports as text in the officer's language."""
        return as_text(reports, self.curriculum, locale)

    async def digest_preview(
        self,
        scope: Scope,
        charts: Charts,
        *,
        org: str,
        cohort: str | None,
        now: datetime,
        week: date | None,
        locale: str | None,
        timezone: str,
    ) -> ComposedDigest:
        """This week's digest as the officer gets it (text and chart), sending nothing."""
        return await preview_digest(
            self.sessions,
            scope,
            self.curriculum,
            charts,
            org_slug=org,
            cohort_slug=cohort,
            now=now,
            week=week,
            min_group=self.min_group,
            locale=locale,
            timezone=timezone,
        )
