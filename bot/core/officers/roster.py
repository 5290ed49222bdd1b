"""Roster import: enrol members in cohorts from a CSV file, idempotently, row by row."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Protocol

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.core.officers.roles import NotAllowed, Scope, require_organisation
from bot.core.officers.roster_file import Defaults, RosterRow, RowProblem, parse_csv
from bot.storage import roster as store
from bot.storage.db import transaction
from bot.storage.learners import get_or_create_organisation
from bot.storage.models import Organisation

log = logging.getLogger(__name__)

NO_TOKEN = "has an email but no user id; set SLACK_BOT_TOKEN to look emails up, then run again"
CHUNK = 500  # rows per transaction: a crash loses little, and a rerun finishes the job


@dataclass(frozen=True)
class DirectoryEntry:
    """A member found in a platform's directory."""

    workspace: str
    user_id: str


class DirectoryError(Exception):
    """The directory could not answer (not 'no such user'); `code` says why."""


class Directory(Protocol):
    """Finds members by email (Slack users.lookupByEmail); implemented in channels/."""

    async def lookup_email(self, email: str) -> DirectoryEntry | None:
        """Return the member with this email, or None when there is none."""
        ...


@dataclass
class ImportResult:
    """What an import did; a second run of the same file has `changed == 0`."""

    rows: int = 0
    learners_created: int = 0
    memberships_added: int = 0
    updated: int = 0
    unchanged: int = 0
    duplicates: list[RowProblem] = field(default_factory=list)
    errors: list[RowProblem] = field(default_factory=list)
    unresolved: list[RowProblem] = field(default_factory=list)  # emails we could not look up

    @property
    def imported(self) -> int:
        """Rows now in the roster (new or already there)."""
        return self.memberships_added + self.updated + self.unchanged

    @property
    def changed(self) -> int:
        """Rows that changed the database."""
        return self.learners_created + self.memberships_added + self.updated


async def resolve(
    rows: list[RosterRow],
    directory: Directory | None,
    result: ImportResult,
    progress: Callable[[int], None] | None = None,
) -> list[RosterRow]:
    """Replace emails with user ids; rows that cannot be resolved go to `result`."""
    resolved: list[RosterRow] = []
    for row in rows:
        if not row.email:
            resolved.append(row)
            continue
        if progress:
            progress(1)
        if row.platform != "slack":
            result.errors.append(RowProblem(row.row, "Teams rows need the user id, not an email"))
            continue
        if directory is None:
            result.unresolved.append(RowProblem(row.row, NO_TOKEN))
            continue
        try:
            entry = await directory.lookup_email(row.email)
        except DirectoryError as exc:
            result.unresolved.append(RowProblem(row.row, f"email look-up failed ({exc})"))
            continue
        if entry is None:
            result.errors.append(RowProblem(row.row, "no Slack user has this email"))
            continue
        resolved.append(replace(row, workspace=entry.workspace, user_id=entry.user_id, email=""))
    return resolved


async def import_roster(
    sessions: async_sessionmaker[AsyncSession],
    scope: Scope,
    org_slug: str,
    lines: Iterable[str],
    defaults: Defaults,
    now: datetime,
    directory: Directory | None = None,
    progress: Callable[[int], None] | None = None,
) -> ImportResult:
    """Import a roster CSV into an organisation: check, resolve emails, write, report."""
    org_id = await _organisation(sessions, scope, org_slug, now)
    rows, bad, duplicates = parse_csv(lines, defaults)
    result = ImportResult(rows=len(rows) + len(bad) + len(duplicates), duplicates=duplicates)
    result.errors.extend(bad)
    resolved = await resolve(rows, directory, result, progress)
    await import_rows(sessions, org_id, resolved, defaults, now, result, progress)
    result.errors.sort(key=lambda p: p.row)
    result.duplicates.sort(key=lambda p: p.row)
    return result


async def _organisation(
    sessions: async_sessionmaker[AsyncSession], scope: Scope, slug: str, now: datetime
) -> int:
    """Return the organisation's id after checking scope; an admin may create it."""
    async with transaction(sessions) as session:
        org = await store.find_organisation(session, slug=slug)
        if org is None:
            if not scope.admin:
                raise NotAllowed("not_allowed_organisation", scope.locale)
            org = await get_or_create_organisation(session, slug=slug, now=now)
        require_organisation(scope, org.id)
        return org.id


async def import_rows(
    sessions: async_sessionmaker[AsyncSession],
    org_id: int,
    rows: list[RosterRow],
    defaults: Defaults,
    now: datetime,
    result: ImportResult,
    progress: Callable[[int], None] | None = None,
) -> ImportResult:
    """Write resolved rows to the roster, in chunks; the same rows again change nothing."""
    seen: set[tuple[str, ...]] = set()
    for start in range(0, len(rows), CHUNK):
        chunk = rows[start : start + CHUNK]
        async with transaction(sessions) as session:
            for row in chunk:
                key = (row.platform, row.workspace, row.user_id, row.cohort)
                if key in seen:  # an email and a user id in the same file that are one person
                    result.duplicates.append(RowProblem(row.row, "duplicate of an earlier row"))
                    continue
                seen.add(key)
                problem = await _import_row(session, org_id, row, defaults, now, result)
                if problem:
                    result.errors.append(RowProblem(row.row, problem))
        if progress:
            progress(len(chunk))
    log.info(
        "roster imported",
        extra={"learners_created": result.learners_created, "added": result.memberships_added},
    )
    return result


async def _import_row(
    session: AsyncSession,
    org_id: int,
    row: RosterRow,
    defaults: Defaults,
    now: datetime,
    result: ImportResult,
) -> str | None:
    learner, created = await store.create_roster_learner(
        session,
        platform=row.platform,
        workspace=row.workspace,
        user_id=row.user_id,
        organisation_id=org_id,
        locale=row.locale,
        timezone=row.timezone,
        delivery_minute=defaults.delivery_minute,
        now=now,
    )
    changed = False
    if created:
        result.learners_created += 1
    elif learner.organisation_id != org_id:
        current = await _org_slug(session, learner.organisation_id)
        if current not in (None, "default"):
            return "already a member of another organisation"
        learner.organisation_id = org_id  # first contact put them in the default organisation
        changed = True
    cohort, _ = await store.get_or_create_cohort(session, organisation_id=org_id, slug=row.cohort)
    if await store.add_membership(
        session, learner_id=learner.id, cohort_id=cohort.id, role=row.role
    ):
        result.memberships_added += 1
        return None
    membership = await store.find_membership(session, learner_id=learner.id, cohort_id=cohort.id)
    assert membership is not None
    if membership.role != row.role:
        membership.role = row.role
        changed = True
    if changed:
        result.updated += 1
    else:
        result.unchanged += 1
    return None


async def _org_slug(session: AsyncSession, organisation_id: int | None) -> str | None:
    if organisation_id is None:
        return None
    org = await session.get(Organisation, organisation_id)
    return org.slug if org else None
