"""Roster import: enrol members in cohorts from a roster file, set-based and idempotent, with
each bad row reported by number; optionally remove members who are no longer on it."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.core.officers.roles import NotAllowed, Refused, Scope, require_organisation
from bot.core.officers.roster_file import Defaults, RosterRow, RowProblem
from bot.core.officers.roster_prepare import Identity, Prepared
from bot.storage import roster as store
from bot.storage.db import transaction
from bot.storage.learners import get_or_create_organisation
from bot.storage.models import Cohort

log = logging.getLogger(__name__)

DEFAULT_ORGANISATION = "default"  # where first contact puts a member no roster has named
BULK = 1000  # new rows from which the planner's statistics are refreshed


class UnknownOrganisation(Refused):
    """The organisation does not exist and the caller did not say to create it."""


class MustFixFirst(Refused):
    """Removing members who are not on the file needs a file without bad rows."""


@dataclass
class ImportResult:
    """What an import did (or, in a dry run, would do); a second run has `changed == 0`."""

    rows: int = 0
    learners_created: int = 0
    memberships_added: int = 0
    updated: int = 0
    unchanged: int = 0
    memberships_removed: int = 0
    learners_detached: int = 0  # no cohort left here: out of the organisation, history kept
    learners_deleted: int = 0  # no cohort left and never started: nothing to keep
    organisation_created: bool = False
    dry_run: bool = False
    duplicates: list[RowProblem] = field(default_factory=list)
    errors: list[RowProblem] = field(default_factory=list)
    unresolved: list[RowProblem] = field(default_factory=list)  # emails we could not look up

    @property
    def imported(self) -> int:
        """Rows now in the roster (new or already there)."""
        return self.memberships_added + self.updated + self.unchanged

    @property
    def changed(self) -> int:
        """Rows and members that changed the database."""
        return (
            self.learners_created
            + self.memberships_added
            + self.updated
            + self.memberships_removed
            + self.learners_detached
            + self.learners_deleted
        )


def new_result(prepared: Prepared, dry_run: bool) -> ImportResult:
    """A fresh result that starts from the file's problems."""
    return ImportResult(
        rows=prepared.total,
        dry_run=dry_run,
        duplicates=list(prepared.duplicates),
        errors=list(prepared.errors),
        unresolved=list(prepared.unresolved),
    )


# Why a row an officer sent was refused: an officer may grant at most their own scope.
BEYOND_GRANT = {
    True: "only a federation admin may make someone an admin",
    False: "you may enrol members only in cohorts you are an officer of",
}


def within_grant(scope: Scope, rows: list[RosterRow], cohorts: list[Cohort]) -> list[RosterRow]:
    """The rows an officer may import: members or officers of their own cohorts, no admins."""
    own = {cohort.slug for cohort in cohorts if cohort.id in scope.cohorts}
    return [row for row in rows if row.role != "admin" and row.cohort in own]


async def import_roster(
    sessions: async_sessionmaker[AsyncSession],
    scope: Scope,
    org_slug: str,
    prepared: Prepared,
    defaults: Defaults,
    now: datetime,
    *,
    create_organisation: bool = False,
    remove_missing: bool = False,
    dry_run: bool = False,
) -> ImportResult:
    """Write a prepared roster into an organisation in one transaction (or, with `dry_run`,
    only count what would change)."""
    result = new_result(prepared, dry_run)
    if remove_missing and (result.errors or result.unresolved):
        raise MustFixFirst("roster_fix_before_removing", scope.locale)
    async with transaction(sessions) as session:
        org = await store.find_organisation(session, slug=org_slug)
        if org is None:
            if not scope.admin:
                raise NotAllowed("not_allowed_organisation", scope.locale)
            if not create_organisation:
                raise UnknownOrganisation("roster_unknown_organisation", scope.locale, org=org_slug)
        else:
            require_organisation(scope, org.id)
        default = await store.find_organisation(session, slug=DEFAULT_ORGANISATION)
        org_id = org.id if org else None
        writer = _Writer(session, org_id, default.id if default else None, result)
        rows = prepared.rows
        if not scope.admin and org is not None:
            rows = within_grant(
                scope, rows, await store.list_cohorts(session, organisation_id=org.id)
            )
            result.errors.extend(
                RowProblem(row.row, BEYOND_GRANT[row.role == "admin"])
                for row in prepared.rows
                if row not in rows
            )
        await writer.plan(rows, remove_missing)
        if dry_run:
            result.organisation_created = org is None and writer.anything_to_write
            return result
        if org is None:
            if not writer.anything_to_write:  # a typo'd slug with no good row creates nothing
                return result
            org = await get_or_create_organisation(session, slug=org_slug, now=now)
            result.organisation_created = True
        await writer.apply(org.id, defaults, now)
    log.info(
        "roster imported",
        extra={
            "learners_created": result.learners_created,
            "added": result.memberships_added,
            "removed": result.memberships_removed,
        },
    )
    return result


