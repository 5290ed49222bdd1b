"""A fake Slack Web API on 127.0.0.1 that records every call, and signed Slack requests.

The fake answers the methods Manabi uses (streamed messages, chat.startStream / appendStream /
stopStream, get a ts like posted ones; the assistant.threads.* methods answer ok); `fail()`
queues a 429 (with Retry-After) or an error for a method. Used by tests/test_slack_*.py and
bench/slack_ack.py.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import itertools
import json
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from aiohttp import WSMsgType, web

SIGNING_SECRET = "test-signing-secret"
BOT_TOKEN = "xoxb-test"
TEAM = "T0TEST"
BOT_USER = "U0MANABI"


@dataclass
class Call:
    """One request the fake received."""

    method: str
    args: dict[str, Any]
    token: str | None
    result: dict[str, Any] = field(default_factory=dict)
    at: float = field(default_factory=time.perf_counter)  # when it arrived (benchmarks)


@dataclass
class Failure:
    """A queued failure for a method: HTTP status, Slack error code, Retry-After."""

    status: int = 200
    error: str | None = None
    retry_after: int | None = None
    passes: bool = False  # let this call through (to fail a later one)


@dataclass
class FakeSlack:
    """The fake Web API server: start(), then point SLACK_API_URL at `url`."""

    timezone: str = "Europe/Berlin"
    locale: str = "en-US"
    calls: list[Call] = field(default_factory=list)
    failures: dict[str, list[Failure]] = field(default_factory=dict)
    record: bool = True  # keep every call (tests); counts are always kept (benchmarks)
    counts: Counter[str] = field(default_factory=Counter)
    _ts: itertools.count[int] = field(default_factory=lambda: itertools.count(1))
    _runner: web.AppRunner | None = None
    port: int = 0
    sockets: list[web.WebSocketResponse] = field(default_factory=list)  # Socket Mode clients
    acks: list[dict[str, Any]] = field(default_factory=list)  # envelopes they acknowledged
    delays: dict[str, float] = field(default_factory=dict)  # seconds a method takes to answer

    @property
    def url(self) -> str:
        """The Web API base URL (what SLACK_API_URL is set to)."""
        return f"http://127.0.0.1:{self.port}/api/"

    def response_url(self, name: str = "r1") -> str:
        """A response_url that lands on this fake (recorded as method 'response')."""
        return f"http://127.0.0.1:{self.port}/response/{name}"

    def fail(self, method: str, *, status: int = 200, error: str | None = None,
             retry_after: int | None = None, times: int = 1, after: int = 0) -> None:  # fmt: skip
        """Make `times` calls of `method` fail, once `after` more calls have gone through."""
        queue = self.failures.setdefault(method, [])
        queue.extend(Failure(passes=True) for _ in range(after))
        queue.extend(Failure(status, error, retry_after) for _ in range(times))

    async def start(self) -> None:
        """Listen on an ephemeral loopback port."""
        app = web.Application()
        app.router.add_route("*", "/api/{method}", self._api)
        app.router.add_post("/response/{name}", self._response)
        app.router.add_get("/socket", self._socket)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = self._runner.addresses[0][1]

    async def stop(self) -> None:
        """Stop listening."""
        for ws in self.sockets:
            await ws.close()
        if self._runner is not None:
            await self._runner.cleanup()

    def of(self, method: str) -> list[Call]:
        """The recorded calls of one method."""
        return [c for c in self.calls if c.method == method]

    async def wait_for(self, predicate: Callable[[FakeSlack], bool], within: float = 5.0) -> None:
        """Wait until `predicate(self)` holds (listeners work after the ack)."""
        deadline = time.monotonic() + within
        while not predicate(self):
            if time.monotonic() > deadline:
                methods = [c.method for c in self.calls]
                raise AssertionError(f"timed out waiting; calls so far: {methods}")
            await asyncio.sleep(0.02)

    async def _args(self, request: web.Request) -> dict[str, Any]:
        args: dict[str, Any] = dict(request.query)
        if request.content_type == "application/json":
            args.update(await request.json())
        elif request.can_read_body:
            args.update(await request.post())
        for key in ("blocks", "view"):
            if isinstance(args.get(key), str):
                args[key] = json.loads(args[key])
        return args

    async def _api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        args = await self._args(request)
        auth = request.headers.get("Authorization", "")
        token = auth.removeprefix("Bearer ") or args.get("token")
        call = Call(method, args, token)
        self.counts[method] += 1
        if self.record:
            self.calls.append(call)
        if method in self.delays:  # without one, no yield: a call is never seen half-answered
            await asyncio.sleep(self.delays[method])
        queued = self.failures.get(method)
        failure = queued.pop(0) if queued else None
        if failure is not None and not failure.passes:
            headers = {"Retry-After": str(failure.retry_after)} if failure.retry_after else {}
            if failure.status == 429:
                return web.json_response(
                    {"ok": False, "error": "ratelimited"}, status=429, headers=headers
                )
            if failure.status >= 500:
                return web.Response(status=failure.status, text="upstream trouble")
            return web.json_response({"ok": False, "error": failure.error or "fatal_error"})
        call.result = self._answer(method, args)
        return web.json_response(call.result)

    async def _socket(self, request: web.Request) -> web.WebSocketResponse:
        """Socket Mode: say hello, then record the client's acks."""
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        self.sockets.append(ws)
        await ws.send_str(json.dumps({"type": "hello", "num_connections": 1}))
        async for message in ws:
            if message.type == WSMsgType.TEXT:
                self.acks.append(json.loads(message.data))
        return ws

    async def push(self, body: str, kind: str = "events_api") -> str:
        """Send a request to the Socket Mode client as an envelope; return its id."""
        envelope_id = f"env-{len(self.acks)}-{time.monotonic_ns()}"
        envelope = {
            "envelope_id": envelope_id,
            "type": kind,
            "accepts_response_payload": kind != "events_api",
            "payload": json.loads(body),
        }
        await self.sockets[-1].send_str(json.dumps(envelope))
        return envelope_id

    async def _response(self, request: web.Request) -> web.Response:
        self.counts["response"] += 1
        if self.record:
            self.calls.append(Call("response", await request.json(), None))
        return web.json_response({"ok": True})

    def _answer(self, method: str, args: dict[str, Any]) -> dict[str, Any]:
        ok: dict[str, Any] = {"ok": True}
        if method == "apps.connections.open":
            return ok | {"url": f"ws://127.0.0.1:{self.port}/socket"}
        if method == "auth.test":
            return ok | {"user_id": BOT_USER, "bot_id": "B0MANABI", "team_id": TEAM, "team": "T"}
        if method == "conversations.open":
            return ok | {"channel": {"id": "D" + str(args.get("users", "X"))}}
        if method in ("chat.postMessage", "chat.update", "chat.startStream"):
            ts = args.get("ts") or f"{1700000000 + next(self._ts)}.000100"
            return ok | {"channel": args.get("channel"), "ts": ts}
        if method in ("chat.appendStream", "chat.stopStream"):
            return ok | {"channel": args.get("channel"), "ts": args.get("ts")}
        if method == "users.info":
            user = {"id": args.get("user"), "tz": self.timezone, "locale": self.locale}
            return ok | {"user": user}
        if method == "oauth.v2.access":
            return ok | {
                "access_token": "xoxb-oauth-test",
                "token_type": "bot",
                "scope": "chat:write",
                "bot_user_id": BOT_USER,
                "app_id": "A0TEST",
                "team": {"id": TEAM, "name": "Test"},
                "authed_user": {"id": "U0ADMIN"},
            }
        return ok


