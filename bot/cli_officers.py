"""Officer and admin commands: roster import, announce, report, digest, export, lesson feedback."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from collections.abc import Awaitable, Callable
from dataclasses import asdict
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar
from zoneinfo import ZoneInfo

from bot.config import Settings

if TYPE_CHECKING:
    from bot.app import App
    from bot.core.officers.digest import ComposedDigest
    from bot.core.officers.roles import Scope
    from bot.core.officers.roster import ImportResult
    from bot.core.officers.roster_prepare import Directory

T = TypeVar("T")
LARGE_FILE = 200  # rows; a line on standard error from here on


def _run(settings: Settings, work: Callable[..., Awaitable[T]], *args: object) -> T | int:
    """Build the app, run `work(app, *args)`, close; a refusal is one line and exit code 1."""
    from bot.app import build
    from bot.core.officers.roles import Refused

    async def run() -> T:
        app = await build(settings, channels=False)  # officer commands send nothing directly
        try:
            return await work(app, *args)
        finally:
            await app.close()

    try:
        return asyncio.run(run())
    except Refused as exc:
        print(f"manabi: {exc}", file=sys.stderr)
        return 1


async def _scope(app: App, user: str | None, locale: str = "en") -> Scope:
    from bot.core.officers.roles import operator_scope, scope_for_user
    from bot.storage.db import transaction

    if not user:
        return operator_scope(locale)
    async with transaction(app.sessions) as session:
        return await scope_for_user(session, user=user, locale=locale)


def cmd_roster_invite(args: argparse.Namespace, settings: Settings) -> int:
    """Queue Manabi's welcome, once, for imported members who have not started."""
    from bot.core.officers.invitations import invite
    from bot.storage.db import transaction

    async def work(app: App) -> str:
        scope = await _scope(app, args.as_user)
        async with transaction(app.sessions) as session:
            queued = await invite(
                session, scope, org=args.org, cohort=args.cohort, now=app.clock.now()
            )
        return f"queued {queued} invitation(s); `manabi serve` sends them through the outbox"

    done = _run(settings, work)
    if isinstance(done, int):  # refused: the reason is already printed
        return done
    print(done)
    return 0


def cmd_roster_import(args: argparse.Namespace, settings: Settings) -> int:
    """Import members from a roster file (CSV, Unicode text or .xlsx) into an organisation."""
    from bot.core.officers.roster import import_roster
    from bot.core.officers.roster_file import Defaults
    from bot.core.officers.roster_prepare import prepare
    from bot.core.officers.roster_read import UnreadableFile, read_table

    path = Path(args.file)
    if not path.is_file():
        print(f"manabi: no such file: {path}", file=sys.stderr)
        return 2
    try:
        table = read_table(path.read_bytes())
    except UnreadableFile as exc:
        print(f"manabi: {path.name}: {exc}", file=sys.stderr)
        return 2
    defaults = Defaults(
        workspace=args.workspace or "",
        locale=settings.default_locale,
        timezone=settings.default_timezone,
        delivery_minute=settings.default_delivery_minute,
    )

    async def work(app: App) -> int:
        scope = await _scope(app, args.as_user)
        if len(table) > LARGE_FILE:
            print(f"importing {len(table) - 1} rows into {args.org}…", file=sys.stderr)
        prepared = await prepare(table, defaults, _directories(settings))
        now = datetime.now(UTC)

        async def run(dry_run: bool, create: bool) -> ImportResult:
            return await import_roster(
                app.sessions,
                scope,
                args.org,
                prepared,
                defaults,
                now,
                create_organisation=create,
                remove_missing=args.remove_missing,
                dry_run=dry_run,
            )

        if args.dry_run:
            result = await run(True, True)
        else:
            preview = await run(True, True)
            if not await _confirmed(args, preview):
                print("nothing changed")
                return 1
            result = await run(False, True)
        _print_import(result, args.org)
        return 1 if result.errors or result.unresolved else 0

    return int(_run(settings, work))


def _directories(settings: Settings) -> dict[str, Directory]:
    """The email directories configured: Slack (bot token only) and Microsoft Graph."""
    directories: dict[str, Directory] = {}
    if settings.slack_bot_token is not None:
        from bot.channels.slack.directory import SlackDirectory

        token = settings.slack_bot_token.get_secret_value()
        directories["slack"] = SlackDirectory(token, settings.slack_api_url)
    app_id, password = settings.microsoft_app_id, settings.microsoft_app_password
    tenant = settings.microsoft_app_tenant_id
    if app_id and password and tenant:
        from bot.channels.teams.directory import GraphDirectory

        directories["teams"] = GraphDirectory(
            tenant,
            app_id,
            password.get_secret_value(),
            settings.graph_url,
            settings.graph_login_url,
        )
    return directories


