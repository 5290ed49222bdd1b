"""`manabi check`: list the claims worth checking in a pasted AI answer."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from typing import TYPE_CHECKING, Any

from bot.config import Settings

if TYPE_CHECKING:
    from bot.core.qa.checking.checklist import Checklist


def cmd_check(args: argparse.Namespace, settings: Settings) -> int:
    """Print the checklist for TEXT (or standard input); nothing of the text is kept."""
    from bot.channels.console import render
    from bot.content.loader import load_curriculum
    from bot.core.qa.checking.reply import render as checklist_reply

    text = sys.stdin.read() if args.text in (None, "-") else args.text
    if not text.strip():
        print("manabi check: nothing to check (give TEXT or pipe it in)", file=sys.stderr)
        return 2
    offline = args.offline or not settings.check_lookups
    checklist = asyncio.run(run_check(text, args.lang, settings, offline=offline))
    if args.json:
        print(json.dumps(checklist.to_json(), ensure_ascii=False, indent=2))
        return 0
    curriculum = load_curriculum(settings.lessons_dir)
    titles = {lesson.meta.id: lesson.meta.title.get(args.lang) for lesson in curriculum.lessons}
    print(render(checklist_reply(checklist, titles), args.lang, color=False))
    return 0


async def run_check(text: str, locale: str, settings: Settings, *, offline: bool) -> Checklist:
    """Check `text`, with the real lookups unless `offline`."""
    from bot.core.qa.checking.engine import check_answer

    if offline:
        return await check_answer(text, locale)
    from bot.lookups.build import build_lookups

    opened = build_lookups(settings)
    try:
        return await check_answer(text, locale, opened.lookups)
    finally:
        await opened.close()


def add_check_command(commands: Any) -> None:
    """Register `manabi check` on the top-level subparsers."""
    p = commands.add_parser("check", help="list the claims worth checking in an AI answer")
    p.add_argument("text", nargs="?", help="the answer (up to 4,000 characters); - or none: stdin")
    p.add_argument("--lang", choices=("ja", "en"), default="ja", help="reply language (ja)")
    p.add_argument("--offline", action="store_true", help="no lookups (e-Gov, Crossref, links)")
    p.add_argument("--json", action="store_true", help="print JSON: claims and unsourced")
    p.set_defaults(handler=cmd_check)
