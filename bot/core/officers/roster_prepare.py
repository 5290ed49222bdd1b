"""A roster made ready to write: rows read and checked, emails resolved through a platform's
directory in bulk, and rows that repeat a person or disagree on a member number set aside."""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, replace
from typing import Protocol

from bot.core.officers.roster_file import Defaults, RosterRow, RowProblem, parse_table

Identity = tuple[str, str, str]  # (platform, workspace, platform user id)

NOT_CONFIGURED = {
    "slack": "has an email but no user id; set SLACK_BOT_TOKEN to look emails up, then run again",
    "teams": "has an email but no user id; set MICROSOFT_APP_ID, MICROSOFT_APP_PASSWORD and "
    "MICROSOFT_APP_TENANT_ID to look emails up in Microsoft 365, then run again",
}
NOT_FOUND = {
    "slack": "no Slack user has this email",
    "teams": "no Microsoft 365 user has this email",
}


@dataclass(frozen=True)
class DirectoryEntry:
    """A member found in a platform's directory."""

    workspace: str
    user_id: str


class DirectoryError(Exception):
    """The directory could not answer (not 'no such user'); `str()` is a code, never an email."""


class Directory(Protocol):
    """Finds a platform's members by email (Slack, Microsoft Graph); implemented in channels/."""

    async def find_emails(self, emails: Collection[str]) -> dict[str, DirectoryEntry]:
        """Return the members with these (lower-case) emails; emails nobody has are left out."""
        ...


@dataclass(frozen=True)
class Prepared:
    """A roster read, checked and resolved: the rows to write and the problems so far."""

    rows: list[RosterRow]
    total: int
    duplicates: list[RowProblem]
    errors: list[RowProblem]
    unresolved: list[RowProblem]


async def prepare(
    table: list[list[str]],
    defaults: Defaults,
    directories: Mapping[str, Directory] | None = None,
    progress: Callable[[int], None] | None = None,
) -> Prepared:
    """Check every row and resolve emails to user ids, in bulk; nothing is written."""
    rows, bad, duplicates = parse_table(table, defaults)
    errors, unresolved = list(bad), []
    resolved: list[RosterRow] = [row for row in rows if not row.email]
    for platform in ("slack", "teams"):
        wanted = [row for row in rows if row.email and row.platform == platform]
        if not wanted:
            continue
        directory = (directories or {}).get(platform)
        if directory is None:
            unresolved += [RowProblem(row.row, NOT_CONFIGURED[platform]) for row in wanted]
            continue
        try:
            found = await directory.find_emails({row.email for row in wanted})
        except DirectoryError as exc:
            unresolved += [RowProblem(r.row, f"email look-up failed ({exc})") for r in wanted]
            continue
        for row in wanted:
            entry = found.get(row.email)
            if entry is None:
                errors.append(RowProblem(row.row, NOT_FOUND[platform]))
            else:
                resolved.append(
                    replace(row, workspace=entry.workspace, user_id=entry.user_id, email="")
                )
        if progress:
            progress(len(wanted))
    resolved.sort(key=lambda row: row.row)
    kept = _check_people(resolved, errors, duplicates)
    total = len(rows) + len(bad) + len(duplicates)
    return Prepared(kept, total, duplicates, errors, unresolved)


def _check_people(
    rows: list[RosterRow], errors: list[RowProblem], duplicates: list[RowProblem]
) -> list[RosterRow]:
    """Drop rows that repeat a person (an email and a user id that are one member) and rows
    whose member number disagrees with another row's."""
    kept: list[RosterRow] = []
    seen: set[tuple[Identity, str]] = set()
    number_of: dict[Identity, tuple[str, int]] = {}
    owner_of: dict[str, tuple[Identity, int]] = {}
    for row in rows:
        who = (row.platform, row.workspace, row.user_id)
        if (who, row.cohort) in seen:
            duplicates.append(RowProblem(row.row, "duplicate of an earlier row"))
            continue
        if row.member_number:
            known = number_of.get(who)
            if known and known[0] != row.member_number:
                errors.append(RowProblem(row.row, f"another member number on row {known[1]}"))
                continue
            owner = owner_of.get(row.member_number)
            if owner and owner[0] != who:
                errors.append(RowProblem(row.row, f"the member number is also on row {owner[1]}"))
                continue
            number_of[who] = (row.member_number, row.row)
            owner_of[row.member_number] = (who, row.row)
        seen.add((who, row.cohort))
        kept.append(row)
    return kept
