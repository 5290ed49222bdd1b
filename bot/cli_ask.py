"""`manabi ask`: answer one question from the command line (for lesson authors and scripts)."""

from __future__ import annotations

import argparse
import asyncio
import json
import re
from typing import Any

from bot.config import Settings

JAPANESE = r"[\u3040-\u30ff\u3400-\u9fff]"  # compiled at first use (re caches it), not at start


def cmd_ask(args: argparse.Namespace, settings: Settings) -> int:
    """Answer one question and print it with its cited lessons and sources."""
    japanese = re.search(JAPANESE, args.question) is not None
    if japanese:  # its words are looked up: load the dictionary while the rest loads
        from bot.core.japanese import preload

        preload()
    from bot.llm.answering import build_answering
    from bot.retrieval.cache import load_course

    locale = args.lang or ("ja" if japanese else "en")
    course = load_course(settings.lessons_dir)
    answering, answerer = build_answering(
        settings, course.curriculum, offline=args.offline, index=course.index
    )

    async def run() -> Any:
        try:
            return await answering.answer(
                args.question, locale=locale, fixed_locale=args.lang is not None
            )
        finally:
            if answerer is not None:
                await answerer.close()

    answer = asyncio.run(run())
    if args.json:
        payload = {
            "answer": answer.text,
            "title": answer.title,
            "outcome": answer.outcome,
            "locale": answer.locale,
            "lessons": list(answer.lessons),
            "sources": [source.url for source in answer.sources],
            "notes": list(answer.notes),
            "model": answer.model,
            "tokens": {
                "prompt": answer.prompt_tokens,
                "in": answer.tokens_in,
                "out": answer.tokens_out,
            },
        }
        print(json.dumps(payload, ensure_ascii=False, indent=2))
    else:
        from bot.channels.console import render  # the chat machinery: only to print as text

        print(render(answer.reply(), locale, color=False))
        if answer.lessons:
            print(f"\nlessons: {', '.join(answer.lessons)}")
    return 0


def add_ask_command(commands: Any) -> None:
    """Register `manabi ask` on the top-level subparsers."""
    p = commands.add_parser("ask", help="answer one question from the lessons (and the model)")
    p.add_argument("question", help="the question, in Japanese or English")
    p.add_argument("--lang", choices=("ja", "en"), help="reply language (default: guessed)")
    p.add_argument("--offline", action="store_true", help="do not call the model")
    p.add_argument("--json", action="store_true", help="print JSON: answer, lessons, sources")
    p.set_defaults(handler=cmd_ask)