async def _confirmed(args: argparse.Namespace, preview: ImportResult) -> bool:
    """Ask before creating an organisation or removing members (never with --yes)."""
    questions = []
    if preview.organisation_created:
        questions.append(f"organisation {args.org!r} does not exist yet. Create it?")
    if preview.memberships_removed:
        questions.append(
            f"remove {preview.memberships_removed} membership(s) not on the file? "
            f"{preview.learners_deleted} member(s) who never started are deleted; "
            f"{preview.learners_detached} who started leave {args.org} (their own lessons and "
            f"progress stay with them; their member number is forgotten; they drop out of "
            f"{args.org}'s reports, announcements and compliance export)."
        )
    if not questions or args.yes:
        return True
    if not sys.stdin.isatty():
        print("manabi: " + " ".join(questions) + " Run again with --yes.", file=sys.stderr)
        return False
    for question in questions:
        answer = await asyncio.to_thread(input, f"{question} [y/N] ")
        if answer.strip().lower() not in ("y", "yes", "はい"):
            return False
    return True


def _print_import(result: ImportResult, org: str) -> None:
    """The summary line, then each problem by row number."""
    would = "dry run, nothing written: " if result.dry_run else ""
    print(
        f"{would}{result.rows} rows: {result.imported} imported "
        f"({result.learners_created} new members, {result.memberships_added} new memberships, "
        f"{result.updated} updated, {result.unchanged} unchanged), "
        f"{len(result.duplicates)} duplicate, {len(result.errors)} bad, "
        f"{len(result.unresolved)} unresolved"
    )
    if result.memberships_removed:
        print(
            f"removed {result.memberships_removed} membership(s): {result.learners_deleted} "
            f"member(s) deleted, {result.learners_detached} left {org}"
        )
    if result.organisation_created:
        print(f"organisation {org} created")
    for problem in result.errors:
        print(f"row {problem.row}: {problem.reason}")
    for problem in result.duplicates:
        print(f"row {problem.row}: {problem.reason} (skipped)")
    for problem in result.unresolved:
        print(f"row {problem.row}: {problem.reason}")


def cmd_roster_template(args: argparse.Namespace, settings: Settings) -> int:
    """Write a blank roster (header row) to standard output, as CSV or .xlsx."""
    from bot.core.officers.roster_read import template

    if args.format == "xlsx" and sys.stdout.isatty():
        print("manabi: redirect the .xlsx to a file: … > 名簿.xlsx", file=sys.stderr)
        return 2
    sys.stdout.buffer.write(template(args.lang, args.format))
    sys.stdout.flush()
    return 0


def cmd_orgs(args: argparse.Namespace, settings: Settings) -> int:
    """List organisations and their cohorts, with member counts."""
    from bot.core.officers.roster import organisations_overview

    async def work(app: App) -> int:
        scope = await _scope(app, args.as_user)
        lines = await organisations_overview(app.sessions, scope)
        if not lines:
            print("no organisations yet")
        for org, cohort, members in lines:
            if cohort is None:
                print(f"{org}: {members} member(s)")
            else:
                print(f"  {cohort}: {members}")
        return 0

    return int(_run(settings, work))


def cmd_announce(args: argparse.Namespace, settings: Settings) -> int:
    """Preview, send or schedule an announcement; or show or cancel one."""
    from bot.core.officers.announcements import Announcements, Draft, Status

    def show(status: Status) -> None:
        print(
            f"announcement #{status.id} to {status.cohort}: {status.state}, "
            f"for {status.scheduled_for.isoformat()}; delivered {status.delivered}, "
            f"pending {status.pending}, failed {status.failed}, cancelled {status.cancelled}"
        )

    async def work(app: App) -> int:
        scope = await _scope(app, args.as_user)
        service = Announcements(app.sessions)
        now = datetime.now(UTC)
        if args.status or args.cancel:
            announcement_id = args.status or args.cancel
            action = service.cancel(scope, announcement_id, now) if args.cancel else None
            show(await (action or service.status(scope, announcement_id)))
            return 0
        if not args.org or not args.cohort:
            print("manabi: announce needs --org and --cohort", file=sys.stderr)
            return 2
        at = parse_at(args.at, settings.default_timezone) if args.at else None
        draft = Draft(args.org, args.cohort, args.ja or "", args.en or "", at)
        preview = await service.preview(scope, draft, now)
        langs = ", ".join(f"{k} {v}" for k, v in sorted(preview.by_locale.items())) or "none"
        print(f"to {preview.recipients} member(s) of {preview.cohort} ({langs})")
        if preview.enrolled > preview.recipients:
            waiting = preview.enrolled - preview.recipients
            print(f"({waiting} enrolled member(s) have not started, or stopped: they get nothing)")
        for locale, text in preview.texts.items():
            note = " (from the other language)" if locale in preview.fallback else ""
            print(f"--- {locale}{note}\n{text}")
        if args.preview:
            return 0
        show(await service.send(scope, draft, now))
        return 0

    return int(_run(settings, work))


