"""The `manabi` command line: parse, call, print."""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import os
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path

from bot.cli_ask import add_ask_command
from bot.cli_check import add_check_command
from bot.cli_config import add_config_command
from bot.cli_desk import parse_at
from bot.cli_officers import add_officer_commands
from bot.config import ConfigError, Settings, load_settings
from bot.content.problems import InvalidContent
from bot.content.prompts import PromptError
from bot.logs import configure as configure_logs
from bot.version import version

Handler = Callable[[argparse.Namespace, Settings], int]


def settle() -> None:
    """Start-up is over: freeze what it built, which lives as long as the process, so that no
    collection walks it again, and collect garbage as usual from here (see bot.__main__)."""
    gc.freeze()
    gc.enable()


def cmd_try(args: argparse.Namespace, settings: Settings) -> int:
    """Chat with Manabi in the terminal."""
    from bot.core import japanese

    japanese.preload()  # while the chat machinery loads: the first question will need it
    from bot.app import build
    from bot.channels.console import Console, SimulatedClock
    from bot.tryout import chat

    start = parse_at(args.at, settings.default_timezone) if args.at else None

    async def run() -> None:
        app = await build(settings)
        settle()  # a chat in the terminal may run for long
        try:
            # Due lessons and nudges arrive through the outbox, as they would on Slack.
            await chat(app, Console(app.coach, args.user, SimulatedClock(start)))
        finally:
            await app.close()

    asyncio.run(run())
    return 0


def _lessons_dir(args: argparse.Namespace, settings: Settings) -> Path:
    """The lessons directory named on the command line, or the configured one."""
    return Path(args.dir) if args.dir else settings.lessons_dir


def cmd_lessons_check(args: argparse.Namespace, settings: Settings) -> int:
    """Validate the lessons; print path:line: problem for each error."""
    from bot.content.loader import check_curriculum  # the lesson rules: not needed to answer

    root = _lessons_dir(args, settings)
    curriculum, errors = check_curriculum(root)
    for error in errors:
        print(error)
    if errors or curriculum is None:
        print(f"{len(errors)} problem(s) in {root}", file=sys.stderr)
        return 1
    print(
        f"ok: {len(curriculum.lessons)} lessons, "
        f"{sum(len(lesson.meta.items) for lesson in curriculum.lessons)} quiz items, "
        f"{sum(len(m.items) for m in curriculum.assessments.values())} test items"
    )
    return 0


def cmd_lessons_stats(args: argparse.Namespace, settings: Settings) -> int:
    """Print counts by track, level and item type."""
    from bot.content.loader import check_curriculum
    from bot.content.stats import curriculum_stats, format_stats

    root = _lessons_dir(args, settings)
    curriculum, errors = check_curriculum(root)
    if curriculum is None:
        raise InvalidContent(errors)
    stats = curriculum_stats(curriculum)
    print(json.dumps(stats, ensure_ascii=False, indent=2) if args.json else format_stats(stats))
    if errors:
        print(f"warning: {len(errors)} problem(s); run `manabi lessons check`", file=sys.stderr)
    return 0


def cmd_lessons_sources(args: argparse.Namespace, settings: Settings) -> int:
    """Print every lesson's sources as Markdown (docs/sources.md), or with --stale the old ones."""
    from bot.content.loader import load_curriculum
    from bot.content.stats import format_stale, sources_markdown, stale_sources

    curriculum = load_curriculum(_lessons_dir(args, settings))
    if args.stale is None:
        if args.today is not None:
            raise SystemExit("manabi lessons sources: --today goes with --stale DAYS")
        print(sources_markdown(curriculum), end="")
        return 0
    today = _parse_day(args.today) if args.today else date.today()
    stale = stale_sources(curriculum, args.stale, today)
    print(format_stale(stale, args.stale, today))
    return 1 if stale else 0


