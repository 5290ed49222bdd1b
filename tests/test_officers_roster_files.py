"""Roster files as unions keep them: CP932 CSV, UTF-16 text and .xlsx with Japanese headers and
full-width values; member numbers; dry runs, new organisations, leavers; bulk email look-ups
(Slack users.list, Microsoft Graph) against local fakes."""

from __future__ import annotations

import asyncio
import csv
import json
import os
import sys
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bench.roster import email_of, japanese_files, japanese_rows
from bot.channels.slack.directory import SlackDirectory
from bot.channels.teams.directory import GraphDirectory
from bot.config import ROOT
from bot.content.model import Curriculum
from bot.core.officers.compliance import export_records
from bot.core.officers.roles import operator_scope
from bot.core.officers.roster import ImportResult, MustFixFirst, UnknownOrganisation, import_roster
from bot.core.officers.roster_file import Defaults, parse_table
from bot.core.officers.roster_prepare import Directory, prepare
from bot.core.officers.roster_read import UnreadableFile, read_table, template
from bot.core.officers.spreadsheet import as_json
from bot.storage.models import Base, Cohort, Learner, LessonDelivery, Membership, Organisation
from tests.officers_helpers import NOW
from tests.slack_fake import BOT_TOKEN, TEAM, FakeSlack

TENANT = "tenant-0001"


class ListingSlack(FakeSlack):
    """The fake Slack API with a directory: users.list in pages, users.lookupByEmail."""

    people: dict[str, str] = {}  # noqa: RUF012  (email → user id; set per test)
    page: int = 60  # at most this many members a page, whatever the client asks

    def _answer(self, method: str, args: dict[str, Any]) -> dict[str, Any]:
        members = [
            {"id": uid, "team_id": TEAM, "profile": {"email": email}}
            for email, uid in sorted(self.people.items())
        ] + [{"id": "UBOT", "team_id": TEAM, "is_bot": True, "profile": {"email": "b@x.jp"}}]
        if method == "users.list":
            start = int(args.get("cursor") or 0)
            size = min(int(args.get("limit") or 100), self.page)
            end = start + size
            more = {"next_cursor": str(end) if end < len(members) else ""}
            return {"ok": True, "members": members[start:end], "response_metadata": more}
        if method == "users.lookupByEmail":
            uid = self.people.get(str(args.get("email")))
            if uid is None:
                return {"ok": False, "error": "users_not_found"}
            return {"ok": True, "user": {"id": uid, "team_id": TEAM}}
        return super()._answer(method, args)


@pytest.fixture
async def slack() -> AsyncIterator[ListingSlack]:
    """A running fake Slack Web API whose directory has the bench roster's email members."""
    fake = ListingSlack()
    fake.people = {email_of(n): f"U{n:08d}" for n in range(10, 1001, 10)}
    await fake.start()
    yield fake
    await fake.stop()


async def run_import(
    sessions: async_sessionmaker[AsyncSession],
    table: list[list[str]],
    org: str = "union-a",
    directories: dict[str, Directory] | None = None,
    **options: bool,
) -> ImportResult:
    """Check, resolve and import a table with the operator's scope."""
    defaults = Defaults(workspace=TEAM)
    prepared = await prepare(table, defaults, directories)
    return await import_roster(sessions, operator_scope(), org, prepared, defaults, NOW, **options)


def lines(text: str) -> list[list[str]]:
    """A CSV text as rows of cells."""
    return list(csv.reader(text.strip().splitlines()))


async def everything(sessions: async_sessionmaker[AsyncSession]) -> str:
    """Every value of every table, as one string (to look for names and emails)."""
    async with sessions() as session:
        out = []
        for table in Base.metadata.sorted_tables:
            out += [" ".join(map(str, row)) for row in await session.execute(select(table))]
        return "\n".join(out)


