"""INSERT … ON CONFLICT DO NOTHING for both SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from sqlalchemy import Table
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.dml import Insert

from bot.storage.models import Base

if TYPE_CHECKING:
    from sqlalchemy.dialects import postgresql, sqlite


def table_of(model: type[Base]) -> Table:
    """Return the Table behind an ORM class."""
    table = model.__table__
    assert isinstance(table, Table)
    return table


def dialect_insert(session: AsyncSession, table: Table) -> postgresql.Insert | sqlite.Insert:
    """Return the INSERT of the session's database, which knows ON CONFLICT. Each dialect is
    imported when used: loading PostgreSQL's costs a SQLite process 50 ms at start-up."""
    if session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects import postgresql

        return postgresql.insert(table)
    from sqlalchemy.dialects import sqlite

    return sqlite.insert(table)


def insert_ignore(session: AsyncSession, model: type[Base], conflict: Sequence[str]) -> Insert:
    """Return an INSERT that does nothing when the `conflict` columns already match a row."""
    insert = dialect_insert(session, table_of(model))
    return insert.on_conflict_do_nothing(index_elements=list(conflict))


async def insert_if_new(
    session: AsyncSession, model: type[Base], conflict: Sequence[str], values: dict[str, Any]
) -> bool:
    """Insert one row unless it exists; return True when this call inserted it."""
    # RETURNING, not rowcount: drivers disagree on rowcount after ON CONFLICT DO NOTHING.
    statement = insert_ignore(session, model, conflict).values(**values)
    result = await session.execute(statement.returning(table_of(model).c[conflict[0]]))
    return result.first() is not None
