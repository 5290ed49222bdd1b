"""A claimed batch of lesson rows is composed together (one transaction), and each learner
gets exactly what composing their row alone gives."""

from __future__ import annotations

import shutil
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.content.model import Curriculum
from bot.core.context import CoachConfig
from bot.core.messages import Reply
from bot.delivery.compose import Composer
from bot.delivery.dispatcher import DispatchConfig, Dispatcher
from bot.delivery.jobs import plan
from bot.storage import outbox
from bot.storage.db import create_engine, session_factory, transaction
from bot.storage.models import Learner, LessonDelivery, ReviewCard
from tests.conftest import FixedClock
from tests.delivery_helpers import add_learner, add_org, outbox_rows
from tests.fakes import RecordingMessenger

NOW = datetime(2026, 12, 1, 0, 5, tzinfo=UTC)  # Tuesday 09:05 in Tokyo
LEARNERS = 100


async def _seed(
    sessions: async_sessionmaker[AsyncSession], curriculum: Curriculum, history: bool
) -> None:
    org = await add_org(sessions, nudge_days="")
    for n in range(LEARNERS):
        learner = await add_learner(sessions, org, f"U{n}", locale="ja" if n % 3 else "en")
        if history and n % 2:  # yesterday's lesson done; some of its items due for review
            await _add_history(sessions, learner, curriculum, n)
    assert (await plan(sessions, now=NOW, default_calendar="JP")) is not None


async def _add_history(
    sessions: async_sessionmaker[AsyncSession], learner: int, curriculum: Curriculum, n: int
) -> None:
    lesson = curriculum.lessons[0]
    yesterday = NOW - timedelta(days=1)
    async with transaction(sessions) as session:
        session.add(
            LessonDelivery(
                learner_id=learner,
                lesson_id=lesson.id,
                local_date=yesterday.date(),
                kind="lesson",
                state="completed",
                created_at=yesterday,
                completed_at=yesterday,
            )
        )
        for k, item in enumerate(lesson.meta.items):
            due = NOW + timedelta(hours=(k + n) % 5 - 2)  # due, or due later today
            session.add(ReviewCard(learner_id=learner, item_id=item.id, state=2, due=due))


@pytest.fixture
async def reference(
    tmp_path: Path, sqlite_template: Path
) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    """A second database with the same learners, whose rows are composed one at a time."""
    path = tmp_path / "reference.db"
    shutil.copy(sqlite_template, path)
    engine = create_engine(f"sqlite+aiosqlite:///{path}")
    yield session_factory(engine)
    await engine.dispose()


@pytest.mark.parametrize("history", [False, True], ids=["first-day", "with-history"])
async def test_a_batch_of_lessons_is_composed_in_one_transaction_exactly_as_one_by_one(
    engine: AsyncEngine,
    sessions: async_sessionmaker[AsyncSession],
    reference: async_sessionmaker[AsyncSession],
    curriculum: Curriculum,
    history: bool,
) -> None:
    await _seed(sessions, curriculum, history)
    await _seed(reference, curriculum, history)
    clock = FixedClock(NOW)
    # The one-by-one way: each row in its learner's own turn and transaction.
    composer = Composer(reference, curriculum, CoachConfig(), clock)
    async with transaction(reference) as session:
        jobs = await outbox.claim(
            session,
            worker="w",
            now=NOW,
            lease=timedelta(minutes=1),
            limit=500,
            platforms=["slack"],
        )
    expected: dict[str, list[Reply]] = {}
    for job in jobs:
        async with reference() as session:
            learner = await session.get(Learner, job.learner_id)
        assert learner is not None
        expected[job.dedupe_key] = await composer.compose(
            job, retry=False, status="active", locale=learner.locale
        )
    commits = 0

    def count(_connection: Any) -> None:
        nonlocal commits
        commits += 1

    event.listen(engine.sync_engine, "commit", count)
    messenger = RecordingMessenger()
    dispatcher = Dispatcher(
        sessions,
        {"slack": messenger},
        curriculum,
        CoachConfig(),
        clock,
        config=DispatchConfig(batch_size=200),
    )
    try:
        assert await dispatcher.drain() == LEARNERS
    finally:
        event.remove(engine.sync_engine, "commit", count)
    got = {address.key: replies for address, replies in messenger.sent}
    assert len(messenger.sent) == LEARNERS and got == expected
    assert all(replies[0].kind == "lesson" for replies in got.values())
    assert commits <= LEARNERS * 0.1, commits  # claim, the batch, the sent marks
    assert {row.state for row in await outbox_rows(sessions)} == {"sent"}


async def test_the_batch_marks_its_lessons_as_being_sent_by_its_worker_only(
    sessions: async_sessionmaker[AsyncSession], curriculum: Curriculum
) -> None:
    """The transaction that composes a batch also marks its rows (no extra commit); a batch
    holding a row another worker took over composes nothing (its rows go one by one)."""
    await _seed(sessions, curriculum, history=False)
    composer = Composer(sessions, curriculum, CoachConfig(), FixedClock(NOW))
    async with transaction(sessions) as session:
        jobs = await outbox.claim(
            session,
            worker="w",
            now=NOW,
            lease=timedelta(minutes=1),
            limit=4,
            platforms=["slack"],
        )
    assert set(await composer.compose_lessons(jobs[:2], worker="w")) == {j.id for j in jobs[:2]}
    assert await composer.compose_lessons(jobs[2:], worker="someone else") == {}
    marked = {row.id for row in await outbox_rows(sessions) if row.sending_since is not None}
    assert marked == {j.id for j in jobs[:2]}
