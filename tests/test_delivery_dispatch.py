"""The dispatcher: send once, record the platform id, 429s, failures, leases, replicas."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.content.model import Curriculum
from bot.core.context import CoachConfig
from bot.core.ports import (
    Address,
    Delivered,
    PermanentSendError,
    RateLimited,
    TransientSendError,
)
from bot.delivery.dispatcher import DispatchConfig, Dispatcher, Recipient
from bot.delivery.jobs import plan, prune_outbox
from bot.delivery.ratelimit import BucketKey
from bot.storage import outbox
from bot.storage.db import transaction
from bot.storage.models import Learner, LessonDelivery, Outbox
from bot.storage.outbox import OutboxState
from tests.clocks import FixedClock
from tests.delivery_helpers import add_learner, add_org, outbox_rows
from tests.fakes import RecordingMessenger

NOW = datetime(2026, 12, 1, 0, 5, tzinfo=UTC)  # Tuesday 09:05 in Tokyo


def make_dispatcher(
    sessions: async_sessionmaker[AsyncSession],
    curriculum: Curriculum,
    clock: FixedClock,
    messenger: object,
    **config: object,
) -> Dispatcher:
    settings = DispatchConfig(**{"lease": timedelta(seconds=60), **config})  # type: ignore[arg-type]
    return Dispatcher(
        sessions,
        {"slack": messenger},
        curriculum,
        CoachConfig(),
        clock,
        config=settings,  # type: ignore[dict-item]
    )


async def announce(
    sessions: async_sessionmaker[AsyncSession], learner_id: int, n: int, now: datetime = NOW
) -> None:
    async with transaction(sessions) as session:
        learner = await session.get(Learner, learner_id)
        assert learner is not None
        await outbox.enqueue(
            session,
            dedupe_key=f"announcement:{n}:{learner_id}",
            kind="announcement",
            learner=learner,
            payload={"text": {"ja": f"お知らせ{n}", "en": f"News {n}"}},
            now=now,
        )


async def test_planned_lesson_is_sent_once_with_its_quiz_and_recorded(
    sessions: async_sessionmaker[AsyncSession], curriculum: Curriculum
) -> None:
    clock = FixedClock(NOW)
    learner = await add_learner(sessions, await add_org(sessions, nudge_days=""), "U1")
    assert (await plan(sessions, now=NOW, default_calendar="JP")).lessons == 1  # type: ignore[union-attr]
    messenger = RecordingMessenger()
    dispatcher = make_dispatcher(sessions, curriculum, clock, messenger)
    assert await dispatcher.drain() == 1
    assert await dispatcher.drain() == 0
    [(address, replies)] = messenger.sent
    assert address.user_id == "U1" and address.key == f"lesson:{learner}:2026-12-01"
    assert replies[0].kind == "lesson" and replies[0].title == curriculum.lessons[0].meta.title.en
    assert replies[-1].choices  # the first quiz question, with its buttons
    [row] = await outbox_rows(sessions)
    assert (row.state, row.platform_message_id, row.attempts) == (OutboxState.SENT, "m1", 1)
    async with sessions() as session:
        delivery = await session.scalar(select(LessonDelivery))
        person = await session.get(Learner, learner)
    assert delivery is not None and delivery.state == "sent"
    assert delivery.lesson_id == curriculum.lessons[0].id
    assert person is not None and (person.dialog or {}).get("quiz")
    # Planning again the same day changes nothing.
    assert (await plan(sessions, now=NOW, default_calendar="JP")).lessons == 0  # type: ignore[union-attr]


async def test_rate_limited_send_is_rescheduled_after_retry_after(
    sessions: async_sessionmaker[AsyncSession], curriculum: Curriculum
) -> None:
    clock = FixedClock(NOW)
    learner = await add_learner(sessions, await add_org(sessions), "U1")
    await announce(sessions, learner, 1)
    messenger = RecordingMessenger(fail_with=[RateLimited(30)])
    dispatcher = make_dispatcher(sessions, curriculum, clock, messenger)
    assert await dispatcher.drain() == 1
    [row] = await outbox_rows(sessions)
    assert (row.state, row.last_error, row.due_at) == (
        OutboxState.PENDING,
        "rate_limited",
        NOW + timedelta(seconds=30),
    )
    clock.set(NOW + timedelta(seconds=29))
    assert await dispatcher.drain() == 0 and messenger.sent == []
    clock.set(NOW + timedelta(seconds=31))
    dispatcher.limits.buckets.clear()
    assert await dispatcher.drain() == 1
    [(_, replies)] = messenger.sent
    assert replies[0].text == "News 1" and replies[0].kind == "announcement"
    assert (await outbox_rows(sessions))[0].state == OutboxState.SENT


async def test_permanent_error_marks_the_learner_unreachable_and_cancels_the_rest(
    sessions: async_sessionmaker[AsyncSession], curriculum: Curriculum
) -> None:
    clock = FixedClock(NOW)
    learner = await add_learner(sessions, await add_org(sessions), "U1")
    await announce(sessions, learner, 1)
    await announce(sessions, learner, 2, now=NOW + timedelta(hours=1))
    messenger = RecordingMessenger(fail_with=[PermanentSendError("account_inactive")])
    assert await make_dispatcher(sessions, curriculum, clock, messenger).drain() == 1
    rows = await outbox_rows(sessions)
    assert [(r.state, r.last_error) for r in rows] == [
        (OutboxState.FAILED, "account_inactive"),
        (OutboxState.CANCELLED, "unreachable"),
    ]
    async with sessions() as session:
        person = await session.get(Learner, learner)
    assert person is not None and person.status == "unreachable"
    # Nothing more is planned or sent for them.
    clock.set(NOW + timedelta(days=1))
    assert (await plan(sessions, now=clock.now(), default_calendar="JP")).lessons == 0  # type: ignore[union-attr]
    assert await make_dispatcher(sessions, curriculum, clock, messenger).drain() == 0
    assert messenger.sent == []


async def test_transient_errors_back_off_then_give_up(
    sessions: async_sessionmaker[AsyncSession], curriculum: Curriculum
) -> None:
    clock = FixedClock(NOW)
    learner = await add_learner(sessions, await add_org(sessions), "U1")
    await announce(sessions, learner, 1)
    messenger = RecordingMessenger(fail_with=[TransientSendError("http_503") for _ in range(3)])
    dispatcher = make_dispatcher(sessions, curriculum, clock, messenger, max_attempts=3)
    delays = []
    for _ in range(3):
        assert await dispatcher.drain() == 1
        [row] = await outbox_rows(sessions)
        delays.append((row.due_at - clock.now()).total_seconds())
        clock.set(row.due_at)
    assert row.state == OutboxState.FAILED and row.last_error == "http_503" and row.attempts == 3
    assert 15 <= delays[0] <= 45 and 30 <= delays[1] <= 90  # jittered, doubling
    assert messenger.sent == []


async def test_a_crashed_workers_row_is_sent_once_after_its_lease(
    sessions: async_sessionmaker[AsyncSession], curriculum: Curriculum
) -> None:
    clock = FixedClock(NOW)
    learner = await add_learner(sessions, await add_org(sessions), "U1")
    await announce(sessions, learner, 1)
    async with transaction(sessions) as session:  # a worker claims it, then dies
        [job] = await outbox.claim(
            session,
            worker="dead",
            now=NOW,
            lease=timedelta(seconds=60),
            limit=10,
            platforms=["slack"],
        )
    assert not job.recovered
    messenger = RecordingMessenger()
    dispatcher = make_dispatcher(sessions, curriculum, clock, messenger)
    clock.set(NOW + timedelta(seconds=59))
    assert await dispatcher.drain() == 0
    clock.set(NOW + timedelta(seconds=61))
    assert await dispatcher.drain() == 1
    assert await dispatcher.drain() == 0
    assert len(messenger.sent) == 1
    [row] = await outbox_rows(sessions)
    assert (row.state, row.attempts) == (OutboxState.SENT, 2)


class LookupMessenger(RecordingMessenger):
    """A messenger that can find messages already delivered, by dedupe key; counts lookups."""

    delivered: dict[str, Delivered]
    lookups: int = 0

    async def find_delivered(self, address: Address) -> Delivered | None:
        """Return what was already delivered with this key."""
        self.lookups += 1
        return self.delivered.get(address.key or "")


async def die_after_claiming(
    sessions: async_sessionmaker[AsyncSession], *, marked: bool, message_ids: list[str]
) -> None:
    """A worker claims the only row (a 1 s lease), perhaps marks it as being sent and records
    some of its replies, then dies."""
    async with transaction(sessions) as session:
        [job] = await outbox.claim(
            session,
            worker="dead",
            now=NOW,
            lease=timedelta(seconds=1),
            limit=1,
            platforms=["slack"],
        )
        if marked:
            assert await outbox.start_sending(session, worker="dead", ids=[job.id], now=NOW)
        await outbox.record_parts(session, parts=[(job.id, message_ids)])


async def test_a_recovered_row_already_delivered_is_not_sent_again(
    sessions: async_sessionmaker[AsyncSession], curriculum: Curriculum
) -> None:
    clock = FixedClock(NOW)
    learner = await add_learner(sessions, await add_org(sessions), "U1")
    await announce(sessions, learner, 1)
    await die_after_claiming(sessions, marked=True, message_ids=[])
    messenger = LookupMessenger()
    messenger.delivered = {f"announcement:1:{learner}": Delivered(1, "ts-1", complete=True)}
    clock.set(NOW + timedelta(seconds=5))
    assert await make_dispatcher(sessions, curriculum, clock, messenger).drain() == 1
    assert messenger.sent == [] and messenger.lookups == 1
    [row] = await outbox_rows(sessions)
    assert (row.state, row.platform_message_id, row.message_ids) == (
        OutboxState.SENT,
        "ts-1",
        ["ts-1"],
    )
    assert row.sending_since is None


async def test_a_recovered_row_never_marked_as_sending_is_sent_without_asking_the_platform(
    sessions: async_sessionmaker[AsyncSession], curriculum: Curriculum
) -> None:
    clock = FixedClock(NOW)
    learner = await add_learner(sessions, await add_org(sessions), "U1")
    await announce(sessions, learner, 1)
    await die_after_claiming(sessions, marked=False, message_ids=[])
    messenger = LookupMessenger()
    messenger.delivered = {}
    clock.set(NOW + timedelta(seconds=5))
    assert await make_dispatcher(sessions, curriculum, clock, messenger).drain() == 1
    assert len(messenger.sent) == 1 and messenger.lookups == 0
    [row] = await outbox_rows(sessions)
    assert (row.state, row.message_ids, row.attempts) == (OutboxState.SENT, ["m1"], 2)


async def test_a_recovered_lesson_resumes_after_its_recorded_reply(
    sessions: async_sessionmaker[AsyncSession], curriculum: Curriculum
) -> None:
    """The lesson's id was recorded, its question's was not and the platform has none:
    only the question is sent, and the recorded id is kept."""
    clock = FixedClock(NOW)
    await add_learner(sessions, await add_org(sessions, nudge_days=""), "U1")
    await plan(sessions, now=NOW, default_calendar="JP")
    first = RecordingMessenger()
    await make_dispatcher(sessions, curriculum, clock, first).drain()  # what the lesson is
    [(_, lesson)] = first.sent
    async with transaction(sessions) as session:  # as if that worker had died mid-way
        await session.execute(
            update(Outbox).values(
                state=OutboxState.CLAIMED,
                claimed_by="dead",
                lease_until=NOW,
                sending_since=NOW,
                message_ids=["ts-lesson"],
            )
        )
    messenger = LookupMessenger()
    messenger.delivered = {}
    clock.set(NOW + timedelta(seconds=5))
    assert await make_dispatcher(sessions, curriculum, clock, messenger).drain() == 1
    [(address, replies)] = messenger.sent
    assert messenger.lookups == 1 and address.part == 1
    assert [r.text for r in replies] == [r.text for r in lesson[1:]]
    [row] = await outbox_rows(sessions)
    assert (row.state, row.message_ids) == (OutboxState.SENT, ["ts-lesson", "m1"])


async def test_each_reply_id_is_recorded_as_it_is_sent(
    sessions: async_sessionmaker[AsyncSession], curriculum: Curriculum
) -> None:
    """A send that times out after the lesson went: the lesson's id is kept with the row,
    which stays marked (the question may have arrived), and the retry sends only the rest."""
    clock = FixedClock(NOW)
    await add_learner(sessions, await add_org(sessions, nudge_days=""), "U1")
    await plan(sessions, now=NOW, default_calendar="JP")

    class StallsAfterTheFirst(RecordingMessenger):
        async def send(self, address, replies, on_sent=None):  # type: ignore[no-untyped-def]
            if on_sent is not None:
                on_sent(1, "ts-lesson")
            await asyncio.sleep(10)
            return "never"

    dispatcher = make_dispatcher(
        sessions, curriculum, clock, StallsAfterTheFirst(), send_timeout=0.2
    )
    assert await dispatcher.drain() == 1
    await asyncio.sleep(0.1)  # the recorder's batch
    [row] = await outbox_rows(sessions)
    assert (row.state, row.message_ids, row.last_error) == (
        OutboxState.PENDING,
        ["ts-lesson"],
        "TimeoutError",
    )
    assert row.sending_since is not None
    messenger = LookupMessenger()
    messenger.delivered = {}
    clock.set(row.due_at)
    assert await make_dispatcher(sessions, curriculum, clock, messenger).drain() == 1
    assert messenger.lookups == 1 and len(messenger.sent[0][1]) == 1
    [row] = await outbox_rows(sessions)
    assert (row.state, row.message_ids) == (OutboxState.SENT, ["ts-lesson", "m1"])


async def test_a_row_another_worker_took_over_is_not_sent(
    sessions: async_sessionmaker[AsyncSession], curriculum: Curriculum
) -> None:
    clock = FixedClock(NOW)
    learner = await add_learner(sessions, await add_org(sessions), "U1")
    await announce(sessions, learner, 1)
    messenger = RecordingMessenger()
    dispatcher = make_dispatcher(sessions, curriculum, clock, messenger)
    async with transaction(sessions) as session:
        [job] = await outbox.claim(
            session,
            worker=dispatcher.worker,
            now=NOW,
            lease=timedelta(seconds=60),
            limit=1,
            platforms=["slack"],
        )
        await session.execute(update(Outbox).values(claimed_by="someone else"))
    await dispatcher._handle(job, (await dispatcher._learners({learner}))[learner])
    assert messenger.sent == []
    [row] = await outbox_rows(sessions)
    assert (row.state, row.claimed_by, row.sending_since) == (
        OutboxState.CLAIMED,
        "someone else",
        None,
    )


async def test_announcements_reach_paused_members_in_their_language_but_not_stopped_ones(
    sessions: async_sessionmaker[AsyncSession], curriculum: Curriculum
) -> None:
    clock = FixedClock(NOW)
    org = await add_org(sessions)
    paused = await add_learner(sessions, org, "U1", status="paused", locale="ja")
    stopped = await add_learner(sessions, org, "U2", status="stopped")
    await announce(sessions, paused, 1)
    await announce(sessions, stopped, 1)
    messenger = RecordingMessenger()
    assert await make_dispatcher(sessions, curriculum, clock, messenger).drain() == 2
    [(address, replies)] = messenger.sent
    assert address.learner_id == paused and replies[0].text == "お知らせ1"
    assert replies[0].title == "お知らせ" and replies[0].locale == "ja"
    states = {r.learner_id: r.state for r in await outbox_rows(sessions)}
    assert states == {paused: OutboxState.SENT, stopped: OutboxState.CANCELLED}


async def test_a_stopping_dispatcher_gives_rows_back(
    sessions: async_sessionmaker[AsyncSession], curriculum: Curriculum
) -> None:
    clock = FixedClock(NOW)
    learner = await add_learner(sessions, await add_org(sessions), "U1")
    await announce(sessions, learner, 1)
    messenger = RecordingMessenger()
    dispatcher = make_dispatcher(sessions, curriculum, clock, messenger)
    async with transaction(sessions) as session:
        [job] = await outbox.claim(
            session,
            worker=dispatcher.worker,
            now=NOW,
            lease=timedelta(seconds=60),
            limit=1,
            platforms=["slack"],
        )
    dispatcher.stop()
    await dispatcher._handle(job, Recipient(None, "active", "en"))
    [row] = await outbox_rows(sessions)
    assert (row.state, row.claimed_by, row.attempts) == (OutboxState.PENDING, None, 0)
    assert await dispatcher.drain() == 0  # a stopped dispatcher claims nothing


async def test_two_dispatchers_share_the_work_without_duplicates(
    db_url: str, sessions: async_sessionmaker[AsyncSession], curriculum: Curriculum
) -> None:
    if not db_url.startswith("postgresql"):
        pytest.skip("SKIP LOCKED needs PostgreSQL; SQLite runs one dispatcher")
    clock = FixedClock(NOW)
    org = await add_org(sessions)
    for n in range(60):
        await announce(sessions, await add_learner(sessions, org, f"U{n}"), 1)
    first, second = RecordingMessenger(), RecordingMessenger()
    await asyncio.gather(
        make_dispatcher(sessions, curriculum, clock, first, batch_size=7).drain(),
        make_dispatcher(sessions, curriculum, clock, second, batch_size=7).drain(),
    )
    keys = [a.key for a, _ in first.sent] + [a.key for a, _ in second.sent]
    assert len(keys) == len(set(keys)) == 60
    assert first.sent and second.sent
    assert {r.state for r in await outbox_rows(sessions)} == {OutboxState.SENT}


async def test_other_payload_kinds_are_rendered_from_their_payload(
    sessions: async_sessionmaker[AsyncSession], curriculum: Curriculum
) -> None:
    learner = await add_learner(sessions, await add_org(sessions), "U1", locale="ja")
    async with transaction(sessions) as session:
        row = await session.get(Learner, learner)
        assert row is not None
        await outbox.enqueue(
            session,
            dedupe_key="officer_reply:1",
            kind="officer_reply",
            learner=row,
            payload={"text": {"ja": "担当者からの返事", "en": "A reply"}},
            now=NOW,
        )
    messenger = RecordingMessenger()
    assert await make_dispatcher(sessions, curriculum, FixedClock(NOW), messenger).drain() == 1
    [(_, [reply])] = messenger.sent
    assert (reply.kind, reply.text, reply.title, reply.image) == (
        "officer_reply",
        "担当者からの返事",
        None,
        None,
    )


async def test_no_daily_push_once_the_course_is_done(
    sessions: async_sessionmaker[AsyncSession], curriculum: Curriculum
) -> None:
    learner = await add_learner(sessions, await add_org(sessions, nudge_days=""), "U1")
    async with transaction(sessions) as session:
        session.add_all(
            LessonDelivery(
                learner_id=learner,
                lesson_id=lesson.id,
                local_date=date(2026, 1, 1) + timedelta(days=n),
                kind="lesson",
                state="completed",
                created_at=NOW,
            )
            for n, lesson in enumerate(curriculum.lessons)
        )
    await plan(sessions, now=NOW, default_calendar="JP")
    messenger = RecordingMessenger()
    assert await make_dispatcher(sessions, curriculum, FixedClock(NOW), messenger).drain() == 1
    assert messenger.sent == []
    [row] = await outbox_rows(sessions)
    assert (row.state, row.last_error) == (OutboxState.CANCELLED, "nothing_to_send")


async def test_finished_rows_are_pruned_after_30_days(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    learner = await add_learner(sessions, await add_org(sessions), "U1")
    await announce(sessions, learner, 1, now=NOW - timedelta(days=40))
    await announce(sessions, learner, 2, now=NOW - timedelta(days=40))
    await announce(sessions, learner, 3, now=NOW - timedelta(days=2))
    async with transaction(sessions) as session:
        keys = [f"announcement:1:{learner}", f"announcement:3:{learner}"]
        await session.execute(
            update(Outbox).where(Outbox.dedupe_key.in_(keys)).values(state=OutboxState.SENT)
        )
    assert await prune_outbox(sessions, now=NOW) == 1
    assert [r.dedupe_key for r in await outbox_rows(sessions)] == [
        f"announcement:2:{learner}",  # still pending: kept however old
        f"announcement:3:{learner}",
    ]


async def test_two_replicas_plan_and_send_one_lesson_per_learner(
    db_url: str, sessions: async_sessionmaker[AsyncSession], curriculum: Curriculum
) -> None:
    if not db_url.startswith("postgresql"):
        pytest.skip("replicas need PostgreSQL")
    org = await add_org(sessions, nudge_days="")
    for n in range(30):
        await add_learner(sessions, org, f"U{n}")
    messengers = [RecordingMessenger(), RecordingMessenger()]
    replicas = [
        make_dispatcher(sessions, curriculum, FixedClock(NOW), m, batch_size=4) for m in messengers
    ]
    for minute in range(3):  # both replicas plan and dispatch, three minutes running
        now = NOW + timedelta(minutes=minute)
        await asyncio.gather(*(plan(sessions, now=now, default_calendar="JP") for _ in replicas))
        await asyncio.gather(*(replica.drain() for replica in replicas))
    lessons = [a.learner_id for m in messengers for a, r in m.sent if r[0].kind == "lesson"]
    assert sorted(lessons) == sorted(set(lessons)) and len(lessons) == 30
    assert all(m.sent for m in messengers)


class ScriptedLimits:
    """Rate limits that hand out the waits they are given, and count reservations."""

    def __init__(self, *waits: float) -> None:
        self.waits = list(waits)
        self.reserved = 0

    async def reserve(self, key: BucketKey, cost: float, max_wait: float = 9) -> float:
        self.reserved += 1
        return self.waits.pop(0) if self.waits else 0.0

    async def cancel(self, key: BucketKey, cost: float) -> None:
        """Nothing to give back."""

    async def slow_down(self, key: BucketKey, retry_after: float) -> None:
        """No 429s here."""

    async def slowdowns(self, key: BucketKey) -> int:
        return 0

    async def succeeded(self, key: BucketKey) -> None:
        """Nothing to count."""


async def test_a_send_that_finds_its_slot_long_past_takes_a_new_one(
    sessions: async_sessionmaker[AsyncSession], curriculum: Curriculum
) -> None:
    """Sent late it would arrive bunched with the next slots' sends: here the row's mark is
    stored a second after its slot (a slow database), so it reserves again, then goes."""
    clock = FixedClock(NOW)
    learner = await add_learner(sessions, await add_org(sessions), "U1")
    await announce(sessions, learner, 1)
    messenger = RecordingMessenger()
    limits = ScriptedLimits(0.01, 0.0)
    dispatcher = make_dispatcher(sessions, curriculum, clock, messenger)
    dispatcher.limits = limits
    dispatcher.recorder.delay = 1.0
    assert await dispatcher.drain() == 1
    assert limits.reserved == 2 and len(messenger.sent) == 1
    [row] = await outbox_rows(sessions)
    assert row.state == OutboxState.SENT
