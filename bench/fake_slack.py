"""A fast fake Slack Web API for the delivery benchmarks, on 127.0.0.1 only.

It counts what arrives rather than recording it: posts per DM channel and per outbox key
(from the message metadata Manabi attaches), and it can enforce a per-workspace (per-token)
limit with a token bucket, answering 429 with Retry-After beyond it, as Slack does; each
workspace (bot token) has its own bucket, `conversations.open` another one of its own tier
(`--open-per-minute`). A call waits `--latency` seconds, or a time drawn uniformly between
`--latency` and `--latency-max`. `GET /stats` returns the counts (also per token); the process
stops by itself after `--max-seconds`.

    python -m bench.fake_slack --port 0 --rate 5   # prints "port N" when listening
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import time
from collections import Counter, defaultdict
from typing import Any
from urllib.parse import parse_qsl

from aiohttp import web


class Bucket:
    """Slack's side of the limit: `rate` per second with a burst of `burst`."""

    def __init__(self, rate: float, burst: float) -> None:
        self.rate, self.capacity = rate, burst
        self.tokens, self.updated = burst, time.monotonic()

    def take(self) -> bool:
        """Take a token if there is one."""
        now = time.monotonic()
        self.tokens = min(self.capacity, self.tokens + (now - self.updated) * self.rate)
        self.updated = now
        if self.tokens >= 1:
            self.tokens -= 1
            return True
        return False


class FakeSlack:
    """The counting fake."""

    def __init__(
        self,
        rate: float,
        burst: float,
        latency: float,
        latency_max: float = 0.0,
        open_per_minute: float = 0.0,
        open_burst: float = 0.0,
    ) -> None:
        self.rate, self.burst = rate, burst
        self.latency, self.latency_max = latency, max(latency, latency_max)
        self.open_rate, self.open_burst = open_per_minute / 60, open_burst
        self.buckets: dict[str, Bucket] = {}  # per token: chat.postMessage
        self.open_buckets: dict[str, Bucket] = {}  # per token: conversations.open
        self.reset()

    def reset(self) -> None:
        """Forget everything counted."""
        self.requests: Counter[str] = Counter()
        self.per_channel: Counter[str] = Counter()
        self.per_key: Counter[str] = Counter()
        self.copies: Counter[tuple[str, int]] = Counter()
        self.history: dict[str, list[tuple[str, dict[str, Any]]]] = defaultdict(list)
        self.rate_limited = 0
        self.opens_rate_limited = 0
        self.token_posts: Counter[str] = Counter()
        self.token_429: Counter[str] = Counter()
        self.token_opens: Counter[str] = Counter()
        self.token_open_429: Counter[str] = Counter()
        self.token_times: dict[str, list[float]] = defaultdict(list)
        self.history_hits = 0
        self.looked_up: Counter[str] = Counter()  # conversations.history calls by channel
        self.times: list[float] = []
        self.first: float | None = None
        self.last: float | None = None
        self.ts = 0

    async def body(self, request: web.Request) -> dict[str, Any]:
        """The call's arguments, JSON or form-encoded."""
        raw = await request.read()
        args: dict[str, Any] = dict(request.query)  # GET methods (conversations.history)
        if request.content_type == "application/json":
            args.update(json.loads(raw or b"{}"))
        else:
            args.update(parse_qsl(raw.decode()))
        return args

    async def api(self, request: web.Request) -> web.Response:
        """Answer one Web API call."""
        method = request.match_info["method"]
        self.requests[method] += 1
        args = await self.body(request)
        token = request.headers.get("Authorization", "").removeprefix("Bearer ")
        answer = self.answer(method, token, args)  # limits count arrivals, as Slack's do
        if self.latency_max:
            await asyncio.sleep(random.uniform(self.latency, self.latency_max))
        return answer

    def answer(self, method: str, token: str, args: dict[str, Any]) -> web.Response:
        """The answer to one call (counted when it arrives)."""
        if method == "chat.postMessage":
            return self.post(token, args)
        if method == "conversations.open":
            if self.open_rate > 0:
                bucket = self.open_buckets.setdefault(
                    token, Bucket(self.open_rate, self.open_burst or 1.0)
                )
                if not bucket.take():
                    self.opens_rate_limited += 1
                    self.token_open_429[token] += 1
                    return web.json_response(
                        {"ok": False, "error": "ratelimited"},
                        status=429,
                        headers={"Retry-After": "1"},
                    )
            self.token_opens[token] += 1
            users = str(args.get("users", "U0"))
            return web.json_response({"ok": True, "channel": {"id": "D" + users}})
        if method == "conversations.history":
            channel = str(args.get("channel", ""))
            self.looked_up[channel] += 1
            self.history_hits += bool(self.history[channel])
            limit = int(args.get("limit") or 100)
            messages = [
                {"ts": ts, "metadata": {"event_type": "manabi_outbox", "event_payload": payload}}
                for ts, payload in reversed(self.history[channel][-limit:])
            ]
            return web.json_response({"ok": True, "messages": messages})
        if method == "auth.test":
            return web.json_response(
                {"ok": True, "team_id": "T0TEST", "user_id": "U0MANABI", "bot_id": "B0"}
            )
        return web.json_response({"ok": True})

    def post(self, token: str, args: dict[str, Any]) -> web.Response:
        """chat.postMessage: enforce the workspace limit, then count the message."""
        if self.rate > 0:
            bucket = self.buckets.setdefault(token, Bucket(self.rate, self.burst))
            if not bucket.take():
                self.rate_limited += 1
                self.token_429[token] += 1
                return web.json_response(
                    {"ok": False, "error": "ratelimited"}, status=429, headers={"Retry-After": "1"}
                )
        channel = str(args.get("channel", ""))
        metadata = args.get("metadata") or {}
        if isinstance(metadata, str):
            metadata = json.loads(metadata)
        payload = dict(metadata.get("event_payload") or {})
        key = str(payload.get("outbox_key") or "")
        now = time.monotonic()
        self.first = self.first if self.first is not None else now
        self.last = now
        self.times.append(now)
        self.token_posts[token] += 1
        self.token_times[token].append(now)
        self.ts += 1
        ts = f"{self.ts}.000100"
        self.per_channel[channel] += 1
        if key:  # a lesson is two messages with one key: a copy is the same key and text
            self.history[channel].append((ts, payload))
            self.per_key[key] += 1
            self.copies[(key, hash(str(args.get("text", ""))))] += 1
        return web.json_response({"ok": True, "channel": channel, "ts": ts})

    async def stats(self, request: web.Request) -> web.Response:
        """What arrived so far (with `?keys=1`, also which outbox keys arrived, and the
        channels conversations.history was asked about)."""
        span = (self.last - self.first) if self.first is not None and self.last else 0.0
        # The rate after the first second (without the opening burst).
        steady = [t for t in self.times if self.first is not None and t >= self.first + 1.0]
        steady_rate = (len(steady) - 1) / (steady[-1] - steady[0]) if len(steady) > 2 else 0.0
        tokens = {
            token: {
                "posts": self.token_posts[token],
                "rate_limited": self.token_429[token],
                "opens": self.token_opens[token],
                "opens_rate_limited": self.token_open_429[token],
                "steady_per_s": steady_per_s(self.token_times[token]),
            }
            for token in sorted(set(self.token_posts) | set(self.token_429) | set(self.token_opens))
        }
        return web.json_response(
            {
                "requests": dict(self.requests),
                "posts": sum(self.per_channel.values()),
                "rate_limited": self.rate_limited,
                "opens_rate_limited": self.opens_rate_limited,
                "tokens": tokens,
                "history_hits": self.history_hits,
                "channels": len(self.per_channel),
                "channel_counts": dict(Counter(self.per_channel.values())),
                "keys": len(self.per_key),
                "duplicate_keys": len({key for (key, _), n in self.copies.items() if n > 1}),
                "extra_copies": sum(n - 1 for n in self.copies.values() if n > 1),
                "span_seconds": span,
                "steady_per_s": steady_rate,
            }
            | (
                {"arrived_keys": sorted(self.per_key), "looked_up": sorted(self.looked_up)}
                if request.query.get("keys")
                else {}
            )
        )

    async def do_reset(self, _request: web.Request) -> web.Response:
        """Start counting again."""
        self.reset()
        return web.json_response({"ok": True})


