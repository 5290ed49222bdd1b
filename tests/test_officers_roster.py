"""Roster import: good, bad and duplicate rows; idempotent; emails resolved, never stored."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bench.roster_csv import BAD, bad_row_numbers, rows
from bot.channels.slack.directory import SlackDirectory
from bot.config import ROOT
from bot.core.officers.roles import NotAllowed, Scope, operator_scope
from bot.core.officers.roster import ImportResult, import_roster
from bot.core.officers.roster_file import Defaults, parse_csv
from bot.core.officers.roster_prepare import Directory, prepare
from bot.storage.models import Base, Learner, Membership
from tests.officers_helpers import NOW, add_cohort, add_member, scope
from tests.slack_fake import BOT_TOKEN, TEAM, FakeSlack

DEFAULTS = Defaults(workspace="T0TEST")
CSV = """user_id,email,cohort,role,locale,timezone
U0000001,,tokyo,officer,ja,Asia/Tokyo
U0000002,,tokyo,member,en,Europe/London
U0000003,,tokyo,,,
U0000002,,tokyo,member,en,Europe/London
bad-id,,tokyo,member,ja,Asia/Tokyo
U0000004,,osaka,chief,ja,Asia/Tokyo
U0000005,,osaka,member,ja,Nowhere/Town
U0000006,,osaka,member,de,Asia/Tokyo
U0000002,,osaka,member,en,Europe/London
U0000003,,tokyo,officer,ja,Asia/Tokyo
"""


async def run_import(
    sessions: async_sessionmaker[AsyncSession],
    actor: Scope,
    org: str,
    lines: list[str],
    defaults: Defaults = DEFAULTS,
    directories: dict[str, Directory] | None = None,
    **options: bool,
) -> ImportResult:
    """Read, check and resolve CSV lines, then import them (creating the organisation)."""
    prepared = await prepare(list(csv.reader(lines)), defaults, directories)
    options.setdefault("create_organisation", True)
    return await import_roster(sessions, actor, org, prepared, defaults, NOW, **options)


async def count(sessions: async_sessionmaker[AsyncSession], model: type[Base]) -> int:
    """Count the rows of a table."""
    async with sessions() as session:
        return int(await session.scalar(select(func.count()).select_from(model)) or 0)


def test_bad_and_duplicate_rows_are_reported_by_row_number_with_a_reason() -> None:
    good, bad, duplicates = parse_csv(CSV.splitlines(), DEFAULTS)
    assert [r.row for r in good] == [2, 3, 4, 10]
    assert [(p.row, p.reason) for p in duplicates] == [(5, "duplicate of row 3")]
    reasons = {p.row: p.reason for p in bad}
    assert sorted(reasons) == [6, 7, 8, 9, 11]
    assert "Slack user id" in reasons[6]
    assert "role must be" in reasons[7]
    assert "time zone" in reasons[8]
    assert "locale must be" in reasons[9]
    assert reasons[11] == "conflicts with row 4"
    defaulted = good[2]
    assert (defaulted.role, defaulted.locale, defaulted.timezone) == ("member", "ja", "Asia/Tokyo")


def test_a_file_without_the_needed_columns_is_one_clear_error() -> None:
    good, bad, _ = parse_csv(["name,team", "Aiko,x"], DEFAULTS)
    assert good == [] and bad[0].row == 1 and "cohort" in bad[0].reason


async def test_good_rows_import_and_a_second_run_changes_nothing(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    first = await run_import(sessions, operator_scope(), "union-a", CSV.splitlines())
    assert (first.learners_created, first.memberships_added, first.imported) == (3, 4, 4)
    assert len(first.errors) == 5 and len(first.duplicates) == 1
    assert await count(sessions, Learner) == 3 and await count(sessions, Membership) == 4
    second = await run_import(sessions, operator_scope(), "union-a", CSV.splitlines())
    assert second.changed == 0 and second.unchanged == 4 and second.imported == 4
    assert await count(sessions, Learner) == 3 and await count(sessions, Membership) == 4
    async with sessions() as session:
        learner = await session.scalar(
            select(Learner).where(Learner.platform_user_id == "U0000002")
        )
        assert learner is not None
        assert (learner.locale, learner.timezone, learner.status) == ("en", "Europe/London", "new")


async def test_a_changed_role_is_an_update_and_a_members_own_settings_are_kept(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    await run_import(sessions, operator_scope(), "u", ["user_id,cohort", "U0000001,c"])
    again = await run_import(
        sessions, operator_scope(), "u", ["user_id,cohort,role,locale", "U0000001,c,officer,en"]
    )
    assert again.updated == 1 and again.changed == 1
    async with sessions() as session:
        assert await session.scalar(select(Membership.role)) == "officer"
        assert await session.scalar(select(Learner.locale)) == "ja"  # not the roster's to change


async def test_emails_without_a_slack_token_are_reported_not_dropped(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    lines = ["email,cohort", "aiko@example.org,c", ",c"]  # the second row has neither
    result = await run_import(sessions, operator_scope(), "u", lines)
    assert [(p.row, "SLACK_BOT_TOKEN" in p.reason) for p in result.unresolved] == [(2, True)]
    assert [p.row for p in result.errors] == [3]
    assert await count(sessions, Learner) == 0


class DirectorySlack(FakeSlack):
    """The fake Slack API, with users.lookupByEmail answering from a small directory."""

    people: dict[str, str] = {"aiko@example.org": "U0AIKO", "ben@example.org": "U0BEN"}  # noqa: RUF012

    def _answer(self, method: str, args: dict[str, Any]) -> dict[str, Any]:
        if method == "users.lookupByEmail":
            user = self.people.get(str(args.get("email")))
            if user is None:
                return {"ok": False, "error": "users_not_found"}
            return {"ok": True, "user": {"id": user, "team_id": TEAM}}
        return super()._answer(method, args)


@pytest.fixture
async def slack() -> AsyncIterator[DirectorySlack]:
    """A running fake Slack Web API."""
    fake = DirectorySlack()
    await fake.start()
    yield fake
    await fake.stop()


async def test_emails_are_resolved_with_users_lookup_by_email_and_never_stored(
    sessions: async_sessionmaker[AsyncSession], slack: DirectorySlack
) -> None:
    directory = SlackDirectory(BOT_TOKEN, slack.url)
    lines = [
        "email,cohort,locale",
        "Aiko@Example.org,c,en",
        "ben@example.org,c,",
        "zed@example.org,c,",
    ]
    result = await run_import(
        sessions, operator_scope(), "u", lines, Defaults(), {"slack": directory}
    )
    assert result.memberships_added == 2
    assert [(p.row, p.reason) for p in result.errors] == [(4, "no Slack user has this email")]
    assert [c.args["email"] for c in slack.of("users.lookupByEmail")] == [
        "aiko@example.org",
        "ben@example.org",
        "zed@example.org",
    ]
    assert {c.token for c in slack.of("users.lookupByEmail")} == {BOT_TOKEN}
    async with sessions() as session:
        found = {(x.workspace, x.platform_user_id) for x in await session.scalars(select(Learner))}
        assert found == {(TEAM, "U0AIKO"), (TEAM, "U0BEN")}
        for table in Base.metadata.sorted_tables:
            for row in await session.execute(select(table)):
                assert "example.org" not in " ".join(str(v) for v in row).lower(), table.name


async def test_an_officer_imports_only_into_their_own_organisation(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    officer = await add_member(
        sessions, await add_cohort(sessions, "union-b", "b"), "UOFF", role="officer"
    )
    await add_cohort(sessions, "union-a", "a")
    with pytest.raises(NotAllowed):
        await run_import(
            sessions, await scope(sessions, officer), "union-a", ["user_id,cohort", "U0000001,a"]
        )
    ok = await run_import(
        sessions, await scope(sessions, officer), "union-b", ["user_id,cohort", "U0000001,b"]
    )
    assert ok.memberships_added == 1


async def test_an_officer_grants_at_most_their_own_scope(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    """An officer's file may not make anyone an admin, nor an officer or member of a cohort
    the officer does not run; those rows are refused with a reason, the rest import."""
    officer = await add_member(
        sessions, await add_cohort(sessions, "union", "mine"), "UOFF", role="officer"
    )
    await add_cohort(sessions, "union", "theirs")
    lines = [
        "user_id,cohort,role",
        "U0000001,mine,member",
        "U0000002,mine,officer",
        "U0000003,mine,admin",
        "U0000004,theirs,officer",
        "U0000005,theirs,member",
    ]
    result = await run_import(sessions, await scope(sessions, officer), "union", lines)
    assert result.memberships_added == 2
    assert {(p.row, p.reason) for p in result.errors} == {
        (4, "only a federation admin may make someone an admin"),
        (5, "you may enrol members only in cohorts you are an officer of"),
        (6, "you may enrol members only in cohorts you are an officer of"),
    }
    async with sessions() as session:
        roles = set(await session.scalars(select(Membership.role)))
    assert "admin" not in roles


def test_the_generated_acceptance_file_has_its_bad_rows_where_it_says() -> None:
    data = rows(1000, 10)
    assert len(data) == 1010
    assert len(bad_row_numbers(1000, 10)) == 10
    assert sum(1 for row in data if row in [b[0] for b in BAD]) == 10


def test_the_cli_imports_1000_rows_reports_10_by_number_and_is_idempotent(tmp_path: Path) -> None:
    roster = tmp_path / "roster.csv"
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "DATABASE_URL"))},
        "DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'cli.db'}",
    }
    subprocess.run(
        [sys.executable, "-m", "bench.roster_csv", "--out", str(roster)], cwd=ROOT, check=True
    )
    manabi = [sys.executable, "-m", "bot"]
    command = [*manabi, "roster", "import", str(roster), "--org", "union-a"]
    asked = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    assert asked.returncode == 1 and "Run again with --yes" in asked.stderr  # a new organisation
    orgs = subprocess.run([*manabi, "orgs"], cwd=ROOT, env=env, capture_output=True, text=True)
    assert orgs.stdout == "no organisations yet\n"  # asking created nothing
    dry = subprocess.run([*command, "--dry-run"], cwd=ROOT, env=env, capture_output=True, text=True)
    assert dry.stdout.startswith("dry run, nothing written: 1010 rows: 1000 imported (1000 new")
    command.append("--yes")
    first = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    assert first.returncode == 1, first.stderr  # some rows were bad
    assert first.stdout.startswith(
        "1010 rows: 1000 imported (1000 new members, 1000 new memberships"
    )
    assert "organisation union-a created" in first.stdout
    reported = [
        int(line.split(":")[0].removeprefix("row "))
        for line in first.stdout.splitlines()
        if line.startswith("row ")
    ]
    assert reported == bad_row_numbers(1000, 10)
    assert "importing" in first.stderr  # the progress bar
    second = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    assert "1000 imported (0 new members, 0 new memberships, 0 updated, 1000 unchanged)" in (
        second.stdout
    )
    orgs = subprocess.run([*manabi, "orgs"], cwd=ROOT, env=env, capture_output=True, text=True)
    assert orgs.stdout.splitlines()[:3] == ["union-a: 1000 member(s)", "  c1: 100", "  c10: 100"]


async def test_no_email_column_exists_anywhere_in_the_schema(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    async with sessions() as session:
        await session.execute(text("SELECT 1"))
    columns = {c.name for t in Base.metadata.sorted_tables for c in t.columns}
    assert not {name for name in columns if "email" in name}
