"""Officer and admin commands: rosters and organisations, lesson feedback; announcements and
reports are registered from their own modules."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from bot.cli_announce import add_announce_commands
from bot.cli_desk import actor_scope, confirmed, run
from bot.cli_reports import add_report_commands
from bot.config import Settings

if TYPE_CHECKING:
    from bot.app import App
    from bot.core.officers.roster import ImportResult
    from bot.core.officers.roster_prepare import Directory

LARGE_FILE = 200  # rows; a line on standard error from here on


def cmd_roster_invite(args: argparse.Namespace, settings: Settings) -> int:
    """Queue Manabi's welcome, once, for imported members who have not started."""
    from bot.core.officers.invitations import invite
    from bot.storage.db import transaction

    async def work(app: App) -> str:
        scope = await actor_scope(app, args.as_user, "en")
        async with transaction(app.sessions) as session:
            queued = await invite(
                session, scope, org=args.org, cohort=args.cohort, now=app.clock.now()
            )
        return f"queued {queued} invitation(s); `manabi serve` sends them through the outbox"

    done = run(settings, work)
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
        scope = await actor_scope(app, args.as_user, "en")
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

    return int(run(settings, work))


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
    return await confirmed(questions, args.yes)


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
        scope = await actor_scope(app, args.as_user, "en")
        lines = await organisations_overview(app.sessions, scope)
        if not lines:
            print("no organisations yet")
        for org, cohort, members in lines:
            if cohort is None:
                print(f"{org}: {members} member(s)")
            else:
                print(f"  {cohort}: {members}")
        return 0

    return int(run(settings, work))


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

    return int(run(settings, work))


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

    return int(run(settings, work))


def add_officer_commands(
    commands: argparse._SubParsersAction[argparse.ArgumentParser],
    lesson_cmds: argparse._SubParsersAction[argparse.ArgumentParser],
) -> None:
    """Register the officer and admin commands (called from cli.build_parser)."""
    officer = argparse.ArgumentParser(add_help=False)  # whom a command acts as
    officer.add_argument(
        "--as",
        dest="as_user",
        help="act as this officer (U123 or slack:T123:U123); default: the operator, as admin",
    )
    roster = commands.add_parser("roster", help="manage an organisation's members")
    roster_cmds = roster.add_subparsers(dest="roster_command", required=True)
    p = roster_cmds.add_parser(
        "import",
        parents=[officer],
        help="import members from CSV, Unicode text or .xlsx (see docs/officers.md)",
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
    p.set_defaults(handler=cmd_roster_import)

    p = roster_cmds.add_parser("template", help="a blank roster to fill in: … > 名簿.csv")
    p.add_argument("--lang", choices=("ja", "en"), default="ja", help="header language")
    p.add_argument("--format", choices=("csv", "xlsx"), default="csv")
    p.set_defaults(handler=cmd_roster_template)

    p = commands.add_parser(
        "orgs", parents=[officer], help="organisations and cohorts, with member counts"
    )
    p.set_defaults(handler=cmd_orgs)

    p = roster_cmds.add_parser(
        "invite", parents=[officer], help="send Manabi's welcome to members not started yet"
    )
    p.add_argument("--org", required=True)
    p.add_argument("--cohort", help="one cohort (default: every cohort you are officer of)")
    p.set_defaults(handler=cmd_roster_invite)

    add_announce_commands(commands, officer)
    add_report_commands(commands, officer)

    p = lesson_cmds.add_parser("feedback", help="per-lesson ratings from members, for authors")
    p.add_argument("--comments", action="store_true", help="also print anonymous comments")
    p.set_defaults(handler=cmd_lessons_feedback)

    p = lesson_cmds.add_parser(
        "items", help="per-item difficulty, discrimination and option picks, for authors"
    )
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_lessons_items)
