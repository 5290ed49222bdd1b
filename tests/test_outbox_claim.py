"""Claiming reads the pending backlog in index order: LIMIT n rows, never a sort of them all."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import event, text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.storage import outbox
from bot.storage.db import transaction
from tests.delivery_helpers import add_learner, add_org

NOW = datetime(2026, 12, 1, 0, 0, tzinfo=UTC)


async def test_claim_reads_pending_rows_from_the_partial_index_without_sorting(
    db_url: str, engine: AsyncEngine, sessions: async_sessionmaker[AsyncSession]
) -> None:
    if not db_url.startswith("postgresql"):
        pytest.skip("the query plan is PostgreSQL's")
    learner = await add_learner(sessions, await add_org(sessions), "U1")
    async with transaction(sessions) as session:
        await session.execute(
            text(
                "INSERT INTO outbox (dedupe_key, kind, learner_id, platform, workspace, payload,"
                " state, due_at, attempts, created_at)"
                " SELECT 'k' || g, 'lesson', :learner, 'slack', 'T1', '{}',"
                " CASE WHEN g % 10 = 0 THEN 'sent' ELSE 'pending' END,"
                " :now - g * interval '1 second', 0, :now FROM generate_series(1, 20000) g"
            ),
            {"learner": learner, "now": NOW},
        )
    async with engine.connect() as conn:
        await conn.execute(text("COMMIT"))
        await conn.execute(text("ANALYZE outbox"))
        await conn.commit()
    statements: list[tuple[str, Any]] = []

    def keep(_c: Any, _cur: Any, statement: str, parameters: Any, *_a: Any) -> None:
        if statement.startswith("SELECT") and "FOR UPDATE SKIP LOCKED" in statement:
            statements.append((statement, parameters))

    event.listen(engine.sync_engine, "before_cursor_execute", keep)
    try:
        async with transaction(sessions) as session:
            jobs = await outbox.claim(
                session,
                worker="w",
                now=NOW,
                lease=timedelta(minutes=5),
                limit=200,
                platforms=["slack"],
            )
    finally:
        event.remove(engine.sync_engine, "before_cursor_execute", keep)
    assert len(jobs) == 200
    assert [job.dedupe_key for job in jobs[:3]] == ["k19999", "k19998", "k19997"]  # oldest due
    pending_claim = statements[-1]
    async with engine.connect() as conn:
        raw = await conn.get_raw_connection()
        cursor = raw.driver_connection.cursor()  # type: ignore[union-attr]
        await cursor.execute("EXPLAIN " + pending_claim[0], pending_claim[1])
        plan = "\n".join(row[0] for row in await cursor.fetchall())
    assert "ix_outbox_pending_due" in plan, plan
    assert "Sort" not in plan, plan
