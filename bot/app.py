"""Composition root: build the services from Settings."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field, fields
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.config import Settings
from bot.content.model import Curriculum
from bot.core.context import CoachConfig
from bot.core.conversation import Coach
from bot.core.ports import Clock, Messenger
from bot.core.qa.checking.checks import AnswerChecks
from bot.delivery.channel_book import StoredChannels
from bot.delivery.ratelimit import Limit, SharedPacer
from bot.llm.answering import build_answering
from bot.retrieval.cache import load_course
from bot.storage.db import create_engine, ensure_schema, session_factory

if TYPE_CHECKING:  # the channels import their SDKs; only a configured channel loads one
    from bot.channels.slack.app import SlackChannel
    from bot.channels.teams.hosting import TeamsChannel
    from bot.core.qa.checking.lookups import Lookups
    from bot.lookups.build import OpenLookups


class SystemClock:
    """The real time, in UTC."""

    def now(self) -> datetime:
        """Return the current time, timezone-aware."""
        return datetime.now(UTC)


SHUTDOWN_GRACE = 10.0  # seconds members' turns in flight get to finish on shutdown
CONFIG_ONLY = frozenset({"review_in_lesson"})  # CoachConfig fields no setting changes


@dataclass
class App:
    """Everything a running Manabi needs, built once."""

    settings: Settings
    engine: AsyncEngine
    sessions: async_sessionmaker[AsyncSession]
    curriculum: Curriculum
    coach: Coach
    clock: Clock = field(default_factory=SystemClock)
    # Proactive senders by platform ("slack", "teams", "console"), used by the outbox dispatcher.
    messengers: dict[str, Messenger] = field(default_factory=dict)
    # Things to close on shutdown besides the engine (e.g. the LLM client's connections).
    closers: list[Callable[[], Awaitable[None]]] = field(default_factory=list)
    # The chat platforms, when configured: built here once; the web server mounts them.
    slack: SlackChannel | None = None
    teams: TeamsChannel | None = None

    async def close(self) -> None:
        """Run the closers (e.g. the LLM client's connections), then release the database
        connections. The messengers are closed by the delivery runtime, which uses them."""
        with contextlib.suppress(TimeoutError):  # let members' turns in flight finish first
            async with asyncio.timeout(SHUTDOWN_GRACE):
                await self.coach.drain()
        for closer in self.closers:
            await closer()
        await self.engine.dispose()


def coach_config(settings: Settings) -> CoachConfig:
    """Take what core needs from the settings: each CoachConfig field that is also a setting
    takes the setting of the same name (`CONFIG_ONLY` lists those that are not)."""
    taken = [f.name for f in fields(CoachConfig) if f.name not in CONFIG_ONLY]
    return CoachConfig(**{name: getattr(settings, name) for name in taken})


async def build(settings: Settings, *, clock: Clock | None = None, channels: bool = True) -> App:
    """Load and check the content, open the database (upgrading SQLite), wire the coach, and
    build each configured chat platform once (not for commands that need none: `channels`)."""
    course = load_course(settings.lessons_dir)  # checked once per change of the lessons
    curriculum = course.curriculum
    engine = create_engine(settings.database_url)
    try:
        await ensure_schema(engine)
    except Exception:
        await engine.dispose()
        raise
    sessions = session_factory(engine)
    answering, answerer = build_answering(settings, curriculum, index=course.index)
    checks, close_lookups = answer_checks(settings)
    coach = Coach(sessions, curriculum, coach_config(settings), ask=answering, checks=checks)
    app = App(settings, engine, sessions, curriculum, coach, clock=clock or SystemClock())
    if answerer is not None:
        app.closers.append(answerer.close)
    if close_lookups is not None:
        app.closers.append(close_lookups)
    if channels:
        add_slack(app)
        add_teams(app)
    return app


class LookupsOnDemand:
    """The e-Gov, Crossref and link lookups, opened at the first check (the HTTP client costs
    start-up time that `manabi try` and the CLI commands should not pay) and closed once."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._opened: OpenLookups | None = None

    def __call__(self) -> Lookups:
        """The lookups, opened on first use (inside the running event loop)."""
        if self._opened is None:
            from bot.lookups.build import build_lookups

            self._opened = build_lookups(self.settings)
        return self._opened.lookups

    async def close(self) -> None:
        """Close the lookups' connections, if they were opened."""
        if self._opened is not None:
            await self._opened.close()
            self._opened = None


def answer_checks(
    settings: Settings,
) -> tuple[AnswerChecks, Callable[[], Awaitable[None]] | None]:
    """Members' answer checks, with the lookups unless they are switched off; and what closes
    the lookups' connections (None when there are none)."""
    if not settings.check_lookups:
        return AnswerChecks(), None
    lookups = LookupsOnDemand(settings)
    return AnswerChecks(lookups), lookups.close


def add_slack(app: App) -> None:
    """Build the Slack channel (Bolt app and messenger) when Slack is configured."""
    s = app.settings
    slack = (s.slack_bot_token, s.slack_signing_secret, s.slack_app_token, s.slack_client_id)
    if not any((*slack, s.slack_client_secret)):
        return  # no Slack setting at all: skip importing Bolt (a quarter of a second)
    from bot.channels.slack.app import build_slack
    from bot.channels.slack.chat import SlackContext

    app.slack = build_slack(app.settings, app.engine, SlackContext(app.coach, app.clock))
    if app.slack is not None:
        app.slack.messenger.book = StoredChannels(app.sessions)
        rate = app.settings.slack_open_per_minute / 60
        if app.engine.dialect.name == "postgresql" and rate > 0:
            # conversations.open has its own tier: one budget for every replica.
            from bot.channels.slack.messenger import OPEN_BURST

            opens = Limit(rate, OPEN_BURST)
            app.slack.messenger.opens = SharedPacer(app.sessions, "slack", opens, "open")
        app.messengers["slack"] = app.slack.messenger


def add_teams(app: App) -> None:
    """Build the Teams channel (adapter, agent and messenger) when Teams is configured."""
    if not app.settings.teams_enabled:
        return  # skip importing the Teams SDK (half a second) when it is not used
    from bot.channels.teams.hosting import build_channel

    app.teams = build_channel(app.settings, app.coach, app.clock)
    if app.teams is not None:
        app.messengers["teams"] = app.teams.messenger()
