"""Streamed answers in Slack: how soon a member sees the first words of a model answer, against
the answer posted whole. The real Bolt app (`manabi serve`'s web app) on loopback, the fake
Slack Web API, and a fake model that takes PACE seconds per 12-character piece (and as long for
an answer it does not stream).

    python -m bench.stream --questions 10 --pace 0.03

Prints a Markdown table: seconds from the member's message to the first words shown and to the
whole answer (median and max), and Slack Web API calls per answer, with streaming on and off.
Questions go one at a time; everything binds 127.0.0.1 and stops by itself.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import aiohttp

from bot.config import ROOT, load_settings
from bot.core.texts import t
from tests.clocks import FixedClock
from tests.dialog import Chat
from tests.fake_openai import FakeOpenAI
from tests.serving import serving
from tests.slack_fake import TEAM, Call, FakeSlack, dm_event, event_body, sign

QUESTION = "How can I tell whether a source that an AI gave me is real?"
ANSWER = (
    "An AI can invent sources that look real, so treat every citation as a claim to check [1]. "
    "Open the link yourself and see whether the page exists and says what the answer claims. "
    "Search for the title of the paper or report in a search engine or a library database, and "
    "compare the authors, the year and the publisher with what the AI told you. When you cannot "
    "find it, say so and do not use it: a source nobody can open is not a source."
)
NOW = datetime(2026, 12, 1, 1, 0, tzinfo=UTC)  # a Tuesday morning in Tokyo
SHOWN = ("chat.startStream", "chat.postMessage", "chat.update")  # the first words can be here


async def run(streaming: bool, questions: int, pace: float, db: Path) -> dict[str, Any]:
    """Ask `questions` questions, one at a time; return the timings and call counts."""
    slack, model = FakeSlack(), FakeOpenAI(pace=pace)
    await slack.start()
    await model.start()
    settings = load_settings(
        _env_file=None,
        database_url=f"sqlite+aiosqlite:///{db}",
        lessons_dir=ROOT / "lessons",
        slack_bot_token="xoxb-bench",
        slack_signing_secret="test-signing-secret",
        slack_api_url=slack.url,
        slack_streaming=streaming,
        OPENAI_API_KEY="sk-bench-not-a-real-key",
        OPENAI_BASE_URL=model.base_url,
        MANABI_OPENAI_MAX_RETRIES=0,
        MANABI_METRICS_PORT=0,
    )
    first: list[float] = []
    whole: list[float] = []
    calls: list[int] = []
    try:
        async with (
            serving(settings, FixedClock(NOW)) as (app, base),
            aiohttp.ClientSession() as http,
        ):
            for n in range(questions):
                user = f"U0BENCH{n:03d}"
                chat = Chat(app.coach, NOW, user=user, platform="slack")
                chat.identity = type(chat.identity)("slack", TEAM, user)
                await chat.onboard("en")
                model.reply(ANSWER)
                seen = len(slack.calls)
                body, ctype = event_body(dm_event(user, QUESTION, f"1700001000.{n:06d}"), f"Ev{n}")
                started = time.perf_counter()
                headers = {"Content-Type": ctype, **sign(body)}
                async with http.post(f"{base}/slack/events", data=body, headers=headers) as r:
                    await r.read()
                deadline = time.monotonic() + 60
                while (end := _whole(slack.calls[seen:], streaming)) is None:
                    if time.monotonic() > deadline:
                        raise SystemExit(f"question {n}: no answer within 60 s")
                    await asyncio.sleep(0.005)
                mine = [c for c in slack.calls[seen:] if c.method != "users.info"]
                first.append(min(c.at for c in mine if _words(c)) - started)
                whole.append(end - started)
                calls.append(len(mine))
    finally:
        await model.stop()
        await slack.stop()
    return {"first": first, "whole": whole, "calls": calls}


def _words(call: Call) -> bool:
    """Whether the call shows words of the answer (not the "answering…" placeholder)."""
    placeholder = {t("answering", "ja"), t("answering", "en")}
    return call.method in SHOWN and call.args.get("text") not in placeholder


def _whole(calls: list[Call], streaming: bool) -> float | None:
    """When the whole answer was shown: the stream stopped, or the answer posted."""
    for call in calls:
        if call.method == "chat.stopStream" if streaming else _words(call):
            return call.at
    return None


def row(label: str, result: dict[str, Any]) -> str:
    """A Markdown table row."""
    first, whole, calls = result["first"], result["whole"], result["calls"]
    return (
        f"| {label} | {statistics.median(first):.2f} s | {max(first):.2f} s | "
        f"{statistics.median(whole):.2f} s | {max(whole):.2f} s | {statistics.median(calls):.0f} |"
    )


async def main_async(args: argparse.Namespace) -> int:
    """Run both modes and print the table."""
    print(f"python {sys.version.split()[0]}, {platform.machine()}, {os.cpu_count()} cores")
    print(
        f"{args.questions} questions, model pace {args.pace * 1000:.0f} ms per 12 characters, "
        f"answer {len(ANSWER)} characters\n"
    )
    print("| mode | first words p50 | max | whole answer p50 | max | Slack calls/answer |")
    print("|---|---|---|---|---|---|")
    for streaming in (True, False):
        with tempfile.TemporaryDirectory() as tmp:
            result = await run(streaming, args.questions, args.pace, Path(tmp) / "bench.db")
        print(row("streamed" if streaming else "posted whole", result), flush=True)
    return 0


def main() -> None:
    """`python -m bench.stream`."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=int, default=10)
    parser.add_argument("--pace", type=float, default=0.03, help="seconds per 12 characters")
    raise SystemExit(asyncio.run(main_async(parser.parse_args())))


if __name__ == "__main__":
    main()
