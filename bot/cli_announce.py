"""`manabi announce`: preview, confirm, send or schedule to a cohort or to every cohort in the
officer's scope; show or cancel one. Times are the reader's, with their offset."""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from bot.cli_desk import actor_scope, confirmed, parse_at, run
from bot.config import Settings

if TYPE_CHECKING:
    from bot.app import App
    from bot.core.officers.announcements import Announcements, Preview, Status
    from bot.core.officers.recurring import Weekly
    from bot.core.officers.roles import Scope


def cmd_announce(args: argparse.Namespace, settings: Settings) -> int:
    """Preview, then (asked first) send or schedule an announcement; or show or cancel one."""
    from bot.core.officers.announcements import Announcements, Draft

    async def work(app: App) -> int:
        scope = await actor_scope(app, args.as_user, "en")
        service = Announcements(app.sessions)
        now = datetime.now(UTC)
        if args.status or args.cancel:
            announcement_id = args.status or args.cancel
            action = service.cancel(scope, announcement_id, now) if args.cancel else None
            print(status_line(await (action or service.status(scope, announcement_id)), scope))
            return 0
        targets = await _targets(args, service, scope)
        if targets is None:
            return 2
        if args.at and args.every:
            print("manabi: --at and --every do not go together", file=sys.stderr)
            return 2
        at = parse_at(args.at, scope.timezone) if args.at else None
        every = parse_every(args.every, scope.timezone) if args.every else None
        drafts = [
            Draft(org, cohort, args.ja or "", args.en or "", at, every) for org, cohort in targets
        ]
        previews = await service.preview_many(scope, drafts, now)
        for preview in previews:
            print_preview(preview)
        total = sum(p.recipients for p in previews)
        if every:
            first = _when(every.following(now), scope)
            print(f"sends every {every.describe()}, first {first}, until cancelled")
        else:
            print(f"sends at {_when(at, scope)}" if at else "sends now")
        if args.preview:
            return 0
        where = previews[0].cohort if len(previews) == 1 else f"{len(previews)} cohorts"
        often = f" every {every.describe()}" if every else ""
        if not await confirmed([f"Send to {total} member(s) of {where}{often}?"], args.yes):
            print("nothing sent")
            return 1
        for status in await service.send_many(scope, drafts, now):
            print(status_line(status, scope))
        return 0

    return int(run(settings, work))


async def _targets(
    args: argparse.Namespace, service: Announcements, scope: Scope
) -> list[tuple[str, str]] | None:
    """The (organisation, cohort) pairs to address: one, or with --all every one in scope."""
    if not args.all:
        if not args.org or not args.cohort:
            print("manabi: announce needs --org and --cohort (or --all)", file=sys.stderr)
            return None
        return [(args.org, args.cohort)]
    if args.cohort:
        print("manabi: --all and --cohort do not go together", file=sys.stderr)
        return None
    if scope.admin and not args.org:
        print("manabi: announce --all as an admin needs --org", file=sys.stderr)
        return None
    found = [(o, c) for o, c in await service.cohorts(scope) if not args.org or o == args.org]
    if not found:
        print(f"manabi: no cohort of {args.org or 'yours'} to announce to", file=sys.stderr)
        return None
    return found


def print_preview(preview: Preview) -> None:
    """Who gets the announcement, in which language, and what they read."""
    langs = ", ".join(f"{k} {v}" for k, v in sorted(preview.by_locale.items())) or "none"
    print(f"to {preview.recipients} member(s) of {preview.cohort} ({langs})")
    if preview.enrolled > preview.recipients:
        waiting = preview.enrolled - preview.recipients
        print(
            f"({waiting} enrolled member(s) have not started, have stopped, or get it with "
            "another cohort: nothing more for them)"
        )
    for locale, text in preview.texts.items():
        note = " (from the other language)" if locale in preview.fallback else ""
        print(f"--- {locale}{note}\n{text}")


def status_line(status: Status, scope: Scope) -> str:
    """An announcement's state and counts, its time in the reader's zone."""
    first = _when(status.scheduled_for, scope)
    when = f"every {status.every.describe()} from {first}" if status.every else f"for {first}"
    counts = ", ".join(f"{name} {count}" for name, count in status.figures.items())
    return f"announcement #{status.id} to {status.cohort}: {status.state}, {when}; {counts}"


def parse_every(value: str, zone: str) -> Weekly:
    """Read `--every monday 09:00` (also `mon 9:00`, `月 09:00`), in `zone`."""
    from bot.core.officers.recurring import parse_weekly

    try:
        return parse_weekly(value, zone)
    except ValueError:
        raise SystemExit(
            f"--every: {value!r} is not a weekday and time like 'monday 09:00'"
        ) from None


def _when(moment: datetime, scope: Scope) -> str:
    from bot.core.officers.times import shown_time

    return shown_time(moment, scope.timezone)


def add_announce_commands(
    commands: argparse._SubParsersAction[argparse.ArgumentParser], officer: argparse.ArgumentParser
) -> None:
    """Register `announce` (called from cli_officers)."""
    p = commands.add_parser(
        "announce", parents=[officer], help="send or schedule an announcement to cohorts"
    )
    p.add_argument("--org")
    p.add_argument("--cohort")
    p.add_argument("--all", action="store_true", help="every cohort you may address (in --org)")
    p.add_argument("--ja", help="the text in Japanese")
    p.add_argument("--en", help="the text in English")
    p.add_argument("--at", help="send at this time, e.g. 2026-12-01T09:00 (default: now)")
    p.add_argument(
        "--every",
        metavar="'DAY HH:MM'",
        help="send every week, e.g. 'monday 09:00', until cancelled",
    )
    p.add_argument("--preview", action="store_true", help="show what members get; send nothing")
    p.add_argument("--yes", action="store_true", help="send without asking (for scripts)")
    p.add_argument("--status", type=int, metavar="ID", help="show an announcement's counts")
    p.add_argument("--cancel", type=int, metavar="ID", help="cancel a scheduled or recurring one")
    p.set_defaults(handler=cmd_announce)