class _Writer:
    """Works out, then writes, what a roster changes: a handful of set-based statements."""

    def __init__(
        self,
        session: AsyncSession,
        org_id: int | None,
        default_id: int | None,
        result: ImportResult,
    ) -> None:
        self.session = session
        self.org_id = org_id  # None: the organisation is new (created only if rows import)
        self.default_id = default_id
        self.result = result
        self.new_learners: dict[Identity, RosterRow] = {}
        self.learner_changes: list[dict[str, Any]] = []
        self.new_memberships: list[tuple[Identity, str, str]] = []
        self.role_changes: list[dict[str, Any]] = []
        self.ids: dict[Identity, int] = {}  # learners' ids by identity, known and new
        self.removed: list[int] = []
        self.never: list[int] = []  # learners to delete
        self.started: list[int] = []  # learners to detach

    @property
    def anything_to_write(self) -> bool:
        """Whether the file has any row to write (or any member to remove)."""
        return bool(self.new_memberships or self.role_changes or self.result.unchanged)

    async def plan(self, rows: list[RosterRow], remove_missing: bool) -> None:
        """Sort each row into new, updated, unchanged or refused; read only."""
        known = await store.known_learners(
            self.session, identities={(r.platform, r.workspace, r.user_id) for r in rows}
        )
        self.ids = {who: learner.id for who, learner in known.items()}
        memberships = (
            await store.organisation_memberships(self.session, organisation_id=self.org_id)
            if self.org_id is not None
            else []
        )
        by_key = {(m.learner_id, m.cohort_slug): m for m in memberships}
        changed_learners: set[int] = set()
        kept: set[int] = set()
        for row in rows:
            who = (row.platform, row.workspace, row.user_id)
            learner = known.get(who)
            if learner is None:
                if who not in self.new_learners:
                    self.new_learners[who] = row
                    self.result.learners_created += 1
                self.new_memberships.append((who, row.cohort, row.role))
                self.result.memberships_added += 1
                continue
            if learner.organisation_id not in (self.org_id, self.default_id, None):
                self.result.errors.append(
                    RowProblem(row.row, "already a member of another organisation")
                )
                continue
            changes = self._learner_changes(learner, row)
            row_changed = bool(changes) and learner.id not in changed_learners
            if changes and learner.id not in changed_learners:
                changed_learners.add(learner.id)
                self.learner_changes.append({"id": learner.id, **changes})
            membership = by_key.get((learner.id, row.cohort))
            if membership is None:
                self.new_memberships.append((who, row.cohort, row.role))
                self.result.memberships_added += 1
                continue
            kept.add(membership.id)
            if membership.role != row.role:
                self.role_changes.append({"id": membership.id, "role": row.role})
                row_changed = True
            if row_changed:
                self.result.updated += 1
            else:
                self.result.unchanged += 1
        if remove_missing:
            await self._plan_removals(memberships, kept)
        self.result.errors.sort(key=lambda p: p.row)
        self.result.duplicates.sort(key=lambda p: p.row)

    def _learner_changes(self, learner: store.KnownLearner, row: RosterRow) -> dict[str, Any]:
        """The organisation and member number a known learner takes from the roster (their own
        language, zone and time are theirs, not the roster's)."""
        changes: dict[str, Any] = {}
        if self.org_id is None or learner.organisation_id != self.org_id:  # e.g. the default
            changes["organisation_id"] = self.org_id
        if row.member_number and learner.member_number != row.member_number:
            changes["member_number"] = row.member_number
        return changes

    async def _plan_removals(
        self, memberships: list[store.KnownMembership], kept: set[int]
    ) -> None:
        """Memberships not on the file go; learners left with no cohort here leave too: never
        started → deleted; started → out of the organisation, their own history kept."""
        self.removed = [m.id for m in memberships if m.id not in kept]
        staying = {m.learner_id for m in memberships if m.id in kept}
        leaving = sorted({m.learner_id for m in memberships if m.id not in kept} - staying)
        statuses = await store.learner_statuses(self.session, ids=leaving)
        self.never = [i for i, status in statuses.items() if status == "new"]
        self.started = [i for i, status in statuses.items() if status != "new"]
        self.result.memberships_removed = len(self.removed)
        self.result.learners_deleted, self.result.learners_detached = (
            len(self.never),
            len(self.started),
        )

    async def apply(self, org_id: int, defaults: Defaults, now: datetime) -> None:
        """Write the plan: cohorts, new learners, changes, memberships, removals."""
        session = self.session
        cohorts = await store.ensure_cohorts(
            session, organisation_id=org_id, slugs={cohort for _, cohort, _ in self.new_memberships}
        )
        self.ids |= await store.insert_learners(
            session,
            rows=[
                {
                    "platform": row.platform,
                    "workspace": row.workspace,
                    "platform_user_id": row.user_id,
                    "organisation_id": org_id,
                    "locale": row.locale,
                    "timezone": row.timezone,
                    "delivery_minute": defaults.delivery_minute,
                    "status": "new",
                    "created_at": now,
                    "member_number": row.member_number or None,
                }
                for row in self.new_learners.values()
            ],
        )
        for changes in self.learner_changes:  # everyone on the roster is in this organisation
            changes["organisation_id"] = org_id
            changes.setdefault("member_number", None)
        await self._update_learners()
        raced = self.new_learners.keys() - self.ids.keys()  # added meanwhile by first contact
        for who, learner in (await store.known_learners(session, identities=raced)).items():
            self.ids[who] = learner.id
        await store.insert_memberships(
            session,
            rows=[
                {"learner_id": self.ids[who], "cohort_id": cohorts[cohort], "role": role}
                for who, cohort, role in self.new_memberships
            ],
        )
        await store.update_roles(session, changes=self.role_changes)
        await store.delete_memberships(session, ids=self.removed)
        await self._remove_leavers()
        if len(self.new_learners) + len(self.new_memberships) >= BULK:
            await store.refresh_statistics(session)

    async def _update_learners(self) -> None:
        """Set each changed learner's organisation and (when the roster gives one) number."""
        with_number = [c for c in self.learner_changes if c["member_number"] is not None]
        without = [
            {"id": c["id"], "organisation_id": c["organisation_id"]}
            for c in self.learner_changes
            if c["member_number"] is None
        ]
        await store.update_learners(self.session, changes=with_number)
        await store.update_learners(self.session, changes=without)

    async def _remove_leavers(self) -> None:
        """Delete the learners who never started; detach the others, forgetting their number."""
        await store.delete_learners(self.session, ids=self.never)
        await store.update_learners(
            self.session,
            changes=[
                {"id": i, "organisation_id": None, "member_number": None} for i in self.started
            ],
        )


async def organisations_overview(
    sessions: async_sessionmaker[AsyncSession], scope: Scope
) -> list[tuple[str, str | None, int]]:
    """(organisation, None, learners) then (organisation, cohort, members) for each cohort, for
    the organisations in the actor's scope."""
    async with transaction(sessions) as session:
        ids = None if scope.admin else sorted(scope.organisations)
        return await store.organisation_counts(session, organisation_ids=ids)
