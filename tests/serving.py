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


@asynccontextmanager
async def serving(
    settings: Settings,
    clock: Clock,
    prepare: Callable[[App], Awaitable[None]] | None = None,
) -> AsyncIterator[tuple[App, str]]:
    """Build the app (with `clock`, after `prepare`), serve it on 127.0.0.1; yield the app and
    its base URL. Stopping the server closes the app.

    Slack's "answering…" placeholder is held back for a minute, so that a slow test machine
    does not put one before the reply a test expects; the test of the placeholder sets its
    own delay."""
    app = await build(settings, clock=clock)
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
