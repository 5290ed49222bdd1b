"""`manabi report` and `manabi export`: aggregates for officers, training records for admins, as
text, CSV (for Excel), JSON or .xlsx, headed in the reader's language."""

from __future__ import annotations

import argparse
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from bot.cli_desk import actor_scope, run, write_file
from bot.config import Settings

if TYPE_CHECKING:
    from bot.app import App


def cmd_report(args: argparse.Namespace, settings: Settings) -> int:
    """Print or write per-cohort aggregates for an organisation, with its total."""
    from bot.core.officers.report_sheet import report_table
    from bot.core.officers.reports import as_text, organisation_report
    from bot.core.officers.spreadsheet import render

    async def work(app: App) -> bytes:
        scope = await actor_scope(app, args.as_user, args.locale)
        reports = await organisation_report(
            app.sessions,
            scope,
            args.org,
            app.curriculum,
            datetime.now(UTC),
            settings.min_group_size,
        )
        if args.format == "text":
            text = as_text(reports, app.curriculum, scope.locale).replace("**", "")
            return (text + "\n").encode("utf-8")
        table = report_table(reports, app.curriculum, scope.locale, settings.min_group_size)
        return render(table, args.format)

    data = run(settings, work)
    if isinstance(data, int):  # refused: the reason is already printed
        return data
    if not write_file(data, args.out, args.format):
        return 2
    if args.out:
        print(f"wrote {args.out}")
    return 0


def cmd_export(args: argparse.Namespace, settings: Settings) -> int:
    """Write the training records: who completed which lessons and tests, and when (admins)."""
    from bot.core.officers.compliance import export_records
    from bot.core.officers.spreadsheet import render

    async def work(app: App) -> tuple[bytes, int]:
        scope = await actor_scope(app, args.as_user, args.locale)
        table = await export_records(app.sessions, scope, args.org, app.curriculum)
        return render(table, args.format), len(table.rows)

    done = run(settings, work)
    if isinstance(done, int):
        return done
    data, records = done
    if not write_file(data, args.out, args.format):
        return 2
    if args.out:
        print(f"wrote {records} record(s) to {args.out}")
    return 0


def add_report_commands(
    commands: argparse._SubParsersAction[argparse.ArgumentParser], actor: str
) -> None:
    """Register `report` and `export` (called from cli_officers)."""
    language = "headers and notes in this language (default: yours, or MANABI_DEFAULT_LOCALE)"
    p = commands.add_parser("report", help="per-cohort aggregates (small groups are hidden)")
    p.add_argument("--org", required=True)
    p.add_argument("--format", choices=("text", "csv", "json", "xlsx"), default="text")
    p.add_argument("--locale", choices=("ja", "en"), help=language)
    p.add_argument("--out", help="write to this file instead of standard output")
    p.add_argument("--as", dest="as_user", help=actor)
    p.set_defaults(handler=cmd_report)

    p = commands.add_parser("export", help="compliance records: who completed what, when (admins)")
    p.add_argument("--org", help="one organisation (default: all)")
    p.add_argument("--format", choices=("csv", "json", "xlsx"), default="csv")
    p.add_argument("--locale", choices=("ja", "en"), help=language)
    p.add_argument("--out", help="write to this file instead of standard output")
    p.add_argument("--as", dest="as_user", help=actor)
    p.set_defaults(handler=cmd_export)