def cmd_report(args: argparse.Namespace, settings: Settings) -> int:
    """Print per-cohort aggregates for an organisation."""
    from bot.core.officers.reports import as_csv, as_text, organisation_report

    async def work(app: App) -> int:
        scope = await _scope(app, args.as_user, args.locale)
        reports = await organisation_report(
            app.sessions,
            scope,
            args.org,
            app.curriculum,
            datetime.now(UTC),
            settings.min_group_size,
        )
        curriculum = app.curriculum
        if args.format == "csv":
            sys.stdout.write(as_csv(reports, curriculum, args.locale))
        else:
            print(as_text(reports, curriculum, args.locale).replace("**", ""))
        return 0

    return int(_run(settings, work))


def cmd_digest(args: argparse.Namespace, settings: Settings) -> int:
    """Show this week's digest as the officer gets it: the text here, the chart in a PNG file."""
    from bot.charts import MatplotlibCharts
    from bot.core.officers.desk import OfficerDesk

    async def work(app: App) -> ComposedDigest:
        scope = await _scope(app, args.as_user, args.locale or settings.default_locale)
        desk = OfficerDesk(app.sessions, app.curriculum, settings.min_group_size)
        return await desk.digest_preview(
            scope,
            MatplotlibCharts(),
            org=args.org,
            cohort=args.cohort,
            now=app.clock.now(),
            week=parse_week(args.week) if args.week else None,
            locale=args.locale,
            timezone=settings.default_timezone,
        )

    digest = _run(settings, work)
    if isinstance(digest, int):  # refused: the reason is already printed
        return digest
    print(digest.texts[digest.locale].replace("**", ""))
    if digest.png is None:
        print("no chart this week: nothing to draw, or a bar would stand on too few members")
    elif args.out:
        Path(args.out).write_bytes(digest.png)
        print(f"wrote the chart to {args.out}")
    else:
        print("there is a chart: give --out FILE.png to save it")
    return 0


def cmd_export(args: argparse.Namespace, settings: Settings) -> int:
    """Write the compliance CSV: who completed which lessons and tests, and when (admins)."""
    from bot.core.officers.compliance import export_csv

    async def work(app: App) -> str:
        scope = await _scope(app, args.as_user)
        return await export_csv(app.sessions, scope, args.org, app.curriculum)

    text = _run(settings, work)
    if isinstance(text, int):
        return text
    if args.out:
        Path(args.out).write_text(text, encoding="utf-8")
        print(f"wrote {max(text.count(chr(10)) - 1, 0)} record(s) to {args.out}")
    else:
        sys.stdout.write(text)
    return 0


def cmd_lessons_feedback(args: argparse.Namespace, settings: Settings) -> int:
    """Print each lesson's 👍/👎 counts (and anonymous comments) for lesson authors."""
    from bot.core.learning.feedback import lesson_feedback_text

    async def work(app: App) -> int:
        print(
            await lesson_feedback_text(
                app.sessions,
                app.curriculum,
                comments=args.comments,
            )
        )
        return 0

    return int(_run(settings, work))


def cmd_lessons_items(args: argparse.Namespace, settings: Settings) -> int:
    """Print each quiz item's difficulty, discrimination and option picks, for lesson authors."""
    from bot.core.officers.items import as_table, item_report

    async def work(app: App) -> int:
        min_group = settings.min_group_size
        stats = await item_report(app.sessions, app.curriculum, min_group)
        if args.json:
            print(json.dumps([asdict(s) for s in stats], ensure_ascii=False, indent=1))
        else:
            print(as_table(stats, min_group))
        return 0

    return int(_run(settings, work))


def parse_at(value: str, zone: str) -> datetime:
    """Read an `--at` time; one without a zone is taken in `zone`."""
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise SystemExit(f"--at: {value!r} is not a time like 2026-12-01T08:30") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=ZoneInfo(zone))


def parse_week(value: str) -> date:
    """Read a `--week` day (any day of the week meant)."""
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise SystemExit(f"--week: {value!r} is not a day like 2026-12-07") from None


