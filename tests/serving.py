"""`manabi serve`'s web app on an ephemeral loopback port, for tests that talk HTTP to it."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager

from aiohttp import web

from bot.app import App, build
from bot.config import Settings
from bot.core.ports import Clock
from bot.web import build_web_app

PLACEHOLDER_AFTER = 60.0  # seconds; see serving()
# Slack's per-workspace pacing is lifted unless a test sets it: these tests are about what is
# sent, and the shared PostgreSQL buckets would pace a cohort's messages over several seconds
# (rate limits have their own tests and benchmarks).
UNLIMITED = {"slack_rate_per_workspace": 0.0, "slack_open_per_minute": 0.0}


@asynccontextmanager
async def serving(
    settings: Settings,
    clock: Clock,
    prepare: Callable[[App], Awaitable[None]] | None = None,
) -> AsyncIterator[tuple[App, str]]:
    """Build the app (with `clock`, after `prepare`), serve it on 127.0.0.1; yield the app and
    its base URL. Stopping the server closes the app.

    Slack's pacing is lifted (see UNLIMITED), and its "answering…" placeholder is held back
    for a minute so that a slow test machine does not put one before the reply a test
    expects (the test of the placeholder sets its own delay)."""
    lifted = {k: v for k, v in UNLIMITED.items() if k not in settings.model_fields_set}
    app = await build(settings.model_copy(update=lifted), clock=clock)
    if app.slack is not None and app.slack.context is not None:
        app.slack.context.answering_after = PLACEHOLDER_AFTER
    if prepare is not None:
        await prepare(app)
    runner = web.AppRunner(build_web_app(app), access_log=None)
    await runner.setup()
    try:
        await web.TCPSite(runner, "127.0.0.1", 0).start()
        yield app, f"http://127.0.0.1:{runner.addresses[0][1]}"
    finally:
        await runner.cleanup()