def steady_per_s(times: list[float]) -> float:
    """Posts per second after the first second of these arrival times (without the opening
    burst), up to the last one."""
    steady = [t for t in times if t >= times[0] + 1.0] if times else []
    return (len(steady) - 1) / (steady[-1] - steady[0]) if len(steady) > 2 else 0.0


async def main(args: argparse.Namespace) -> None:
    """Serve until `--max-seconds` have passed."""
    fake = FakeSlack(
        args.rate,
        args.burst or max(args.rate, 1.0),
        args.latency,
        args.latency_max,
        args.open_per_minute,
        args.open_burst,
    )
    port, max_seconds = args.port, args.max_seconds
    app = web.Application()
    app.router.add_route("*", "/api/{method}", fake.api)
    app.router.add_get("/stats", fake.stats)
    app.router.add_post("/reset", fake.do_reset)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", port)
    await site.start()
    server = site._server
    assert server is not None
    sockets = getattr(server, "sockets", None) or []
    print(f"port {sockets[0].getsockname()[1]}", flush=True)
    await asyncio.sleep(max_seconds)
    await runner.cleanup()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--rate", type=float, default=0.0, help="posts/s per token; 0 = none")
    parser.add_argument("--burst", type=float, default=0.0)
    parser.add_argument("--latency", type=float, default=0.0, help="seconds per call")
    parser.add_argument(
        "--latency-max", type=float, default=0.0, help="draw latency uniformly up to this"
    )
    parser.add_argument(
        "--open-per-minute", type=float, default=0.0, help="conversations.open per token; 0 = none"
    )
    parser.add_argument("--open-burst", type=float, default=0.0)
    parser.add_argument("--max-seconds", type=float, default=900.0)
    asyncio.run(main(parser.parse_args()))
