"""INSERT … ON CONFLICT DO NOTHING for both SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Table
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.dml import Insert


def insert_ignore(session: AsyncSession, table: Table, conflict: Sequence[str]) -> Insert:
    """Return an INSERT into `table` that does nothing when `conflict` columns already match."""
    if session.bind.dialect.name == "postgresql":
        return postgresql.insert(table).on_conflict_do_nothing(index_elements=list(conflict))
    return sqlite.insert(table).on_conflict_do_nothing(index_elements=list(conflict))


async def insert_if_new(
    session: AsyncSession, table: Table, conflict: Sequence[str], values: dict[str, Any]
) -> bool:
    """Insert one row unless it exists; return True when this call inserted it."""
    result = await session.execute(insert_ignore(session, table, conflict).values(**values))
    return bool(result.rowcount)  # type: ignore[attr-defined]