# ---------------------------------------------------------------- signed requests from "Slack"


def sign(body: str, secret: str = SIGNING_SECRET, timestamp: int | None = None) -> dict[str, str]:
    """Headers Slack would send with `body`, signed with v0 HMAC-SHA256."""
    ts = str(int(time.time()) if timestamp is None else timestamp)
    digest = hmac.new(secret.encode(), f"v0:{ts}:{body}".encode(), hashlib.sha256).hexdigest()
    return {"X-Slack-Request-Timestamp": ts, "X-Slack-Signature": f"v0={digest}"}


def event_body(event: dict[str, Any], event_id: str, team: str = TEAM) -> tuple[str, str]:
    """An Events API callback as (body, content type)."""
    envelope = {
        "token": "unused",
        "team_id": team,
        "api_app_id": "A0TEST",
        "type": "event_callback",
        "event_id": event_id,
        "event_time": int(time.time()),
        "event": event,
    }
    return json.dumps(envelope), "application/json"


def dm_event(user: str, text: str, ts: str = "1700000000.000001") -> dict[str, Any]:
    """A message.im event from a member."""
    return {
        "type": "message",
        "channel": "D" + user,
        "channel_type": "im",
        "user": user,
        "text": text,
        "ts": ts,
        "team": TEAM,
    }


