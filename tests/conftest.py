"""Shared fixtures: a real database (SQLite always, PostgreSQL when configured), the
curriculum, the coach, a fixed clock, a fake OpenAI endpoint, and a guard that fails any
non-loopback connection."""

from __future__ import annotations

import asyncio
import ipaddress
import os
import shutil
import socket
import uuid
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.config import ROOT, Settings, load_settings
from bot.content.loader import load_curriculum
from bot.content.model import Curriculum
from bot.core.context import CoachConfig
from bot.core.conversation import Coach
from bot.core.qa.questions import QuestionAnswering
from bot.retrieval.index import PassageIndex
from bot.storage.db import create_engine, session_factory, upgrade
from bot.storage.models import Base
from tests.clocks import FixedClock
from tests.fake_openai import FakeOpenAI

PG_URL = os.environ.get("MANABI_TEST_DATABASE_URL")
SECRET_VARS = (
    "OPENAI_API_KEY",
    "OPENAI_BASE_URL",
    "AZURE_OPENAI_API_KEY",
    "AZURE_OPENAI_ENDPOINT",
    "SLACK_BOT_TOKEN",
    "SLACK_SIGNING_SECRET",
    "SLACK_APP_TOKEN",
    "SLACK_CLIENT_ID",
    "SLACK_CLIENT_SECRET",
    "SLACK_API_URL",
    "MANABI_SECRET_KEY",
    "MICROSOFT_APP_ID",
    "MICROSOFT_APP_PASSWORD",
    "MICROSOFT_APP_TENANT_ID",
    "DATABASE_URL",
)

# ---------------------------------------------------------------- no network, no real tokens


def _loopback(address: Any) -> bool:
    if isinstance(address, (str, bytes)):  # AF_UNIX path
        return True
    host = address[0]
    if host in ("localhost", ""):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail any test that opens a connection to anything but loopback."""
    real_connect, real_connect_ex = socket.socket.connect, socket.socket.connect_ex

    def connect(self: socket.socket, address: Any) -> Any:
        if not _loopback(address):
            raise RuntimeError(f"test tried to reach the network: {address!r}")
        return real_connect(self, address)

    def connect_ex(self: socket.socket, address: Any) -> Any:
        if not _loopback(address):
            raise RuntimeError(f"test tried to reach the network: {address!r}")
        return real_connect_ex(self, address)

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket.socket, "connect_ex", connect_ex)


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """Never read real tokens or a developer's database from the environment."""
    for name in SECRET_VARS:
        monkeypatch.delenv(name, raising=False)


def make_settings(**overrides: Any) -> Settings:
    """Settings for a test: no .env file, only what the test passes."""
    return load_settings(_env_file=None, **overrides)


# ---------------------------------------------------------------- content and time


@pytest.fixture(scope="session")
def curriculum() -> Curriculum:
    """The real curriculum in lessons/."""
    return load_curriculum(ROOT / "lessons")


@pytest.fixture
def clock() -> FixedClock:
    """Tuesday 1 December 2026, 09:00 in Tokyo (a business day after the delivery time)."""
    return FixedClock(datetime(2026, 12, 1, 0, 0, tzinfo=UTC))


# ---------------------------------------------------------------- the model


@pytest.fixture
async def fake_openai() -> AsyncIterator[FakeOpenAI]:
    """A fake OpenAI endpoint on an ephemeral loopback port, stopped after the test."""
    server = FakeOpenAI()
    await server.start()
    yield server
    await server.stop()


# ---------------------------------------------------------------- databases

BACKENDS = ["sqlite"] + (["postgresql"] if PG_URL else [])


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An upgraded SQLite file that each test copies (migrations run once per session)."""
    path = tmp_path_factory.mktemp("db") / "template.db"

    async def build() -> None:
        engine = create_engine(f"sqlite+aiosqlite:///{path}")
        await upgrade(engine)
        await engine.dispose()

    asyncio.run(build())
    return path


@pytest.fixture(scope="session")
def pg_database() -> Iterator[str | None]:
    """A fresh PostgreSQL database for this test session, upgraded, dropped at the end."""
    if not PG_URL:
        yield None
        return
    name = f"manabi_test_{uuid.uuid4().hex[:10]}"
    admin = make_url(PG_URL)

    async def admin_sql(sql: str) -> None:
        engine = create_engine(
            admin.render_as_string(hide_password=False), isolation_level="AUTOCOMMIT"
        )
        async with engine.connect() as conn:
            await conn.execute(text(sql))
        await engine.dispose()

    asyncio.run(admin_sql(f'CREATE DATABASE "{name}"'))
    url = admin.set(database=name).render_as_string(hide_password=False)

    async def build() -> None:
        engine = create_engine(url)
        await upgrade(engine)
        await engine.dispose()

    asyncio.run(build())
    yield url
    asyncio.run(admin_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@pytest.fixture(params=BACKENDS)
def db_url(
    request: pytest.FixtureRequest, tmp_path: Path, sqlite_template: Path, pg_database: str | None
) -> str:
    """A migrated, empty database: SQLite always, and PostgreSQL when configured."""
    if request.param == "sqlite":
        path = tmp_path / "manabi.db"
        shutil.copy(sqlite_template, path)
        return f"sqlite+aiosqlite:///{path}"
    assert pg_database is not None
    return pg_database


@pytest.fixture
async def engine(db_url: str) -> AsyncIterator[AsyncEngine]:
    """An engine on the test database; PostgreSQL tables are emptied before each test."""
    eng = create_engine(db_url)
    if eng.dialect.name == "postgresql":
        tables = ", ".join(f'"{t.name}"' for t in Base.metadata.sorted_tables)
        async with eng.begin() as conn:
            # A connection left open elsewhere would make TRUNCATE wait for ever: fail instead.
            await conn.execute(text("SET LOCAL lock_timeout = '30s'"))
            await conn.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
    yield eng
    await eng.dispose()


@pytest.fixture
def sessions(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    """The session factory on the test database."""
    return session_factory(engine)


@pytest.fixture(scope="session")
def passage_index(curriculum: Curriculum) -> PassageIndex:
    """The lessons' passage index, built once for the whole run."""
    return PassageIndex.from_curriculum(curriculum)


@pytest.fixture
def offline_answering(passage_index: PassageIndex) -> QuestionAnswering:
    """Question answering from the lessons alone (no model), with its own recent turns."""
    return QuestionAnswering(retriever=passage_index)


@pytest.fixture
def coach(
    sessions: async_sessionmaker[AsyncSession],
    curriculum: Curriculum,
    offline_answering: QuestionAnswering,
) -> Coach:
    """The coach on the test database with the real curriculum and default settings."""
    return Coach(sessions, curriculum, CoachConfig(), offline_answering)
