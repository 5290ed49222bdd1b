"""One aiohttp server for everything that listens: the chat platforms the App built
(/slack/events and OAuth, or Socket Mode; /api/messages for Teams), /healthz, and /metrics
with the outbox dispatcher and the scheduler running beside it (bot/runtime.py).

Background work starts with `on_startup`; delivery stops on `on_shutdown` (in-flight sends
finish first), and the App is closed on `on_cleanup`.
"""

from __future__ import annotations

import asyncio
import logging
import signal
from collections.abc import Awaitable, Callable

from aiohttp import web
from sqlalchemy import text

from bot.app import App
from bot.runtime import attach_delivery

log = logging.getLogger(__name__)

APP_KEY = web.AppKey("manabi_app", App)
HEALTH_TIMEOUT = 2.0  # seconds the database has to answer /healthz


async def healthz(request: web.Request) -> web.Response:
    """200 when the database answers, 503 otherwise."""
    app = request.app[APP_KEY]
    try:
        async with asyncio.timeout(HEALTH_TIMEOUT), app.engine.connect() as conn:
            await conn.execute(text("SELECT 1"))
    except Exception as exc:
        log.warning("health check failed", extra={"error": exc.__class__.__name__})
        return web.json_response({"status": "unavailable", "database": "down"}, status=503)
    return web.json_response({"status": "ok"})


def build_web_app(app: App) -> web.Application:
    """The web server with every route: mount the chat platforms the App built, if any."""
    web_app = web.Application()
    web_app[APP_KEY] = app
    web_app.router.add_get("/healthz", healthz)
    if app.slack is not None:
        app.slack.attach(web_app)
    if app.teams is not None:
        from bot.channels.teams.hosting import register

        register(web_app, app.teams)
    if app.slack is None and app.teams is None:
        log.warning(
            "no chat platform configured: set SLACK_BOT_TOKEN (and SLACK_SIGNING_SECRET or "
            "SLACK_APP_TOKEN), SLACK_CLIENT_ID, or MICROSOFT_APP_ID; `manabi try` chats locally"
        )
    attach_delivery(web_app, app)  # /metrics, the outbox dispatcher and the scheduler
    web_app.on_cleanup.append(_close(app))
    return web_app


def _close(app: App) -> Callable[[web.Application], Awaitable[None]]:
    async def close(_web_app: web.Application) -> None:
        await app.close()

    return close


async def serve(app: App, host: str, port: int) -> None:
    """Run the web server until SIGINT or SIGTERM, then shut down cleanly."""
    runner = web.AppRunner(build_web_app(app), access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, host, port)
    await site.start()
    log.info("listening", extra={"host": host, "port": port})
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    try:
        await stop.wait()
    finally:
        await runner.cleanup()
