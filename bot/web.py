"""The servers `manabi serve` runs: the public one for the chat platforms the App built
(/slack/events and OAuth, or Socket Mode; /api/messages for Teams) and /healthz, with the
outbox dispatcher and the scheduler beside it (bot/runtime.py); and, on its own port (by
default on 127.0.0.1 only), /metrics for Prometheus.

Every public request is counted and timed by route and logged in one access line: method,
route pattern, status and duration; never the query string, the body or the path's ids.

Background work starts with `on_startup`; delivery stops on `on_shutdown` (in-flight sends
finish first), and the App is closed on `on_cleanup`.
"""

from __future__ import annotations

import asyncio
import logging
import platform
import signal
import time
from collections.abc import Awaitable, Callable

from aiohttp import web
from sqlalchemy import text

from bot import metrics
from bot.app import App
from bot.runtime import attach_delivery
from bot.version import version

log = logging.getLogger(__name__)
access_log = logging.getLogger("bot.access")
METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})

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


def route_of(request: web.Request) -> str:
    """The route pattern a request matched (e.g. /slack/events), or "unmatched": a bounded
    label, free of ids and query strings."""
    resource = request.match_info.route.resource
    return resource.canonical if resource is not None else "unmatched"


@web.middleware
async def observe(
    request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
) -> web.StreamResponse:
    """Count, time and log every request: method, route, status, duration; nothing else."""
    started = time.perf_counter()
    status = 500
    try:
        response = await handler(request)
        status = response.status
        return response
    except web.HTTPException as exc:
        status = exc.status
        raise
    except asyncio.CancelledError:
        status = 499  # the client went away before the answer
        raise
    finally:
        seconds = time.perf_counter() - started
        method = request.method if request.method in METHODS else "OTHER"
        route = route_of(request)
        metrics.HTTP_REQUESTS.labels(method=method, route=route, status=str(status)).inc()
        metrics.HTTP_DURATION.labels(method=method, route=route).observe(seconds)
        access_log.info(
            "http request",
            extra={
                "method": method,
                "route": route,
                "status": status,
                "ms": round(seconds * 1000, 1),
            },
        )


async def serve_metrics(_request: web.Request) -> web.Response:
    """The Prometheus exposition of this process's metrics."""
    body, content_type = metrics.exposition()
    return web.Response(body=body, headers={"Content-Type": content_type})


def build_metrics_app() -> web.Application:
    """The metrics server: /metrics only, meant for Prometheus on a private port."""
    metrics_app = web.Application()
    metrics_app.router.add_get("/metrics", serve_metrics)
    return metrics_app


def build_web_app(app: App) -> web.Application:
    """The public web server with every route: mount the chat platforms the App built."""
    web_app = web.Application(middlewares=[observe])
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
    attach_delivery(web_app, app)  # the outbox dispatcher and the scheduler
    web_app.on_cleanup.append(_close(app))
    return web_app


def _close(app: App) -> Callable[[web.Application], Awaitable[None]]:
    async def close(_web_app: web.Application) -> None:
        await app.close()

    return close


async def start_servers(app: App, host: str, port: int) -> list[web.AppRunner]:
    """Start the public server on host:port and, unless MANABI_METRICS_PORT is 0, the metrics
    server on its own address; return their runners (the public one first)."""
    settings = app.settings
    log.info("manabi starting", extra={"version": version(), "python": platform.python_version()})
    runners = [web.AppRunner(build_web_app(app), access_log=None)]
    if settings.metrics_port:
        runners.append(web.AppRunner(build_metrics_app(), access_log=None))
    addresses = [(host, port), (settings.metrics_host, settings.metrics_port)]
    try:
        for runner, (at, number) in zip(runners, addresses, strict=False):
            await runner.setup()
            await web.TCPSite(runner, at, number).start()
    except BaseException:
        for runner in reversed(runners):
            await runner.cleanup()
        raise
    log.info("listening", extra={"host": host, "port": port})
    if settings.metrics_port:
        log.info(
            "metrics listening",
            extra={"host": settings.metrics_host, "port": settings.metrics_port},
        )
    return runners


async def serve(app: App, host: str, port: int) -> None:
    """Run the servers until SIGINT or SIGTERM, then shut down cleanly."""
    runners = await start_servers(app, host, port)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    try:
        await stop.wait()
    finally:
        for runner in runners:
            await runner.cleanup()
