"""End-to-end check of `manabi serve` with signed Slack requests and the fake Web API.

    python -m tests.slack_smoke --port 3999

Starts the fake Slack Web API on loopback, runs `manabi serve --port P` with SLACK_BOT_TOKEN,
SLACK_SIGNING_SECRET and SLACK_API_URL pointing at it (fresh SQLite database), then: a DM
"start" → onboarding → a lesson; a quiz button → feedback via chat.update; app_home_opened →
views.publish; the same event twice (X-Slack-Retry-Num: 1) → one effect; a wrong signature →
401. Prints each step; exits non-zero on the first failure. Stops by itself.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import tempfile
from typing import Any

import aiohttp

from tests.slack_fake import (
    BOT_TOKEN,
    SIGNING_SECRET,
    Call,
    FakeSlack,
    action_body,
    dm_event,
    event_body,
    sign,
)

USER = "U0SMOKE"


def buttons(call: Call) -> list[dict[str, Any]]:
    """The buttons in a posted message."""
    return [
        e
        for block in call.args.get("blocks") or []
        for e in block.get("elements", [])
        if e.get("type") == "button"
    ]


def check(ok: bool, what: str) -> None:
    """Print a step's outcome; stop at the first failure."""
    print(f"{'ok  ' if ok else 'FAIL'} {what}", flush=True)
    if not ok:
        raise SystemExit(1)


async def run(port: int) -> None:
    """Run the steps against a fresh `manabi serve`."""
    slack = FakeSlack()
    await slack.start()
    tmp = tempfile.mkdtemp(prefix="manabi-smoke-")
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite+aiosqlite:///{tmp}/smoke.db",
        "SLACK_BOT_TOKEN": BOT_TOKEN,
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_API_URL": slack.url,
        "MANABI_LOG_LEVEL": "WARNING",
        "MANABI_METRICS_PORT": "0",  # a smoke run needs no metrics listener
    }
    command = ["manabi", "serve", "--host", "127.0.0.1", "--port", str(port)]
    print(f"$ SLACK_API_URL={slack.url} SLACK_BOT_TOKEN=xoxb-test ... {' '.join(command)}")
    server = await asyncio.create_subprocess_exec(*command, env=env)
    url = f"http://127.0.0.1:{port}/slack/events"
    try:
        async with aiohttp.ClientSession() as http:

            async def send(body: str, ctype: str, headers: dict[str, str] | None = None) -> int:
                sent = {"Content-Type": ctype, **(sign(body) if headers is None else headers)}
                async with http.post(url, data=body.encode(), headers=sent) as response:
                    return response.status

            async def click(call: Call, value: str) -> int:
                button = next(b for b in buttons(call) if b["value"] == value)
                message = {"ts": call.result["ts"], "text": "", "blocks": call.args["blocks"]}
                action = {k: button[k] for k in ("type", "action_id", "value", "text")}
                return await send(*action_body(USER, action, message=message))

            for _ in range(100):
                try:
                    async with http.get(f"http://127.0.0.1:{port}/healthz") as health:
                        if health.status == 200:
                            break
                except aiohttp.ClientError:
                    await asyncio.sleep(0.1)
            check(True, f"GET /healthz → 200 on port {port}")

            status = await send(*event_body(dm_event(USER, "start"), "EvSmoke1"))
            await slack.wait_for(lambda s: len(s.of("chat.postMessage")) >= 1)
            welcome = slack.of("chat.postMessage")[0]
            values = [b["value"] for b in buttons(welcome)]
            check(status == 200 and "lang:en" in values, f"DM 'start' → {status}; welcome {values}")
            await click(welcome, "lang:en")
            await slack.wait_for(lambda s: len(s.of("chat.postMessage")) >= 2)
            consent = slack.of("chat.postMessage")[1]
            await click(consent, "consent:yes")
            await slack.wait_for(
                lambda s: any(
                    b["value"].startswith("ans:")
                    for c in s.of("chat.postMessage")
                    for b in buttons(c)
                )
            )
            posted = slack.of("chat.postMessage")
            lesson = next(
                c for c in posted if (c.args.get("blocks") or [{}])[0].get("type") == "header"
            )
            title = lesson.args["blocks"][0]["text"]["text"]
            check(
                lesson.args["channel"] == "D" + USER,
                f"consent → lesson posted to {lesson.args['channel']}: {title!r}",
            )
            question = next(
                c for c in posted if any(b["value"].startswith("ans:") for b in buttons(c))
            )
            answer = buttons(question)[0]
            updates = len(slack.of("chat.update"))
            status = await click(question, answer["value"])
            await slack.wait_for(lambda s: len(s.of("chat.update")) > updates)
            feedback = slack.of("chat.update")[-1]
            verdict = next(
                b["text"]["text"] for b in feedback.args["blocks"] if b["type"] == "section"
            )
            if len(feedback.args["blocks"]) > 2:
                verdict = feedback.args["text"]
            check(
                status == 200
                and feedback.args["ts"] == question.result["ts"]
                and not buttons(feedback),
                f"quiz button {answer['value']} → {status}; chat.update ts={feedback.args['ts']}: "
                f"{verdict.splitlines()[0]!r}",
            )

            home = {"type": "app_home_opened", "user": USER, "channel": "D" + USER, "tab": "home"}
            status = await send(*event_body(home, "EvSmokeHome"))
            await slack.wait_for(lambda s: len(s.of("views.publish")) == 1)
            view = slack.of("views.publish")[0].args["view"]
            check(
                status == 200 and view["type"] == "home",
                f"app_home_opened → {status}; views.publish type={view['type']} "
                f"blocks={len(view['blocks'])}",
            )

            before = len(slack.of("chat.postMessage"))
            body, ctype = event_body(
                dm_event(USER, "progress", ts="1700000099.0001"), "EvSmokeRetry"
            )
            first = await send(body, ctype)
            retry = await send(body, ctype, {**sign(body), "X-Slack-Retry-Num": "1"})
            await slack.wait_for(lambda s: len(s.of("chat.postMessage")) > before)
            await asyncio.sleep(1.0)
            after = len(slack.of("chat.postMessage"))
            check(
                (first, retry, after - before) == (200, 200, 1),
                f"same event twice (X-Slack-Retry-Num: 1) → {first}, {retry}; "
                f"messages posted: {after - before}",
            )

            body, ctype = event_body(dm_event(USER, "start"), "EvSmokeBad")
            status = await send(body, ctype, sign(body, secret="wrong-secret"))
            await asyncio.sleep(0.5)
            check(
                status == 401 and len(slack.of("chat.postMessage")) == after,
                f"wrong signature → {status}; nothing posted",
            )
            methods = sorted({c.method for c in slack.calls})
            print(f"fake Slack received {len(slack.calls)} calls: {json.dumps(methods)}")
    finally:
        server.terminate()
        await asyncio.wait_for(server.wait(), timeout=20)
        await slack.stop()


def main() -> None:
    """Parse the port and run the check."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=3999)
    asyncio.run(asyncio.wait_for(run(parser.parse_args().port), timeout=120))
    sys.exit(0)


if __name__ == "__main__":
    main()