async def test_cp932_utf16_and_xlsx_rosters_import_the_same_1000_members(
    sessions: async_sessionmaker[AsyncSession], slack: ListingSlack
) -> None:
    files = japanese_files(japanese_rows(1000))
    assert files["名簿.csv"].decode("cp932").startswith("組合員番号,氏名,メール")
    directory = SlackDirectory(BOT_TOKEN, slack.url)
    tables = {name: read_table(data) for name, data in files.items()}
    prepared = [
        await prepare(t, Defaults(workspace=TEAM), {"slack": directory}) for t in tables.values()
    ]
    assert prepared[0].rows == prepared[1].rows == prepared[2].rows
    assert not prepared[0].errors and len(prepared[0].rows) == 1000
    results = [
        await run_import(sessions, t, directories={"slack": directory}, create_organisation=True)
        for t in tables.values()
    ]
    assert (results[0].learners_created, results[0].memberships_added) == (1000, 1000)
    assert not results[0].errors and not results[0].unresolved
    assert [(r.changed, r.unchanged) for r in results[1:]] == [(0, 1000), (0, 1000)]
    # 100 emails, looked up in bulk: users.list page by page, never one call per email
    assert slack.of("users.lookupByEmail") == []
    cursors = [c.args.get("cursor") for c in slack.of("users.list")]
    assert cursors == [None, "60"] * 6  # each look-up: 101 members in two pages of 60
    async with sessions() as session:
        learners = {x.platform_user_id: x for x in await session.scalars(select(Learner))}
        roles = dict((await session.execute(select(Membership.role, Membership.id))).all())
    assert len(learners) == 1000 and "U00000010" in learners  # an email row, resolved
    first, fourth = learners["U00000001"], learners["U00000004"]
    assert (first.member_number, first.locale, first.timezone) == ("000001", "ja", "Asia/Tokyo")
    assert (fourth.member_number, fourth.locale) == ("000004", "en")
    assert "officer" in roles and "member" in roles
    stored = await everything(sessions)
    assert "山田" not in stored and "example.jp" not in stored.lower()  # names, emails: never


def test_full_width_and_cased_values_and_japanese_headers_are_understood() -> None:
    table = lines(
        """
ＵＳＥＲ＿ＩＤ,Ｅメール,所属支部,役割,言語,タイムゾーン,組合員番号,氏名
,ｉｃｈｉｒｏ＠ＥＸＡＭＰＬＥ．ｏｒｇ,東京,役員,日本語,asia/tokyo,０１２３,鈴木一郎
ｕ０１ａｂｃ,,東京,組合員,en-US,ASIA/TOKYO,,
Ｕ０２,,第１支部,,English,europe/london,,
"""
    )
    good, bad, _ = parse_table(table, Defaults(workspace=TEAM))
    assert bad == []
    by_email, slack_id, third = good
    assert (by_email.email, by_email.role, by_email.locale) == (
        "ichiro@example.org",
        "officer",
        "ja",
    )
    assert (by_email.timezone, by_email.member_number) == ("Asia/Tokyo", "0123")
    assert (slack_id.user_id, slack_id.locale, slack_id.timezone) == ("U01ABC", "en", "Asia/Tokyo")
    assert (third.cohort, third.locale, third.timezone) == ("第1支部", "en", "Europe/London")


def test_unreadable_files_are_one_bilingual_line_and_templates_read_back() -> None:
    for data in (b"\xd0\xcf\x11\xe0" + bytes(range(256)) * 4, b"\x81\x00\xff\xfe" * 10):
        with pytest.raises(UnreadableFile) as caught:
            read_table(data)
        assert "読めません" in str(caught.value) and "Cannot read this file" in str(caught.value)
    with pytest.raises(UnreadableFile):
        read_table(b"PK\x03\x04 not really a workbook")
    csv_ja = template("ja", "csv")
    assert csv_ja.startswith(b"\xef\xbb\xbf") and "所属支部" in csv_ja.decode("utf-8-sig")
    for lang in ("ja", "en"):
        for file_format in ("csv", "xlsx"):
            header = read_table(template(lang, file_format))[0]
            _, bad, _ = parse_table([header, ["U01", "", "U01", "c"]], Defaults(workspace=TEAM))
            assert bad == [], (lang, file_format)