def _parse_day(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise SystemExit(f"--today: {value!r} is not a date like 2026-12-01") from None


def _days(value: str) -> int:
    if not value.isdigit():
        raise argparse.ArgumentTypeError(f"{value!r} is not a number of days")
    return int(value)


def cmd_db_upgrade(args: argparse.Namespace, settings: Settings) -> int:
    """Apply the database migrations."""
    from bot.storage.db import DatabaseError, create_engine, current_revision, upgrade

    async def run() -> str | None:
        engine = create_engine(settings.database_url)
        try:
            await upgrade(engine, args.revision)
            return await current_revision(engine)
        except DatabaseError:
            raise
        except Exception as exc:
            raise DatabaseError(
                f"upgrade failed ({exc.__class__.__name__}): check DATABASE_URL"
            ) from None
        finally:
            await engine.dispose()

    print(f"database at revision {asyncio.run(run())}")
    return 0


def cmd_db_current(args: argparse.Namespace, settings: Settings) -> int:
    """Print the database's schema revision and whether it is the code's head (exit 1 if not)."""
    from bot.storage.db import DatabaseError, create_engine, current_revision, head_revision

    async def run() -> str | None:
        engine = create_engine(settings.database_url)
        try:
            return await current_revision(engine)
        except Exception as exc:  # driver errors vary; the operator needs one clear line
            raise DatabaseError(
                f"cannot reach the database ({exc.__class__.__name__}): check DATABASE_URL"
            ) from None
        finally:
            await engine.dispose()

    current, head = asyncio.run(run()), head_revision()
    if current == head:
        print(f"database at revision {current} (head)")
        return 0
    print(f"database at revision {current or 'none'}, not at head {head}: run `manabi db upgrade`")
    return 1


def cmd_serve(args: argparse.Namespace, settings: Settings) -> int:
    """Serve Slack (and the other web endpoints) on one port."""
    from bot.app import build
    from bot.web import serve

    async def run() -> None:
        app = await build(settings)
        settle()
        await serve(app, args.host, args.port)

    asyncio.run(run())
    return 0


def cmd_teams_package(args: argparse.Namespace, settings: Settings) -> int:
    """Write the Teams app package (manifest and icons) for an admin to upload."""
    from bot.channels.teams.package import write_package

    path = write_package(settings, Path(args.out))
    print(f"wrote {path}: upload it in the Teams admin center (Manage apps > Upload new app)")
    return 0


def group(
    commands: argparse._SubParsersAction[argparse.ArgumentParser], name: str, help: str
) -> argparse._SubParsersAction[argparse.ArgumentParser]:
    """A command made of subcommands (`manabi NAME SUBCOMMAND`), one of which is required."""
    parser = commands.add_parser(name, help=help)
    return parser.add_subparsers(dest=f"{name}_command", required=True)


def command(
    commands: argparse._SubParsersAction[argparse.ArgumentParser],
    name: str,
    handler: Handler,
    help: str,
    *parents: argparse.ArgumentParser,
) -> argparse.ArgumentParser:
    """A command that runs `handler`, with the arguments of `parents`; add its own to what
    this returns."""
    parser = commands.add_parser(name, help=help, parents=list(parents))
    parser.set_defaults(handler=handler)
    return parser


def build_parser() -> argparse.ArgumentParser:
    """Build the argument parser; every command is listed here."""
    parser = argparse.ArgumentParser(prog="manabi", description="Manabi, an AI-literacy coach.")
    parser.add_argument("--version", action="version", version=f"manabi {version()}")
    commands = parser.add_subparsers(dest="command", required=True)
    in_dir = argparse.ArgumentParser(add_help=False)  # the lessons directory, where one is read
    in_dir.add_argument("dir", nargs="?", help="lessons directory (default: MANABI_LESSONS_DIR)")

    p = command(commands, "try", cmd_try, "chat with Manabi in the terminal")
    p.add_argument("--user", default="me", help="learner name; progress is kept per name")
    p.add_argument("--at", help="pretend it is this local time, e.g. 2026-12-01T08:30")

    lessons = group(commands, "lessons", "check and count the lessons")
    command(
        lessons, "check", cmd_lessons_check, "validate lessons; path:line for each problem", in_dir
    )
    p = command(lessons, "stats", cmd_lessons_stats, "counts by track, level and item type", in_dir)
    p.add_argument("--json", action="store_true")
    p = command(
        lessons, "sources", cmd_lessons_sources, "every lesson's sources as Markdown", in_dir
    )
    p.add_argument(
        "--stale",
        type=_days,
        metavar="DAYS",
        help="instead, list sources last checked more than DAYS days ago (exit 1 if any)",
    )
    p.add_argument("--today", metavar="YYYY-MM-DD", help="count --stale days back from this date")

    db = group(commands, "db", "database migrations")
    p = command(
        db, "upgrade", cmd_db_upgrade, "apply migrations (SQLite is upgraded automatically)"
    )
    p.add_argument("revision", nargs="?", default="head")
    command(db, "current", cmd_db_current, "the schema revision, and whether it is at head")

    p = command(
        commands,
        "serve",
        cmd_serve,
        "run the web server (Slack, Teams, /healthz) and /metrics on its own port",
    )
    p.add_argument("--host", default="0.0.0.0", help="address to listen on (default 0.0.0.0)")
    p.add_argument("--port", type=int, default=3000, help="port to listen on (default 3000)")

    teams = group(commands, "teams", "Microsoft Teams app")
    p = command(teams, "package", cmd_teams_package, "write the Teams app zip (manifest and icons)")
    p.add_argument("--out", default="manabi-teams.zip", help="where to write the zip")

    add_officer_commands(commands, lessons)  # roster, announce, report, export, feedback
    add_ask_command(commands)  # ask one question from the command line
    add_check_command(commands)  # list the claims worth checking in a pasted AI answer
    add_config_command(commands)  # every setting and where it came from
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; errors an operator can fix are one line, not a traceback."""
    args = build_parser().parse_args(argv)
    configure_logs("WARNING", json_lines=False)
    try:
        settings = load_settings()
        if args.command == "serve":  # a server logs JSON lines; one-shot commands stay quiet
            configure_logs(settings.log_level, json_lines=True)
        handler: Handler = args.handler
        return handler(args, settings)
    except ConfigError as exc:
        print(f"manabi: configuration error: {exc}", file=sys.stderr)
    except InvalidContent as exc:
        print(f"manabi: the lessons have {len(exc.errors)} problem(s):", file=sys.stderr)
        for error in exc.errors:
            print(f"  {error}", file=sys.stderr)
    except PromptError as exc:
        print(f"manabi: a prompt in prompts/ is invalid: {exc}", file=sys.stderr)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # e.g. `manabi report | head`: the reader has gone, not an error
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except Exception as exc:
        # The database layer (SQLAlchemy, Alembic) is imported only by commands that use it, so
        # a DatabaseError can only come from a module that is already loaded.
        storage = sys.modules.get("bot.storage.db")
        if storage is None or not isinstance(exc, storage.DatabaseError):
            raise
        print(f"manabi: database error: {exc}", file=sys.stderr)
    return 2