def assistant_thread_started(
    user: str, thread_ts: str, context: dict[str, Any] | None = None
) -> dict[str, Any]:
    """An assistant_thread_started event: the member opened Manabi's assistant pane (with
    `context`, e.g. {"channel_id": …}, when it was opened beside a channel)."""
    return {
        "type": "assistant_thread_started",
        "assistant_thread": {
            "user_id": user,
            "context": context or {},
            "channel_id": "D" + user,
            "thread_ts": thread_ts,
        },
        "event_ts": thread_ts,
    }


def assistant_message(user: str, text: str, thread_ts: str, ts: str) -> dict[str, Any]:
    """A member's message in an assistant thread (a message.im event with a thread_ts)."""
    return {**dm_event(user, text, ts), "thread_ts": thread_ts}


def action_body(
    user: str,
    action: dict[str, Any],
    *,
    message: dict[str, Any] | None = None,
    view: bool = False,
    ephemeral: bool = False,
    response_url: str = "http://127.0.0.1:9/response",
    channel: str | None = None,
) -> tuple[str, str]:
    """A block_actions payload as (form body, content type); in the member's DM unless a
    `channel` is given."""
    channel = channel or "D" + user
    action = {"action_ts": f"{time.time():.6f}", "block_id": "b1", **action}
    payload: dict[str, Any] = {
        "type": "block_actions",
        "user": {"id": user, "team_id": TEAM},
        "team": {"id": TEAM},
        "api_app_id": "A0TEST",
        "trigger_id": "1.2.3",
        "actions": [action],
        "response_url": response_url,
    }
    if view:
        payload["container"] = {"type": "view", "view_id": "V1"}
        payload["view"] = {"id": "V1", "type": "home"}
    else:
        msg = message or {"ts": "1700000000.000100", "text": "", "blocks": []}
        payload["container"] = {
            "type": "message",
            "message_ts": msg["ts"],
            "channel_id": channel,
            "is_ephemeral": ephemeral,
        }
        payload["channel"] = {"id": channel}
        if not ephemeral:
            payload["message"] = msg
    return urlencode({"payload": json.dumps(payload)}), "application/x-www-form-urlencoded"


def shortcut_body(
    user: str,
    message: dict[str, Any],
    *,
    channel: str = "C0GENERAL",
    callback_id: str = "manabi_check",
    response_url: str | None = None,
) -> tuple[str, str]:
    """A message shortcut (`message_action`) on `message` as (form body, content type)."""
    payload: dict[str, Any] = {
        "type": "message_action",
        "callback_id": callback_id,
        "trigger_id": "1.2.3",
        "action_ts": f"{time.time():.6f}",
        "team": {"id": TEAM, "domain": "test"},
        "user": {"id": user, "team_id": TEAM},
        "channel": {"id": channel, "name": "general"},
        "message": {"type": "message", "ts": "1700000000.000500", **message},
        "message_ts": message.get("ts", "1700000000.000500"),
        "api_app_id": "A0TEST",
    }
    if response_url:
        payload["response_url"] = response_url
    return urlencode({"payload": json.dumps(payload)}), "application/x-www-form-urlencoded"


def command_body(user: str, text: str, response_url: str) -> tuple[str, str]:
    """A /manabi slash command as (form body, content type)."""
    fields = {
        "command": "/manabi",
        "text": text,
        "team_id": TEAM,
        "user_id": user,
        "channel_id": "C0GENERAL",
        "response_url": response_url,
        "trigger_id": "1.2.3",
        "api_app_id": "A0TEST",
    }
    return urlencode(fields), "application/x-www-form-urlencoded"


async def _serve(port: int, seconds: float) -> None:
    fake = FakeSlack(port=port)
    app = web.Application()
    fake.port = port
    app.router.add_route("*", "/api/{method}", fake._api)
    app.router.add_post("/response/{name}", fake._response)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    print(f"fake Slack Web API at {fake.url} for {seconds:.0f}s", flush=True)
    seen = 0
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        await asyncio.sleep(0.1)
        for call in fake.calls[seen:]:
            detail = {
                k: v for k, v in call.args.items() if k in ("channel", "user", "user_id", "ts")
            }
            print(f"{call.method} {json.dumps(detail)}", flush=True)
        seen = len(fake.calls)
    await runner.cleanup()


def main() -> None:
    """`python -m tests.slack_fake --port 4100`: run the fake on loopback, printing each call."""
    import argparse

    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("--port", type=int, default=4100)
    parser.add_argument("--seconds", type=float, default=300, help="stop after this long")
    args = parser.parse_args()
    asyncio.run(_serve(args.port, args.seconds))


if __name__ == "__main__":
    main()
