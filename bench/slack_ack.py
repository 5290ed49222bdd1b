"""Slack ack latency under sustained load: signed message.im and block_actions requests at a
fixed rate against `manabi serve` (HTTP mode), with the fake Slack Web API on loopback.

    python -m bench.slack_ack --rates 50 100 --seconds 30

Reports p50/p99/max ack latency, the share over 3 s, and how much of the work after the ack
(messages posted to the fake Slack) kept up. Everything binds 127.0.0.1 and stops by itself.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import socket
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import aiohttp

from bot.config import ROOT
from tests.slack_fake import (
    BOT_TOKEN,
    SIGNING_SECRET,
    FakeSlack,
    action_body,
    dm_event,
    event_body,
    sign,
)

USERS = 200
SLOW = 3.0  # Slack's ack deadline


@dataclass
class Run:
    """Latencies and failures of one rate."""

    rate: int
    seconds: float
    latencies: list[float] = field(default_factory=list)
    failures: int = 0

    def row(self, posted: int, drained_after: float) -> str:
        """A Markdown table row."""
        lat = sorted(self.latencies)
        p50 = statistics.median(lat) * 1000
        p99 = lat[max(0, int(len(lat) * 0.99) - 1)] * 1000
        over = sum(1 for v in lat if v > SLOW) / len(lat) * 100
        return (
            f"| {self.rate}/s × {self.seconds:.0f} s | {len(lat)} | {self.failures} | "
            f"{p50:.1f} ms | {p99:.1f} ms | {max(lat) * 1000:.1f} ms | {over:.2f} % | "
            f"{posted} | {drained_after:.1f} s |"
        )


def free_port() -> int:
    """An unused loopback port."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def post(http: aiohttp.ClientSession, url: str, body: str, ctype: str) -> tuple[int, float]:
    """Send one signed request; return (status, seconds until the ack)."""
    started = time.perf_counter()
    headers = {"Content-Type": ctype, **sign(body)}
    async with http.post(url, data=body.encode(), headers=headers) as response:
        await response.read()
        return response.status, time.perf_counter() - started


def request(n: int, tag: str) -> tuple[str, str]:
    """The n-th request of the mix: half DMs ("progress"), half buttons ("cmd:today")."""
    user = f"U{n % USERS:05d}"
    if n % 2:
        return event_body(dm_event(user, "progress", ts=f"{n}.0001"), f"Ev{tag}{n}")
    action = {"type": "button", "action_id": "manabi_choice_1", "value": "cmd:today"}
    return action_body(user, {**action, "action_ts": f"{tag}{n}"})


async def onboard(http: aiohttp.ClientSession, url: str) -> None:
    """Bring every benchmark user through onboarding first (not measured)."""

    async def one(user: str) -> None:
        for value in ("lang:en", "consent:yes"):
            action = {"type": "button", "action_id": "manabi_choice_1", "value": value}
            await post(http, url, *action_body(user, action))
            await asyncio.sleep(0.3)

    for start in range(0, USERS, 20):
        await asyncio.gather(*(one(f"U{n:05d}") for n in range(start, start + 20)))


async def load(http: aiohttp.ClientSession, url: str, rate: int, seconds: float) -> Run:
    """Open-loop load: a request every 1/rate s, whatever the server's pace."""
    run = Run(rate, seconds)
    tasks = []
    start = time.perf_counter()
    total = int(rate * seconds)

    async def one(n: int) -> None:
        try:
            status, elapsed = await post(http, url, *request(n, f"r{rate}-"))
        except aiohttp.ClientError:
            run.failures += 1
            return
        run.latencies.append(elapsed)
        if status != 200:
            run.failures += 1

    for n in range(total):
        delay = start + n / rate - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        tasks.append(asyncio.create_task(one(n)))
    await asyncio.gather(*tasks)
    return run


async def drain(slack: FakeSlack, expected: int, limit: float = 60) -> float:
    """Seconds until the work after the acks has posted `expected` messages (or the limit)."""
    started = time.monotonic()
    for _ in range(int(limit * 10)):  # poll the fake's counter
        if slack.counts["chat.postMessage"] >= expected:
            break
        await asyncio.sleep(0.1)
    return time.monotonic() - started


async def main_async(args: argparse.Namespace) -> int:
    """Start the fake Slack and `manabi serve`, onboard users, then run each rate."""
    slack = FakeSlack(record=False)
    await slack.start()
    port = free_port()
    tmp = Path(tempfile.mkdtemp(prefix="manabi-bench-"))
    env = {
        **os.environ,
        "DATABASE_URL": args.database_url or f"sqlite+aiosqlite:///{tmp}/bench.db",
        "SLACK_BOT_TOKEN": BOT_TOKEN,
        "MANABI_METRICS_PORT": "0",  # the ack benchmark needs no metrics listener
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_API_URL": slack.url,
        "MANABI_LOG_LEVEL": "WARNING",
    }
    for name in ("SLACK_APP_TOKEN", "SLACK_CLIENT_ID", "SLACK_CLIENT_SECRET", "OPENAI_API_KEY"):
        env.pop(name, None)
    env["MANABI_LESSONS_DIR"] = str(ROOT / "lessons")
    if args.database_url:  # PostgreSQL is upgraded explicitly (SQLite upgrades itself)
        upgrade = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", "db", "upgrade", env=env
        )
        if await upgrade.wait() != 0:
            raise SystemExit("manabi db upgrade failed")
    server = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "serve", "--host", "127.0.0.1", "--port", str(port), env=env
    )
    base = f"http://127.0.0.1:{port}"
    rows = []
    try:
        connector = aiohttp.TCPConnector(limit=0)
        async with aiohttp.ClientSession(connector=connector) as http:
            for _ in range(200):
                try:
                    async with http.get(f"{base}/healthz") as health:
                        if health.status == 200:
                            break
                except aiohttp.ClientError:
                    pass
                await asyncio.sleep(0.1)
            else:
                raise SystemExit("manabi serve did not become healthy")
            await onboard(http, f"{base}/slack/events")
            await drain(slack, USERS * 3, limit=60)
            for rate in args.rates:
                before = slack.counts["chat.postMessage"]
                run = await load(http, f"{base}/slack/events", rate, args.seconds)
                expected = before + len(run.latencies)  # at least one message per request
                drained = await drain(slack, expected)
                posted = slack.counts["chat.postMessage"] - before
                rows.append(run.row(posted, drained))
                print(rows[-1], flush=True)
                await asyncio.sleep(2)
    finally:
        server.terminate()
        await asyncio.wait_for(server.wait(), timeout=20)
        await slack.stop()
    print()
    print(
        f"machine: {platform.platform()}, {os.cpu_count()} CPUs, Python {platform.python_version()}"
    )
    print(
        "| load | requests | non-200 | p50 ack | p99 ack | max ack | over 3 s | posted | drained |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    print("\n".join(rows))
    print(json.dumps({"database": env["DATABASE_URL"].split(":")[0]}))
    return 0


def main() -> int:
    """Parse the arguments and run the benchmark."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rates", type=int, nargs="+", default=[50, 100])
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--database-url", help="default: a fresh SQLite file")
    return asyncio.run(main_async(parser.parse_args()))


if __name__ == "__main__":
    raise SystemExit(main())
