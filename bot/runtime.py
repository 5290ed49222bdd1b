"""What `manabi serve` runs beside the web server: the outbox dispatcher and the scheduler,
built from Settings, with a clean stop. (/metrics has its own server: bot/web.py.)"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from datetime import timedelta
from functools import partial
from typing import Any

from aiohttp import web

from bot.app import App
from bot.charts import MatplotlibCharts
from bot.config import Settings
from bot.core.officers.digest import plan_digests
from bot.delivery.dispatcher import DispatchConfig, Dispatcher
from bot.delivery.ratelimit import Limit, Limits, RateLimits, SharedRateLimits
from bot.scheduler import build_scheduler

log = logging.getLogger(__name__)
STOP_GRACE = 30.0  # seconds in-flight sends get to finish on shutdown


def rate_limits(app: App) -> Limits:
    """Buckets per Slack workspace and Teams tenant (on PostgreSQL shared by every replica),
    and per Teams conversation."""
    settings = app.settings
    workspace = {
        "slack": Limit(settings.slack_rate_per_workspace, settings.slack_burst_per_workspace),
        "teams": Limit(settings.teams_rate_per_tenant, settings.teams_rate_per_tenant),
    }
    conversation = {"teams": Limit(settings.teams_rate_per_conversation, 1.0)}
    if app.engine.dialect.name == "postgresql":
        return SharedRateLimits(app.sessions, workspace, conversation)
    return RateLimits(workspace, conversation)


def dispatch_config(settings: Settings) -> DispatchConfig:
    """The dispatcher's settings."""
    return DispatchConfig(
        batch_size=settings.dispatch_batch,
        max_in_flight=settings.dispatch_concurrency,
        lease=timedelta(seconds=settings.dispatch_lease_seconds),
        max_attempts=settings.send_max_attempts,
    )


class DeliveryRuntime:
    """The background half of `manabi serve`: dispatch (every replica) and the scheduler."""

    def __init__(self, app: App) -> None:
        self.app = app
        self.dispatcher = Dispatcher(
            app.sessions,
            app.messengers,
            app.curriculum,
            app.coach.config,
            app.clock,
            rate_limits(app),
            dispatch_config(app.settings),
        )
        self.scheduler: Any = None
        self.task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        """Start dispatching and scheduling, as the settings say."""
        settings = self.app.settings
        if settings.dispatch_enabled and self.app.messengers:
            self.task = asyncio.create_task(self.dispatcher.run(), name="dispatcher")
        if settings.scheduler_enabled:
            self.scheduler = build_scheduler(
                self.app.sessions,
                self.app.clock,
                settings.default_calendar,
                digest=partial(
                    plan_digests,
                    self.app.sessions,
                    self.app.curriculum,
                    min_group=settings.min_group_size,
                    charts=MatplotlibCharts(),
                ),
            )
            self.scheduler.start()
        log.info(
            "delivery started",
            extra={"platforms": sorted(self.app.messengers), "worker": self.dispatcher.worker},
        )

    async def stop(self) -> None:
        """Stop claiming, let in-flight sends finish, give unstarted rows back."""
        if self.scheduler is not None:
            self.scheduler.shutdown(wait=False)
        self.dispatcher.stop()
        if self.task is not None:
            try:
                await asyncio.wait_for(asyncio.shield(self.task), STOP_GRACE)
            except TimeoutError:  # sends still waiting: their rows come back when leases end
                self.task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await self.task
        await self.dispatcher.recorder.close()
        for messenger in self.app.messengers.values():
            close = getattr(messenger, "close", None)  # e.g. the Slack messenger's HTTP session
            if close is not None and asyncio.iscoroutinefunction(close):
                await close()
        log.info("delivery stopped", extra={"worker": self.dispatcher.worker})


def attach_delivery(web_app: web.Application, app: App) -> DeliveryRuntime:
    """Run delivery alongside the web server, stopping it first on exit."""
    runtime = DeliveryRuntime(app)

    async def start(_web_app: web.Application) -> None:
        await runtime.start()

    async def stop(_web_app: web.Application) -> None:
        await runtime.stop()

    web_app.on_startup.append(start)
    web_app.on_shutdown.append(stop)
    return runtime
