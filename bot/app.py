"""Composition root: build the services from Settings."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.config import Settings
from bot.content.loader import load_curriculum
from bot.content.model import Curriculum
from bot.core.context import CoachConfig
from bot.core.conversation import Coach
from bot.storage.db import create_engine, ensure_schema, session_factory


@dataclass
class App:
    """Everything a running Manabi needs, built once."""

    settings: Settings
    engine: AsyncEngine
    sessions: async_sessionmaker[AsyncSession]
    curriculum: Curriculum
    coach: Coach

    async def close(self) -> None:
        """Release the database connections."""
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
    )


async def build(settings: Settings) -> App:
    """Load and check the content, open the database (upgrading SQLite), and wire the coach."""
    curriculum = load_curriculum(settings.lessons_dir)
    engine = create_engine(settings.database_url)
    try:
        await ensure_schema(engine)
    except Exception:
        await engine.dispose()
        raise
    sessions = session_factory(engine)
    coach = Coach(sessions, curriculum, coach_config(settings))
    return App(settings, engine, sessions, curriculum, coach)