async def test_member_numbers_are_kept_updated_and_must_not_disagree(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    await run_import(
        sessions,
        lines("組合員番号,ユーザーID,支部\n100,U01,a\n200,U02,a"),
        create_organisation=True,
    )
    again = await run_import(sessions, lines("組合員番号,ユーザーID,支部\n101,U01,a\n200,U02,a"))
    assert (again.updated, again.unchanged) == (1, 1)
    clash = await run_import(
        sessions, lines("組合員番号,ユーザーID,支部\n300,U03,a\n300,U04,a\n301,U03,b")
    )
    assert [(p.row, p.reason) for p in clash.errors] == [
        (3, "the member number is also on row 2"),
        (4, "another member number on row 2"),
    ]
    async with sessions() as session:
        numbers = dict(
            (await session.execute(select(Learner.platform_user_id, Learner.member_number))).all()
        )
    assert numbers == {"U01": "101", "U02": "200", "U03": "300"}


async def test_a_dry_run_writes_nothing_and_a_new_organisation_needs_saying_so(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    table = lines("user_id,cohort\nU01,a\nU02,b")
    with pytest.raises(UnknownOrganisation):
        await run_import(sessions, table, "unoin-a")  # a typo: refused, nothing created
    dry = await run_import(sessions, table, dry_run=True, create_organisation=True)
    assert dry.organisation_created and dry.learners_created == 2 and dry.memberships_added == 2
    bad_only = await run_import(
        sessions, lines("user_id,cohort\nnope,a"), "typo", create_organisation=True
    )
    assert len(bad_only.errors) == 1 and not bad_only.organisation_created
    async with sessions() as session:
        for model in (Organisation, Cohort, Learner, Membership):
            assert (await session.scalars(select(model))).all() == [], model.__name__


async def test_members_not_on_the_file_are_removed_only_when_asked_and_the_file_is_clean(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    full = lines("組合員番号,ユーザーID,支部\n1,U01,a\n2,U02,a\n3,U03,a\n3,U03,b")
    await run_import(sessions, full, create_organisation=True)
    async with sessions.begin() as session:  # U02 has started learning; U03 never did
        learner = await session.scalar(select(Learner).where(Learner.platform_user_id == "U02"))
        assert learner is not None
        learner.status = "active"
    left = lines("組合員番号,ユーザーID,支部\n1,U01,a\n3,U03,b")
    kept = await run_import(sessions, left)
    assert kept.memberships_removed == 0 and kept.unchanged == 2  # not asked: nobody removed
    with pytest.raises(MustFixFirst):
        await run_import(sessions, [*left, ["x", "bad id", "a"]], remove_missing=True)
    dry = await run_import(
        sessions, lines("組合員番号,ユーザーID,支部\n1,U01,a"), remove_missing=True, dry_run=True
    )
    assert (dry.memberships_removed, dry.learners_deleted, dry.learners_detached) == (3, 1, 1)
    done = await run_import(
        sessions, lines("組合員番号,ユーザーID,支部\n1,U01,a"), remove_missing=True
    )
    assert (done.memberships_removed, done.learners_deleted, done.learners_detached) == (3, 1, 1)
    async with sessions() as session:
        learners = {x.platform_user_id: x for x in await session.scalars(select(Learner))}
        assert len((await session.scalars(select(Membership))).all()) == 1
    assert set(learners) == {"U01", "U02"}  # U03 never started: nothing of theirs to keep
    assert (learners["U02"].organisation_id, learners["U02"].member_number) == (None, None)
    assert learners["U02"].status == "active"  # their own learning goes on


async def test_only_the_slack_bot_token_is_needed_to_import_emails(
    tmp_path: Path, slack: ListingSlack
) -> None:
    roster = tmp_path / "名簿.csv"
    roster.write_bytes(
        "メール,所属支部\nＭＥＭＢＥＲ００００１０＠ＥＸＡＭＰＬＥ．ＪＰ,東京\n".encode("cp932")
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "DATABASE_URL"))}
    env |= {
        "DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'cli.db'}",
        "SLACK_BOT_TOKEN": BOT_TOKEN,
        "SLACK_API_URL": slack.url,
    }
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "roster",
        "import",
        str(roster),
        "--org",
        "u",
        "--yes",
        cwd=ROOT,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await process.communicate()
    assert process.returncode == 0, err.decode()
    assert out.decode().startswith("1 rows: 1 imported (1 new members")
    assert [c.args["email"] for c in slack.of("users.lookupByEmail")] == [email_of(10)]


def test_the_cli_refuses_an_unreadable_file_in_one_line(tmp_path: Path) -> None:
    import subprocess

    old = tmp_path / "名簿.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512))
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "DATABASE_URL"))}
    env["DATABASE_URL"] = f"sqlite+aiosqlite:///{tmp_path / 'cli.db'}"
    command = [sys.executable, "-m", "bot", "roster", "import", str(old), "--org", "u"]
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1 and "読めません" in done.stderr


