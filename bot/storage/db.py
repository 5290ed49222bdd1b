"""The database engine, sessions and migrations."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, event, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).parent / "migrations"
# The newest migration's id, so that starting on an up-to-date database needs no Alembic import
# (a test checks it against the migration scripts).
HEAD_REVISION = "0001"
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
    if engine.dialect.name == "postgresql":
        from bot.storage.models import postgresql_options

        postgresql_options()
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
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def _upgrade(connection: Connection, revision: str) -> None:
    from alembic import command

    config = alembic_config()
    config.attributes["connection"] = connection
    command.upgrade(config, revision)


def _current(connection: Connection) -> str | None:
    """The revision recorded in Alembic's own table (read with plain SQL: no Alembic import)."""
    if not inspect(connection).has_table("alembic_version"):
        return None
    return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()


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
    """Return the newest migration revision in the migration scripts."""
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config()).get_current_head()


async def ensure_schema(engine: AsyncEngine) -> None:
    """Bring SQLite up to date automatically; on PostgreSQL require an explicit upgrade."""
    try:
        current = await current_revision(engine)
    except Exception as exc:  # driver errors vary; the operator needs one clear line
        raise DatabaseError(
            f"cannot reach the database ({exc.__class__.__name__}): check DATABASE_URL"
        ) from None
    if current == HEAD_REVISION:
        return
    if engine.dialect.name == "sqlite":
        await upgrade(engine)
        return
    raise DatabaseError(
        f"the database schema is at {current or 'nothing'}, the code needs {HEAD_REVISION}: "
        "run `manabi db upgrade`"
    )
