"""Reading a roster table: columns (Japanese or English), values normalised (full-width,
case), defaults, and each row checked with a reason when bad."""

from __future__ import annotations

import csv
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

EMAIL = re.compile(r"^[^@\s,;]+@[^@\s,;]+\.[^@\s,;]+$")
SLACK_USER = re.compile(r"^[UW][A-Z0-9]{2,}$")
MEMBER_NUMBER = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._/-]{0,31}$")
ROLE_WORDS = {
    "member": "member",
    "組合員": "member",
    "メンバー": "member",
    "一般": "member",
    "officer": "officer",
    "担当者": "officer",
    "役員": "officer",
    "admin": "admin",
    "管理者": "admin",
}
LOCALE_WORDS = {
    "ja": "ja",
    "jp": "ja",
    "japanese": "ja",
    "日本語": "ja",
    "en": "en",
    "english": "en",
    "英語": "en",
}
# Each column and the headers that name it, Japanese and English; compared after `header_key`.
COLUMN_ALIASES = {
    "email": ("email", "e-mail", "mail", "mail_address", "メール", "メールアドレス", "eメール"),
    "user_id": (
        "user_id",
        "slack_user_id",
        "slack_id",
        "teams_user_id",
        "platform_user_id",
        "ユーザーid",
        "ユーザid",
    ),
    "cohort": ("cohort", "branch", "group", "所属支部", "支部", "所属", "コホート", "グループ"),
    "role": ("role", "役割", "権限"),
    "locale": ("locale", "language", "lang", "言語"),
    "timezone": ("timezone", "time_zone", "tz", "タイムゾーン"),
    "workspace": ("workspace", "team_id", "tenant_id", "ワークスペース", "テナント"),
    "platform": ("platform", "プラットフォーム"),
    "member_number": (
        "member_number",
        "member_no",
        "member_id",
        "組合員番号",
        "組合員no",
        "会員番号",
    ),
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
    member_number: str = ""  # the union's own number, when the file has one


@dataclass(frozen=True)
class RowProblem:
    """Why a row was not imported: `row` is its number as the spreadsheet shows it (the header
    is row 1), `reason` what an officer fixes in it."""

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


def normalise(text: str) -> str:
    """Full-width letters, digits and signs as their ASCII forms (ＵＯ１ → U01), trimmed."""
    return unicodedata.normalize("NFKC", text).strip()


def header_key(text: str) -> str:
    """A header as compared with the aliases: normalised, lower case, no spaces or separators."""
    return re.sub(r"[\s_\-・]", "", normalise(text).lstrip("\ufeff").lower())


ALIAS_KEYS = {header_key(a): name for name, aliases in COLUMN_ALIASES.items() for a in aliases}


def parse_csv(
    lines: Iterable[str], defaults: Defaults
) -> tuple[list[RosterRow], list[RowProblem], list[RowProblem]]:
    """Read a roster CSV's lines; return (valid rows, bad rows, duplicate rows)."""
    return parse_table(list(csv.reader(lines)), defaults)


def columns_of(header: list[str]) -> dict[str, int]:
    """Map each known column (by any alias) to its index; unknown columns (names) are ignored."""
    columns: dict[str, int] = {}
    for index, title in enumerate(header):
        name = ALIAS_KEYS.get(header_key(title))
        if name is not None and name not in columns:
            columns[name] = index
    return columns


def parse_table(
    table: list[list[str]], defaults: Defaults
) -> tuple[list[RosterRow], list[RowProblem], list[RowProblem]]:
    """Check a roster's rows (header first); return (valid rows, bad rows, duplicate rows)."""
    columns = columns_of(table[0] if table else [])
    if "cohort" not in columns or not ({"email", "user_id"} & columns.keys()):
        return [], [RowProblem(1, MISSING_COLUMNS)], []
    rows: list[RosterRow] = []
    bad: list[RowProblem] = []
    duplicates: list[RowProblem] = []
    seen: dict[tuple[str, ...], RosterRow] = {}
    for number, raw in enumerate(table[1:], start=2):
        cells = [normalise(cell) for cell in raw]
        if not any(cells):
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


MISSING_COLUMNS = (
    "the header needs a cohort column (所属支部) and email (メール) or user_id (ユーザーID)"
)


@cache
def _zones() -> dict[str, str]:
    """IANA zone names by their lower-case form, so asia/tokyo is Asia/Tokyo."""
    return {name.lower(): name for name in available_timezones()}


def _zone(text: str) -> str:
    zone = _zones().get(text.lower(), text)
    try:
        ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError("the time zone is not an IANA zone like Asia/Tokyo") from None
    return zone


def _key(row: RosterRow) -> tuple[str, ...]:
    who = row.email if not row.user_id else f"{row.platform}:{row.workspace}:{row.user_id}"
    return (who, row.cohort)


def _row(number: int, cells: list[str], columns: dict[str, int], defaults: Defaults) -> RosterRow:
    def cell(name: str) -> str:
        index = columns.get(name)
        return cells[index] if index is not None and index < len(cells) else ""

    platform = (cell("platform") or defaults.platform).lower()
    if platform not in ("slack", "teams"):
        raise ValueError(f"platform must be slack or teams, not {platform!r}")
    email, user_id = cell("email").lower(), cell("user_id")
    # Slack ids are upper case; Teams (Entra) object ids are GUIDs, written in lower case.
    user_id = user_id.upper() if platform == "slack" else user_id.lower()
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
    locale_word = (cell("locale") or defaults.locale).lower()
    locale = LOCALE_WORDS.get(locale_word) or LOCALE_WORDS.get(re.split(r"[-_]", locale_word)[0])
    if locale is None:
        raise ValueError("locale must be ja or en")
    zone = _zone(cell("timezone") or defaults.timezone)
    member_number = cell("member_number")
    if member_number and not MEMBER_NUMBER.match(member_number):
        raise ValueError("the member number should be letters and digits, up to 32")
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
        member_number=member_number,
    )
