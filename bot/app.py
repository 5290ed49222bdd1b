"""Composition root: build the services from Settings."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.config import Settings
from bot.content.model import Curriculum
from bot.core.context import CoachConfig
from bot.core.conversation import Coach
from bot.core.ports import Clock, Messenger
from bot.llm.answering import build_answering
from bot.retrieval.cache import load_course
from bot.storage.db import create_engine, ensure_schema, session_factory


class SystemClock:
    """The real time, in UTC."""

    def now(self) -> datetime:
        """Return the current time, timezone-aware."""
        return datetime.now(UTC)


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

    async def close(self) -> None:
        """Release the database connections."""
        for closer in self.closers:
            await closer()
        await self.engine.dispose()


def coach_config(settings: Settings) -> CoachConfig:
    """Take what core needs from the settings."""
    return CoachConfig(
        default_timezone=settings.default_timezone,
        default_locale=settings.default_locale,
        default_delivery_minute=settings.default_delivery_minute,
        default_calendar=settings.default_calendar,
        quiz_per_lesson=settings.quiz_per_lesson,
        review_batch=settings.review_batch,
        retain_questions=settings.retain_questions,
        min_group_size=settings.min_group_size,
    )


async def build(settings: Settings) -> App:
    """Load and check the content, open the database (upgrading SQLite), and wire the coach."""
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
    coach = Coach(sessions, curriculum, coach_config(settings), ask=answering)
    app = App(settings, engine, sessions, curriculum, coach)
    if answerer is not None:
        app.closers.append(answerer.close)
    add_slack_messenger(app)
    add_teams_messenger(app)
    return app


def add_slack_messenger(app: App) -> None:
    """Register the Slack messenger when Slack is configured."""
    s = app.settings
    slack = (s.slack_bot_token, s.slack_signing_secret, s.slack_app_token, s.slack_client_id)
    if not any((*slack, s.slack_client_secret)):
        return  # no Slack setting at all: skip importing Bolt (a quarter of a second)
    from bot.channels.slack.app import build_messenger

    messenger = build_messenger(app.settings, app.engine)
    if messenger is not None:
        app.messengers["slack"] = messenger


def add_teams_messenger(app: App) -> None:
    """Register the Teams messenger when Teams is configured."""
    if not app.settings.teams_enabled:
        return  # skip importing the Teams SDK (half a second) when it is not used
    from bot.channels.teams.hosting import build_channel

    channel = build_channel(app.settings, app.coach, app.clock)
    if channel is not None:
        app.messengers["teams"] = channel.messenger()
