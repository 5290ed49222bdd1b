"""What every officer command shares: build the app, act as someone, ask before acting, write a
file."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Awaitable, Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar
from zoneinfo import ZoneInfo

from bot.config import Settings

if TYPE_CHECKING:
    from bot.app import App
    from bot.core.officers.roles import Scope

T = TypeVar("T")
YES = ("y", "yes", "はい")


def run(settings: Settings, work: Callable[..., Awaitable[T]], *args: object) -> T | int:
    """Build the app, run `work(app, *args)`, close; a refusal is one line and exit code 1."""
    from bot.app import build
    from bot.core.officers.roles import Refused

    async def main() -> T:
        app = await build(settings, channels=False)  # officer commands send nothing directly
        try:
            return await work(app, *args)
        finally:
            await app.close()

    try:
        return asyncio.run(main())
    except Refused as exc:
        print(f"manabi: {exc}", file=sys.stderr)
        return 1


async def actor_scope(app: App, user: str | None, locale: str | None = None) -> Scope:
    """Who is acting: the officer `--as` names (in their time zone), or the operator as admin
    (in `MANABI_DEFAULT_TIMEZONE`); `locale` None is their own language."""
    from bot.core.officers.roles import operator_scope, scope_for_user
    from bot.storage.db import transaction

    if not user:
        return operator_scope(locale or app.settings.default_locale, app.settings.default_timezone)
    async with transaction(app.sessions) as session:
        return await scope_for_user(session, user=user, locale=locale)


async def confirmed(questions: list[str], yes: bool) -> bool:
    """Ask each question on the terminal; `--yes` answers them all; no terminal and no `--yes`
    refuses with one line."""
    if not questions or yes:
        return True
    if not sys.stdin.isatty():
        print("manabi: " + " ".join(questions) + " Run again with --yes.", file=sys.stderr)
        return False
    for question in questions:
        answer = await asyncio.to_thread(input, f"{question} [y/N] ")
        if answer.strip().lower() not in YES:
            return False
    return True


def write_file(data: bytes, out: str | None, file_format: str) -> bool:
    """Write a file to `out`, or to standard output (but never a workbook to a terminal)."""
    if out:
        Path(out).write_bytes(data)
        return True
    if file_format == "xlsx" and sys.stdout.isatty():
        print("manabi: write the .xlsx to a file: --out report.xlsx", file=sys.stderr)
        return False
    sys.stdout.buffer.write(data)
    sys.stdout.flush()
    return True


def parse_at(value: str, zone: str) -> datetime:
    """Read an `--at` time; one without a zone is taken in `zone`."""
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise SystemExit(f"--at: {value!r} is not a time like 2026-12-01T08:30") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=ZoneInfo(zone))
