"""The Slack "Check this answer" shortcut: time from the ack to the private checklist, with the
e-Gov and Crossref lookups answering at once, slowly (past their timeout) or not at all.

    python -m bench.check_shortcut --requests 30 --rate 5

Runs `manabi serve` (HTTP mode, a fresh SQLite file) against the fake Slack Web API and fake
lookup sources, all on 127.0.0.1; sends signed message shortcuts on a Japanese answer that cites
a law and a DOI; and reports the ack latency and the time from each ack until its ephemeral
reply reached the response URL. Everything stops by itself.
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
from dataclasses import dataclass, field
from pathlib import Path

import aiohttp
from aiohttp import web

from bench.slack_ack import free_port, post
from bot.config import ROOT
from tests.check_fakes import FakeSources
from tests.slack_fake import BOT_TOKEN, SIGNING_SECRET, FakeSlack, shortcut_body

LIMIT = 3.0  # seconds from the ack to the checklist
ANSWER = (
    "労働基準法第36条により、時間外労働の上限は原則として月45時間・年360時間です。"
    "特別条項があっても月100時間未満でなければなりません。"
    "生成AIで生産性が14%上がったという研究(10.3386/w31161)もあります。"
)


class TimedSlack(FakeSlack):
    """The fake Slack, noting when each response URL was posted to."""

    answered: dict[str, float]

    async def _response(self, request: web.Request) -> web.Response:
        self.answered[request.match_info["name"]] = time.perf_counter()
        return await super()._response(request)


@dataclass
class Scenario:
    """One way the lookup sources behave, and what was measured."""

    name: str
    delay: float  # seconds each source takes to answer
    down: bool = False  # nothing listens at the sources' address
    acks: list[float] = field(default_factory=list)
    replies: list[float] = field(default_factory=list)
    missing: int = 0

    def row(self) -> str:
        """A Markdown table row."""

        def p(values: list[float], q: float) -> float:
            ordered = sorted(values)
            return ordered[max(0, int(len(ordered) * q + 0.5) - 1)] * 1000

        over = sum(1 for r in self.replies if r > LIMIT)
        return (
            f"| {self.name} | {len(self.acks)} | {statistics.median(self.acks) * 1000:.0f} ms | "
            f"{max(self.acks) * 1000:.0f} ms | {p(self.replies, 0.5):.0f} ms | "
            f"{p(self.replies, 0.99):.0f} ms | {max(self.replies) * 1000:.0f} ms | {over} | "
            f"{self.missing} |"
        )


async def serve(env: dict[str, str], port: int) -> asyncio.subprocess.Process:
    """Start `manabi serve` and wait until /healthz answers."""
    server = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "serve", "--host", "127.0.0.1", "--port", str(port), env=env
    )
    async with aiohttp.ClientSession() as http:
        for _ in range(300):
            try:
                async with http.get(f"http://127.0.0.1:{port}/healthz") as health:
                    if health.status == 200:
                        return server
            except aiohttp.ClientError:
                pass
            await asyncio.sleep(0.1)
    server.terminate()
    raise SystemExit("manabi serve did not become healthy")


async def run(scenario: Scenario, requests: int, rate: float) -> Scenario:
    """Serve with lookups pointed at sources that behave as `scenario` says; send shortcuts."""
    slack = TimedSlack(record=False)
    slack.answered = {}
    await slack.start()
    sources = FakeSources(delay=scenario.delay)
    base = f"http://127.0.0.1:{free_port()}" if scenario.down else await sources.start()
    port = free_port()
    tmp = Path(tempfile.mkdtemp(prefix="manabi-bench-"))
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite+aiosqlite:///{tmp}/bench.db",
        "SLACK_BOT_TOKEN": BOT_TOKEN,
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_API_URL": slack.url,
        "MANABI_METRICS_PORT": "0",
        "MANABI_LOG_LEVEL": "WARNING",
        "MANABI_LESSONS_DIR": str(ROOT / "lessons"),
        "MANABI_EGOV_API_URL": f"{base}/egov",
        "MANABI_CROSSREF_API_URL": f"{base}/crossref",
    }
    for name in ("SLACK_APP_TOKEN", "SLACK_CLIENT_ID", "SLACK_CLIENT_SECRET", "OPENAI_API_KEY"):
        env.pop(name, None)
    server = await serve(env, port)
    url = f"http://127.0.0.1:{port}/slack/events"
    acked: dict[str, float] = {}
    try:
        async with aiohttp.ClientSession() as http:

            async def one(n: int) -> None:
                name = f"{scenario.name}-{n}"
                message = {"text": ANSWER, "user": "U0COLLEAGUE"}
                body = shortcut_body(f"U{n:05d}", message, response_url=slack.response_url(name))
                status, elapsed = await post(http, url, *body)
                if status == 200:
                    acked[name] = time.perf_counter()
                    scenario.acks.append(elapsed)

            tasks = []
            for n in range(requests):
                tasks.append(asyncio.create_task(one(n)))
                await asyncio.sleep(1 / rate)
            await asyncio.gather(*tasks)
            for _ in range(int(LIMIT * 4 / 0.05)):  # bounded: the replies, or give up
                if len(slack.answered) >= len(acked):
                    break
                await asyncio.sleep(0.05)
    finally:
        server.terminate()
        await asyncio.wait_for(server.wait(), timeout=20)
        await slack.stop()
        await sources.stop()
    for name, at in acked.items():
        if name in slack.answered:
            scenario.replies.append(slack.answered[name] - at)
        else:
            scenario.missing += 1
    return scenario


async def main_async(args: argparse.Namespace) -> int:
    """Run each scenario and print the table."""
    scenarios = [
        Scenario("sources answer at once", 0.0),
        Scenario("sources take 1 s", 1.0),
        Scenario("sources hang (10 s)", 10.0),
        Scenario("sources down", 0.0, down=True),
    ]
    for scenario in scenarios:
        await run(scenario, args.requests, args.rate)
        print(scenario.row(), flush=True)
    print()
    print(f"machine: {platform.platform()}, {os.cpu_count()} CPUs, Python {sys.version.split()[0]}")
    print(
        "| lookup sources | shortcuts | p50 ack | max ack | p50 ack→checklist "
        "| p99 ack→checklist | max ack→checklist | over 3 s | no reply |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    print("\n".join(scenario.row() for scenario in scenarios))
    failed = any(s.missing or any(r > LIMIT for r in s.replies) for s in scenarios)
    return 1 if failed else 0


def main() -> int:
    """Parse the arguments and run the benchmark."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=30, help="shortcuts per scenario")
    parser.add_argument("--rate", type=float, default=5, help="shortcuts a second")
    return asyncio.run(main_async(parser.parse_args()))


if __name__ == "__main__":
    raise SystemExit(main())