class FakeGraph:
    """Microsoft Graph and its token endpoint, on a loopback port."""

    def __init__(self, users: list[dict[str, str]], page: int = 2) -> None:
        self.users, self.page = users, page
        self.requests: list[tuple[str, str]] = []  # (path, Authorization)
        self.throttle_once = True
        self.port = 0
        self._runner: web.AppRunner | None = None

    async def start(self) -> None:
        """Listen on an ephemeral loopback port."""
        app = web.Application()
        app.router.add_post("/login/{tenant}/oauth2/v2.0/token", self._token)
        app.router.add_get("/v1.0/users", self._users)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", 0).start()
        self.port = self._runner.addresses[0][1]

    async def stop(self) -> None:
        """Stop listening."""
        if self._runner is not None:
            await self._runner.cleanup()

    async def _token(self, request: web.Request) -> web.Response:
        form = await request.post()
        if form.get("client_secret") != "s3cret" or form.get("grant_type") != "client_credentials":
            return web.json_response({"error": "invalid_client"}, status=401)
        assert form.get("scope") == "https://graph.microsoft.com/.default"
        return web.json_response({"access_token": "graph-token", "expires_in": 3599})

    async def _users(self, request: web.Request) -> web.Response:
        self.requests.append((request.path_qs, request.headers.get("Authorization", "")))
        if self.throttle_once:
            self.throttle_once = False
            return web.json_response({}, status=429, headers={"Retry-After": "0"})
        start = int(request.query.get("$skiptoken") or 0)
        body: dict[str, Any] = {"value": self.users[start : start + self.page]}
        if start + self.page < len(self.users):
            body["@odata.nextLink"] = (
                f"http://127.0.0.1:{self.port}/v1.0/users?$skiptoken={start + self.page}"
            )
        return web.json_response(body)


async def test_teams_emails_are_resolved_through_microsoft_graph(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    graph = FakeGraph(
        [
            {"id": "AAAA-1", "mail": "Aiko@Example.jp", "userPrincipalName": "aiko@corp.jp"},
            {"id": "BBBB-2", "mail": None, "userPrincipalName": "ben@example.jp"},
            {"id": "CCCC-3", "mail": "cho@example.jp", "userPrincipalName": "cho@corp.jp"},
        ]
    )
    await graph.start()
    try:
        base = f"http://127.0.0.1:{graph.port}"
        directory = GraphDirectory(TENANT, "app-id", "s3cret", f"{base}/v1.0", f"{base}/login")
        table = lines(
            "platform,メール,支部\nteams,ａｉｋｏ＠ｅｘａｍｐｌｅ．ｊｐ,a\nteams,ben@example.jp,a\n"
            "teams,zed@example.jp,a"
        )
        result = await run_import(
            sessions, table, directories={"teams": directory}, create_organisation=True
        )
        wrong = GraphDirectory(TENANT, "app-id", "nope", f"{base}/v1.0", f"{base}/login")
        refused = await prepare(table, Defaults(), {"teams": wrong})
    finally:
        await graph.stop()
    assert "s3cret" not in repr(directory)  # the app's secret never shows in a repr or a log
    assert result.learners_created == 2
    assert [(p.row, p.reason) for p in result.errors] == [
        (4, "no Microsoft 365 user has this email")
    ]
    assert [p.reason for p in refused.unresolved] == [
        "email look-up failed (token_invalid_client)"
    ] * 3
    assert len(graph.requests) == 3  # throttled once, then two pages
    assert {auth for _, auth in graph.requests} == {"Bearer graph-token"}
    assert "$select=id,mail,userPrincipalName" in graph.requests[0][0]
    async with sessions() as session:
        found = {
            (x.platform, x.workspace, x.platform_user_id)
            for x in await session.scalars(select(Learner))
        }
    assert found == {("teams", TENANT, "aaaa-1"), ("teams", TENANT, "bbbb-2")}


async def test_the_compliance_export_carries_the_unions_member_number(
    sessions: async_sessionmaker[AsyncSession], curriculum: Curriculum
) -> None:
    table = lines("組合員番号,ユーザーID,支部\nＡ－０１２３,U01,a\n,U02,a")
    await run_import(sessions, table, "union", create_organisation=True)
    lesson_id = curriculum.lessons[0].id
    async with sessions.begin() as session:
        for learner in await session.scalars(select(Learner)):
            session.add(
                LessonDelivery(
                    learner_id=learner.id,
                    lesson_id=lesson_id,
                    local_date=NOW.date(),
                    state="completed",
                    created_at=NOW,
                    completed_at=NOW,
                )
            )
    exported = await export_records(sessions, operator_scope(), "union", curriculum)
    rows = {r["user_id"]: r["member_number"] for r in json.loads(as_json(exported))}
    assert rows == {"U01": "A-0123", "U02": None}
