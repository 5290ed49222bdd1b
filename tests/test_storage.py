"""Storage on SQLite and PostgreSQL: migrations, models in step with them, UTC timestamps."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Connection, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker
from sqlalchemy.schema import CreateIndex

import bot.storage.slack_tables  # noqa: F401  (part of the schema)
from bot.storage import learners, lessons
from bot.storage.db import (
    HEAD_REVISION,
    MIGRATIONS,
    create_engine,
    current_revision,
    head_revision,
)
from bot.storage.models import Base, Learner, LessonDelivery, Outbox, postgresql_options

NOW = datetime(2026, 12, 1, 0, 0, tzinfo=UTC)


def _diff(connection: Connection) -> list[object]:
    context = MigrationContext.configure(connection, opts={"compare_type": False})
    return list(compare_metadata(context, Base.metadata))


async def test_database_is_at_the_head_revision(engine: AsyncEngine) -> None:
    assert await current_revision(engine) == head_revision()


def test_the_head_revision_the_server_checks_is_the_newest_migration() -> None:
    assert head_revision() == HEAD_REVISION


async def test_migrations_create_exactly_the_models(engine: AsyncEngine) -> None:
    async with engine.connect() as conn:
        assert await conn.run_sync(_diff) == []


async def test_timestamps_come_back_timezone_aware_utc(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    tokyo = timezone(timedelta(hours=9))
    async with sessions() as session, session.begin():
        _learner, created = await learners.get_or_create_learner(
            session,
            platform="console",
            workspace="local",
            user_id="a",
            now=datetime(2026, 12, 1, 9, 0, tzinfo=tokyo),
            defaults={"status": "active"},
        )
        assert created
    async with sessions() as session:
        found = await session.scalar(select(Learner))
        assert found is not None
        assert found.created_at == NOW and found.created_at.tzinfo is not None
        assert found.created_at.utcoffset() == timedelta(0)


async def test_naive_datetimes_are_refused(sessions: async_sessionmaker[AsyncSession]) -> None:
    with pytest.raises(Exception, match="naive datetime"):
        async with sessions() as session, session.begin():
            await learners.get_or_create_learner(
                session,
                platform="console",
                workspace="local",
                user_id="a",
                now=datetime(2026, 12, 1, 9, 0),
                defaults={},
            )


async def test_get_or_create_is_idempotent(sessions: async_sessionmaker[AsyncSession]) -> None:
    async with sessions() as session, session.begin():
        first, created = await learners.get_or_create_learner(
            session, platform="slack", workspace="T1", user_id="U1", now=NOW, defaults={}
        )
        again, created_again = await learners.get_or_create_learner(
            session, platform="slack", workspace="T1", user_id="U1", now=NOW, defaults={}
        )
        assert created and not created_again and first.id == again.id
        d1 = await lessons.get_or_create_delivery(
            session,
            learner_id=first.id,
            local_date=date(2026, 12, 1),
            kind="lesson",
            lesson_id="x",
            now=NOW,
        )
        d2 = await lessons.get_or_create_delivery(
            session,
            learner_id=first.id,
            local_date=date(2026, 12, 1),
            kind="lesson",
            lesson_id="y",
            now=NOW,
        )
        assert d1.id == d2.id and d2.lesson_id == "x"


async def test_one_delivery_per_learner_day_and_kind_is_enforced(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    async with sessions() as session, session.begin():
        learner, _ = await learners.get_or_create_learner(
            session, platform="slack", workspace="T1", user_id="U1", now=NOW, defaults={}
        )
        learner_id = learner.id
    with pytest.raises(IntegrityError):
        async with sessions() as session, session.begin():
            for _ in range(2):
                session.add(
                    LessonDelivery(
                        learner_id=learner_id,
                        local_date=date(2026, 12, 1),
                        kind="lesson",
                        created_at=NOW,
                    )
                )
                await session.flush()


async def test_processed_events_dedupe_and_prune(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    async with sessions() as session, session.begin():
        assert await learners.claim_event(session, key="slack:Ev1", now=NOW)
        assert not await learners.claim_event(session, key="slack:Ev1", now=NOW)
        assert (
            await learners.prune_events(
                session, now=NOW + timedelta(days=8), keep=timedelta(days=7)
            )
            == 1
        )
        assert await learners.claim_event(session, key="slack:Ev1", now=NOW)


def test_a_postgresql_engine_declares_the_partial_index_where_as_the_migration_does() -> None:
    engine = create_engine("postgresql+psycopg://user@127.0.0.1:9/none")  # never connects
    index = next(i for i in Outbox.__table__.indexes if i.name == "ix_outbox_pending_due")
    ddl = str(CreateIndex(index).compile(dialect=engine.dialect))
    assert ddl.endswith("ON outbox (due_at, id) WHERE state = 'pending'"), ddl
    migration = (MIGRATIONS / "versions" / "0001_initial_schema.py").read_text(encoding="utf-8")
    assert "postgresql_where=sa.text(\"state = 'pending'\")" in migration
    postgresql_options()  # idempotent: a second engine or the migrations' environment
    assert str(index.dialect_kwargs["postgresql_where"]) == "state = 'pending'"
