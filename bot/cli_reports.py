"""`manabi report`, `manabi digest` and `manabi export`: aggregates for officers, training
records for admins, as text, CSV (for Excel), JSON or .xlsx, headed in the reader's language."""

from __future__ import annotations

import argparse
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from bot.cli_desk import actor_scope, run, write_file
from bot.config import Settings

if TYPE_CHECKING:
    from bot.app import App
    from bot.core.officers.digest import ComposedDigest


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


def cmd_digest(args: argparse.Namespace, settings: Settings) -> int:
    """Show this week's digest as the officer gets it: the text here, the chart in a PNG file."""
    from bot.charts import MatplotlibCharts
    from bot.core.officers.desk import OfficerDesk

    async def work(app: App) -> ComposedDigest:
        scope = await actor_scope(app, args.as_user, args.locale)
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

    digest = run(settings, work)
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


def parse_week(value: str) -> date:
    """Read a `--week` day (any day of the week meant)."""
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise SystemExit(f"--week: {value!r} is not a day like 2026-12-07") from None


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
    commands: argparse._SubParsersAction[argparse.ArgumentParser], officer: argparse.ArgumentParser
) -> None:
    """Register `report`, `digest` and `export` (called from cli_officers)."""
    language = "headers and notes in this language (default: yours, or MANABI_DEFAULT_LOCALE)"
    p = commands.add_parser(
        "report", parents=[officer], help="per-cohort aggregates (small groups are hidden)"
    )
    p.add_argument("--org", required=True)
    p.add_argument("--format", choices=("text", "csv", "json", "xlsx"), default="text")
    p.add_argument("--locale", choices=("ja", "en"), help=language)
    p.add_argument("--out", help="write to this file instead of standard output")
    p.set_defaults(handler=cmd_report)

    p = commands.add_parser(
        "digest", parents=[officer], help="this week's digest as an officer gets it (--preview)"
    )
    p.add_argument("--preview", action="store_true", required=True, help="show it; send nothing")
    p.add_argument("--org", required=True)
    p.add_argument("--cohort", help="one cohort alone (admins, or an officer's only cohort there)")
    p.add_argument("--locale", choices=("ja", "en"), help="default: the officer's own language")
    p.add_argument("--week", help="the digest of an earlier week, e.g. 2026-12-07 (default: now)")
    p.add_argument("--out", help="write the chart (PNG) to this file")
    p.set_defaults(handler=cmd_digest)

    p = commands.add_parser(
        "export", parents=[officer], help="compliance records: who completed what, when (admins)"
    )
    p.add_argument("--org", help="one organisation (default: all)")
    p.add_argument("--format", choices=("csv", "json", "xlsx"), default="csv")
    p.add_argument("--locale", choices=("ja", "en"), help=language)
    p.add_argument("--out", help="write to this file instead of standard output")
    p.set_defaults(handler=cmd_export)
