"""Alembic environment: runs on a connection we pass in, or on DATABASE_URL."""

from __future__ import annotations

import asyncio

from alembic import context
from sqlalchemy import Connection

import bot.storage.slack_tables  # noqa: F401  (registers the Slack OAuth tables)
from bot.storage.models import Base, postgresql_options

postgresql_options()  # a migration is written, and run, with every database's options
target_metadata = Base.metadata


def run_on(connection: Connection) -> None:
    """Run the migrations on a synchronous connection."""
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


async def run_with_url() -> None:
    """Connect with the configured URL (used by `alembic` on the command line)."""
    from bot.config import load_settings
    from bot.storage.db import create_engine

    engine = create_engine(load_settings().database_url)
    async with engine.begin() as conn:
        await conn.run_sync(run_on)
    await engine.dispose()


connection = context.config.attributes.get("connection")
if connection is not None:
    run_on(connection)
else:
    asyncio.run(run_with_url())