def add_officer_commands(
    commands: argparse._SubParsersAction[argparse.ArgumentParser],
    lesson_cmds: argparse._SubParsersAction[argparse.ArgumentParser],
) -> None:
    """Register the officer and admin commands (called from cli.build_parser)."""
    actor = "act as this officer (U123 or slack:T123:U123); default: the operator, as admin"
    roster = commands.add_parser("roster", help="manage an organisation's members")
    roster_cmds = roster.add_subparsers(dest="roster_command", required=True)
    p = roster_cmds.add_parser(
        "import", help="import members from CSV, Unicode text or .xlsx (see docs/officers.md)"
    )
    p.add_argument("file")
    p.add_argument("--org", required=True, help="organisation slug (a new one: asked first)")
    p.add_argument("--workspace", help="Slack team id / Teams tenant id for rows without one")
    p.add_argument("--dry-run", action="store_true", help="show what would change; write nothing")
    p.add_argument(
        "--remove-missing",
        action="store_true",
        help="remove members of the organisation who are not on the file (asked first)",
    )
    p.add_argument("--yes", action="store_true", help="do not ask (for scripts)")
    p.add_argument("--as", dest="as_user", help=actor)
    p.set_defaults(handler=cmd_roster_import)

    p = roster_cmds.add_parser("template", help="a blank roster to fill in: … > 名簿.csv")
    p.add_argument("--lang", choices=("ja", "en"), default="ja", help="header language")
    p.add_argument("--format", choices=("csv", "xlsx"), default="csv")
    p.set_defaults(handler=cmd_roster_template)

    p = commands.add_parser("orgs", help="organisations and cohorts, with member counts")
    p.add_argument("--as", dest="as_user", help=actor)
    p.set_defaults(handler=cmd_orgs)

    p = roster_cmds.add_parser("invite", help="send Manabi's welcome to members not started yet")
    p.add_argument("--org", required=True)
    p.add_argument("--cohort", help="one cohort (default: every cohort you are officer of)")
    p.add_argument("--as", dest="as_user", help=actor)
    p.set_defaults(handler=cmd_roster_invite)

    p = commands.add_parser("announce", help="send or schedule an announcement to a cohort")
    p.add_argument("--org")
    p.add_argument("--cohort")
    p.add_argument("--ja", help="the text in Japanese")
    p.add_argument("--en", help="the text in English")
    p.add_argument("--at", help="send at this time, e.g. 2026-12-01T09:00 (default: now)")
    p.add_argument("--preview", action="store_true", help="show what members get; send nothing")
    p.add_argument("--status", type=int, metavar="ID", help="show an announcement's counts")
    p.add_argument("--cancel", type=int, metavar="ID", help="cancel a scheduled announcement")
    p.add_argument("--as", dest="as_user", help=actor)
    p.set_defaults(handler=cmd_announce)

    p = commands.add_parser("report", help="per-cohort aggregates (small groups are hidden)")
    p.add_argument("--org", required=True)
    p.add_argument("--format", choices=("text", "csv"), default="text")
    p.add_argument("--locale", choices=("ja", "en"), default="en")
    p.add_argument("--as", dest="as_user", help=actor)
    p.set_defaults(handler=cmd_report)

    p = commands.add_parser("digest", help="this week's digest as an officer gets it (--preview)")
    p.add_argument("--preview", action="store_true", required=True, help="show it; send nothing")
    p.add_argument("--org", required=True)
    p.add_argument("--cohort", help="one cohort alone (admins, or an officer's only cohort there)")
    p.add_argument("--locale", choices=("ja", "en"), help="default: the officer's own language")
    p.add_argument("--week", help="the digest of an earlier week, e.g. 2026-12-07 (default: now)")
    p.add_argument("--out", help="write the chart (PNG) to this file")
    p.add_argument("--as", dest="as_user", help=actor)
    p.set_defaults(handler=cmd_digest)

    p = commands.add_parser("export", help="compliance CSV: who completed what, when (admins)")
    p.add_argument("--org", help="one organisation (default: all)")
    p.add_argument("--out", help="write to this file instead of standard output")
    p.add_argument("--as", dest="as_user", help=actor)
    p.set_defaults(handler=cmd_export)

    p = lesson_cmds.add_parser("feedback", help="per-lesson ratings from members, for authors")
    p.add_argument("--comments", action="store_true", help="also print anonymous comments")
    p.set_defaults(handler=cmd_lessons_feedback)

    p = lesson_cmds.add_parser(
        "items", help="per-item difficulty, discrimination and option picks, for authors"
    )
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_lessons_items)
