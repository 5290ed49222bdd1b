"""Reading a roster CSV: columns, defaults, and each row checked with a reason when bad."""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

EMAIL = re.compile(r"^[^@\s,;]+@[^@\s,;]+\.[^@\s,;]+$")
SLACK_USER = re.compile(r"^[UW][A-Z0-9]{2,}$")
ROLE_WORDS = {
    "member": "member",
    "組合員": "member",
    "メンバー": "member",
    "officer": "officer",
    "担当者": "officer",
    "役員": "officer",
    "admin": "admin",
    "管理者": "admin",
}
COLUMN_ALIASES = {
    "user_id": ("user_id", "slack_user_id", "slack_id", "teams_user_id", "platform_user_id"),
    "timezone": ("timezone", "time_zone", "tz"),
}


@dataclass(frozen=True)
class RosterRow:
    """One valid row: who (an email or a user id), which cohort, role and settings."""

    row: int  # the spreadsheet row number; the header is row 1
    platform: str
    workspace: str
    user_id: str
    email: str  # only until resolved; never stored
    cohort: str
    role: str
    locale: str
    timezone: str


@dataclass(frozen=True)
class RowProblem:
    """Why a row was not imported."""

    row: int
    reason: str


@dataclass(frozen=True)
class Defaults:
    """Values for columns a file leaves empty."""

    platform: str = "slack"
    workspace: str = ""
    locale: str = "ja"
    timezone: str = "Asia/Tokyo"
    delivery_minute: int = 510


def parse_csv(
    lines: Iterable[str], defaults: Defaults
) -> tuple[list[RosterRow], list[RowProblem], list[RowProblem]]:
    """Read a roster CSV; return (valid rows, bad rows, duplicate rows)."""
    reader = csv.reader(lines)
    header = [h.strip().lower().lstrip("\ufeff") for h in next(reader, [])]
    columns = {name: header.index(name) for name in header if name}
    for canonical, aliases in COLUMN_ALIASES.items():
        found = next((a for a in aliases if a in columns), None)
        if found is not None:
            columns[canonical] = columns[found]
    if "cohort" not in columns or not ({"email", "user_id"} & columns.keys()):
        return [], [RowProblem(1, "the header needs a cohort column and email or user_id")], []
    rows: list[RosterRow] = []
    bad: list[RowProblem] = []
    duplicates: list[RowProblem] = []
    seen: dict[tuple[str, ...], RosterRow] = {}
    for number, cells in enumerate(reader, start=2):
        if not any(cell.strip() for cell in cells):
            continue
        try:
            row = _row(number, cells, columns, defaults)
        except ValueError as exc:
            bad.append(RowProblem(number, str(exc)))
            continue
        key = _key(row)
        first = seen.get(key)
        if first is None:
            seen[key] = row
            rows.append(row)
        elif replace(first, row=number) == row:
            duplicates.append(RowProblem(number, f"duplicate of row {first.row}"))
        else:
            bad.append(RowProblem(number, f"conflicts with row {first.row}"))
    return rows, bad, duplicates


def _key(row: RosterRow) -> tuple[str, ...]:
    who = row.email if not row.user_id else f"{row.platform}:{row.workspace}:{row.user_id}"
    return (who, row.cohort)


def _row(number: int, cells: list[str], columns: dict[str, int], defaults: Defaults) -> RosterRow:
    def cell(name: str) -> str:
        index = columns.get(name)
        return cells[index].strip() if index is not None and index < len(cells) else ""

    platform = (cell("platform") or defaults.platform).lower()
    if platform not in ("slack", "teams"):
        raise ValueError(f"platform must be slack or teams, not {platform!r}")
    email, user_id = cell("email").lower(), cell("user_id")
    if not email and not user_id:
        raise ValueError("needs an email or a user id")
    if email and not EMAIL.match(email):
        raise ValueError("the email is not an email address")
    if user_id and platform == "slack" and not SLACK_USER.match(user_id):
        raise ValueError("the Slack user id should look like U0123ABCD")
    workspace = cell("workspace") or defaults.workspace
    if user_id and not workspace:
        raise ValueError("no workspace: add a workspace column or pass --workspace")
    cohort = cell("cohort")
    if not cohort or len(cohort) > 64 or any(ord(ch) < 32 for ch in cohort):
        raise ValueError("needs a cohort (up to 64 characters)")
    role_word = cell("role").lower() or "member"
    if role_word not in ROLE_WORDS:
        raise ValueError("role must be member, officer or admin")
    locale = (cell("locale") or defaults.locale).lower()[:2]
    if locale not in ("ja", "en"):
        raise ValueError("locale must be ja or en")
    zone = cell("timezone") or defaults.timezone
    try:
        ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError("the time zone is not an IANA zone like Asia/Tokyo") from None
    return RosterRow(
        row=number,
        platform=platform,
        workspace=workspace,
        user_id=user_id,
        email="" if user_id else email,
        cohort=cohort,
        role=ROLE_WORDS[role_word],
        locale=locale,
        timezone=zone,
    )
