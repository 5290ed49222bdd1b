"""The database engine, sessions and migrations."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

MIGRATIONS = Path(__file__).parent / "migrations"
UPGRADE_LOCK = 0x6D616E616275  # "manabu": a PostgreSQL advisory lock key for migrations


class DatabaseError(Exception):
    """A database problem explained in one line, for the operator."""


def create_engine(url: str, **kwargs: Any) -> AsyncEngine:
    """Create an async engine for `url`, with SQLite set up for a chat bot's small writes."""
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise DatabaseError(f"DATABASE_URL is not a database URL: {exc}") from None
    if parsed.drivername in {"sqlite", "postgresql", "postgres"}:
        hint = "sqlite+aiosqlite://" if parsed.drivername == "sqlite" else "postgresql+psycopg://"
        raise DatabaseError(f"DATABASE_URL needs an async driver: start it with {hint}")
    if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
        Path(parsed.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
    # A failed statement's parameters are member text: keep them out of errors and logs.
    kwargs.setdefault("hide_parameters", True)
    try:
        engine = create_async_engine(parsed, **kwargs)
    except (NoSuchModuleError, ArgumentError) as exc:
        raise DatabaseError(f"DATABASE_URL driver is not available: {exc}") from None
    if engine.dialect.name == "sqlite":
        event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
        # aiosqlite logs every statement with its parameters at DEBUG: never let it.
        logging.getLogger("aiosqlite").setLevel(logging.INFO)
    return engine


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


def session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    """Return the factory of sessions that use cases open, one per unit of work."""
    return async_sessionmaker(engine, expire_on_commit=False)


@asynccontextmanager
async def transaction(factory: async_sessionmaker[AsyncSession]) -> AsyncIterator[AsyncSession]:
    """Open a session, commit on success, roll back on error."""
    async with factory() as session, session.begin():
        yield session


def alembic_config() -> Config:
    """Return the Alembic configuration for our migrations (no alembic.ini needed)."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def _upgrade(connection: Connection, revision: str) -> None:
    config = alembic_config()
    config.attributes["connection"] = connection
    command.upgrade(config, revision)


def _current(connection: Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


async def upgrade(engine: AsyncEngine, revision: str = "head") -> None:
    """Run the migrations up to `revision`."""
    async with engine.begin() as conn:
        if conn.dialect.name == "postgresql":  # replicas starting together upgrade one by one
            await conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": UPGRADE_LOCK})
        await conn.run_sync(_upgrade, revision)


async def current_revision(engine: AsyncEngine) -> str | None:
    """Return the database's migration revision (None when empty)."""
    async with engine.connect() as conn:
        return await conn.run_sync(_current)


def head_revision() -> str | None:
    """Return the newest migration revision in the code."""
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


async def ensure_schema(engine: AsyncEngine) -> None:
    """Bring SQLite up to date automatically; on PostgreSQL require an explicit upgrade."""
    try:
        current = await current_revision(engine)
    except Exception as exc:  # driver errors vary; the operator needs one clear line
        raise DatabaseError(
            f"cannot reach the database ({exc.__class__.__name__}): check DATABASE_URL"
        ) from None
    if current == head_revision():
        return
    if engine.dialect.name == "sqlite":
        await upgrade(engine)
        return
    raise DatabaseError(
        f"the database schema is at {current or 'nothing'}, the code needs {head_revision()}: "
        "run `manabi db upgrade`"
    )
