"""The dispatcher: claim due outbox rows under a lease, compose, send within the rate limits,
and record the outcome. Every replica runs one; rows are claimed with SKIP LOCKED.

Exactly once, as far as the platform allows: before a row's first message goes, the row is
marked as being sent (a batch's first-attempt lessons in the transaction that composes them);
the id of each reply the platform accepts is recorded with the row, and
the row is marked sent with all of them (batched, see recorder.py). If the process dies, the
lease runs out and another worker re-claims the row as `recovered`. A row never marked was
never sent: it is sent. A marked row resumes after its recorded replies, and only the window
between a send and its record is unknown: for that alone the worker asks the messenger (a
DeliveryLookup, one bounded read) whether a message carrying the row's key is already there.
Without such a lookup that window is at-least-once, the sends in flight at the crash.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import random
import socket
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import timedelta
from typing import NamedTuple

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot import metrics
from bot.content.model import Curriculum
from bot.core.context import CoachConfig
from bot.core.messages import Reply
from bot.core.ports import (
    Address,
    Clock,
    Delivered,
    DeliveryLookup,
    Messenger,
    PermanentSendError,
    RateLimited,
    SendError,
)
from bot.delivery.compose import Composer
from bot.delivery.ratelimit import BucketKey, Limits, RateLimits
from bot.delivery.recorder import Recorder
from bot.storage import outbox
from bot.storage.db import transaction
from bot.storage.learners import recipients
from bot.storage.models import Learner
from bot.storage.outbox import Job, OutboxState

log = logging.getLogger(__name__)
WAKE_MARGIN = 0.005  # asyncio may wake a timer a tick early; the platform counts strictly
CHECK_AHEAD = 0.1  # seconds before its slot a waiting send looks for a 429 from elsewhere
# A send this late for its slot takes a new one: sent now it would arrive bunched with the
# sends of the slots after it (a process that lost the CPU for a moment, a slow database).
LATE = 0.4
# What a lesson costs of a workspace's rate: on Slack one post (the lesson and its first
# question go together when they fit; a lesson too long for that is the rare second post),
# elsewhere two (the lesson, then its first question).
LESSON_COST = {"slack": 1.0}
LESSON_COST_DEFAULT = 2.0


class Recipient(NamedTuple):
    """Who a row goes to: the learner's address (None when the learner is gone), their status
    and their language."""

    address: Address | None
    status: str
    locale: str


NOBODY = Recipient(None, "stopped", "ja")


def lesson_cost(platform: str) -> float:
    """Posts a lesson takes on this platform, for the rate limiter."""
    return LESSON_COST.get(platform, LESSON_COST_DEFAULT)


@dataclass(frozen=True)
class DispatchConfig:
    """How the dispatcher claims, paces and retries."""

    batch_size: int = 200
    lease: timedelta = timedelta(seconds=120)
    max_in_flight: int = 64
    max_attempts: int = 6
    backoff: timedelta = timedelta(seconds=30)
    backoff_cap: timedelta = timedelta(hours=1)
    max_wait: float = 5.0  # wait at most this long for a token; else put the row back
    send_timeout: float = 30.0
    poll_interval: float = 1.0


def worker_name() -> str:
    """A name for this dispatcher, unique across replicas."""
    return f"{socket.gethostname()}:{os.getpid()}:{random.randrange(16**4):04x}"[:64]


class Dispatcher:
    """Sends what the outbox holds through the platforms' messengers."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        messengers: Mapping[str, Messenger],
        curriculum: Curriculum,
        coach_config: CoachConfig,
        clock: Clock,
        limits: Limits | None = None,
        config: DispatchConfig | None = None,
        worker: str | None = None,
    ) -> None:
        self.sessions = sessions
        self.messengers = dict(messengers)
        self.curriculum = curriculum
        self.coach_config = coach_config
        self.clock = clock
        self.limits: Limits = limits or RateLimits({})
        self.config = config or DispatchConfig()
        self.worker = worker or worker_name()
        self.stopping = asyncio.Event()
        self.in_flight = asyncio.Semaphore(self.config.max_in_flight)
        self.composer = Composer(sessions, curriculum, coach_config, clock)
        self.recorder = Recorder(sessions, self.worker)

    async def run(self) -> None:
        """Dispatch until stopped; between empty polls, sleep a little."""
        while not self.stopping.is_set():
            try:
                handled = await self.dispatch_once()
            except Exception:
                log.exception("dispatch round failed")
                handled = 0
            if not handled:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self.stopping.wait(), await self._idle_time())

    async def _idle_time(self) -> float:
        """Sleep until the next row is due, but no longer than the poll interval."""
        try:
            async with self.sessions() as session:
                due = await outbox.next_due(session, platforms=sorted(self.messengers))
        except Exception:
            log.exception("next due failed")
            due = None
        if due is None:
            return self.config.poll_interval
        seconds = (due - self.clock.now()).total_seconds()
        return min(max(seconds, 0.01), self.config.poll_interval)

    def stop(self) -> None:
        """Stop claiming; rows already being sent are finished, the rest are given back."""
        self.stopping.set()

    async def dispatch_once(self, *, learner_id: int | None = None) -> int:
        """Claim one batch and handle it; return how many rows were claimed."""
        if self.stopping.is_set() or not self.messengers:
            return 0
        async with transaction(self.sessions) as session:
            jobs = await outbox.claim(
                session,
                worker=self.worker,
                now=self.clock.now(),
                lease=self.config.lease,
                limit=self.config.batch_size,
                platforms=sorted(self.messengers),
                learner_id=learner_id,
            )
        if not jobs:
            return 0
        learners = await self._learners({job.learner_id for job in jobs})
        ready = await self._compose_lessons(jobs, learners)
        await asyncio.gather(
            *(
                self._handle(job, learners.get(job.learner_id, NOBODY), ready.get(job.id))
                for job in jobs
            )
        )
        return len(jobs)

    async def _compose_lessons(
        self, jobs: Sequence[Job], learners: Mapping[int, Recipient]
    ) -> dict[int, tuple[float, list[Reply]]]:
        """Compose the batch's first-attempt lessons together (one transaction), after
        reserving their sends: only rows that will go now are composed, so a row put back
        for the rate limit has not been composed. Return (wait, replies) by outbox id."""
        reserved: list[tuple[Job, Address, float]] = []
        rows = Counter(job.learner_id for job in jobs)
        for job in jobs:
            address, status, _ = learners.get(job.learner_id, NOBODY)
            if job.kind != "lesson" or job.recovered or job.attempts > 1 or status != "active":
                continue
            if rows[job.learner_id] > 1:
                continue  # e.g. a nudge and the lesson: composed one by one, in their order
            if address is None:
                continue
            wait = await self.limits.reserve(
                bucket_key(job, address), lesson_cost(job.platform), self.config.max_wait
            )
            if wait > self.config.max_wait:
                continue  # nothing reserved; its own path puts it back
            reserved.append((job, address, wait))
        composed = await self.composer.compose_lessons(
            [job for job, _, _ in reserved], worker=self.worker
        )
        ready: dict[int, tuple[float, list[Reply]]] = {}
        for job, address, wait in reserved:
            if job.id in composed:
                ready[job.id] = (wait, composed[job.id])
            else:
                await self.limits.cancel(bucket_key(job, address), lesson_cost(job.platform))
        return ready

    async def drain(self, *, learner_id: int | None = None, rounds: int = 100) -> int:
        """Dispatch until nothing is due (for the console and tests); return rows handled."""
        total = 0
        for _ in range(rounds):
            handled = await self.dispatch_once(learner_id=learner_id)
            if not handled:
                break
            total += handled
        return total

    async def _learners(self, ids: set[int]) -> dict[int, Recipient]:
        """The addresses, statuses and languages of a batch's learners (one query)."""
        async with self.sessions() as session:
            found = await recipients(session, learner_ids=ids)
        return {
            lid: Recipient(Address(lid, *where[:4], channel=where[4]), status, locale)
            for lid, (where, status, locale) in found.items()
        }

    async def _handle(
        self, job: Job, recipient: Recipient, ready: tuple[float, list[Reply]] | None = None
    ) -> None:
        async with self.in_flight:
            if self.stopping.is_set():
                if ready is not None and recipient.address is not None:
                    await self.limits.cancel(
                        bucket_key(job, recipient.address), lesson_cost(job.platform)
                    )
                    # Composed already: the next attempt must be a retry, which gives the
                    # same lesson and question again.
                    await self._put_back(job, seconds=0, composed=True)
                    return
                await self._give_back(job)
                return
            try:
                await self._deliver(job, recipient, ready)
            except Exception:
                log.exception("delivery failed", extra={"outbox_id": job.id, "kind": job.kind})
                await self._retry_later(job, "internal")

    async def _deliver(
        self, job: Job, recipient: Recipient, ready: tuple[float, list[Reply]] | None = None
    ) -> None:
        if recipient.address is None:
            await self._finish(job, error="no_learner", state=OutboxState.CANCELLED)
            return
        address = replace(recipient.address, key=job.dedupe_key)
        messenger = self.messengers[job.platform]
        bucket, cost = bucket_key(job, address), cost_of(job)
        if ready is not None:  # reserved and composed with its batch
            wait, replies = ready
            if not replies:
                await self.limits.cancel(bucket, cost)
                await self._finish(job, error="nothing_to_send", state=OutboxState.CANCELLED)
                return
            marked = marked_already()  # in the transaction that composed it
            if wait > 0 and not await self._wait_turn(
                job, bucket, cost, wait, marked, composed=True
            ):
                await marked
                return
            await self._send(job, messenger, address, replies, marked=marked)
            return
        wait = await self.limits.reserve(bucket, cost, self.config.max_wait)
        if wait > self.config.max_wait:
            # Never hold a row while waiting long: put it back, due when the bucket refills.
            await self._put_back(job, seconds=wait)
            return
        retry = job.recovered or job.attempts > 1
        ids = list(job.message_ids)  # the replies earlier attempts delivered, by id
        if job.unsure and isinstance(messenger, DeliveryLookup):
            # A send began and was not fully recorded: only now ask the platform.
            found = await self._lookup(messenger, address)
            if found is not None and found.parts > len(ids):
                ids = with_found(ids, found)
                if found.complete:
                    metrics.RECOVERED.labels(outcome="found").inc()
                    await self.limits.cancel(bucket, cost)
                    await self._complete(job, ids)
                    return
        replies = await self.composer.compose(
            job, retry=retry, status=recipient.status, locale=recipient.locale
        )
        done = len(ids)
        if done and replies and not replies[done:]:
            await self.limits.cancel(bucket, cost)
            await self._complete(job, ids)
            return
        replies = replies[done:]
        if not replies:
            await self.limits.cancel(bucket, cost)
            await self._finish(job, error="nothing_to_send", state=OutboxState.CANCELLED)
            return
        if job.unsure:
            metrics.RECOVERED.labels(outcome="resent").inc()
        marked = self._mark(job)
        if wait > 0 and not await self._wait_turn(job, bucket, cost, wait, marked):
            await marked
            return
        await self._send(job, messenger, replace(address, part=done), replies, ids, marked)

    async def _wait_turn(
        self,
        job: Job,
        bucket: BucketKey,
        cost: float,
        wait: float,
        marked: asyncio.Future[bool],
        *,
        composed: bool = False,
    ) -> bool:
        """Sleep until the reserved slot (and the row's mark); if a 429 came meanwhile, or the
        slot passed long ago, reserve again (or give the row back). Return False when the row
        was given back."""
        loop = asyncio.get_running_loop()
        for _ in range(3):
            slot = loop.time() + wait + WAKE_MARGIN
            seen = await self.limits.slowdowns(bucket)
            # Look for a 429 a little before the slot, so the look (a database read when the
            # limits are shared) does not delay the send itself.
            await asyncio.sleep(max(slot - loop.time() - CHECK_AHEAD, 0.0))
            if await self.limits.slowdowns(bucket) == seen:
                await asyncio.sleep(max(slot - loop.time(), 0.0))
                await marked
                if loop.time() - slot <= LATE:
                    return True
            wait = await self.limits.reserve(bucket, cost, self.config.max_wait)
            if wait <= 0:
                return True
            if wait > self.config.max_wait:
                await self._put_back(job, seconds=wait, composed=composed)
                return False
        return True

    async def _lookup(self, messenger: DeliveryLookup, address: Address) -> Delivered | None:
        """Ask the platform whether the row was delivered; on any error, assume it was not."""
        try:
            return await asyncio.wait_for(
                messenger.find_delivered(address), self.config.send_timeout
            )
        except Exception as exc:
            log.warning("delivery lookup failed", extra={"error": exc.__class__.__name__})
            return None

    def _mark(self, job: Job) -> asyncio.Future[bool]:
        """Start marking the row as being sent (while it waits for its slot, if it must)."""
        return asyncio.create_task(self.recorder.start(job.id, self.clock.now()))

    async def _send(
        self,
        job: Job,
        messenger: Messenger,
        address: Address,
        replies: Sequence[Reply],
        ids: Sequence[str] = (),
        marked: asyncio.Future[bool] | None = None,
    ) -> None:
        """Send once the row is marked as being sent, and record each reply's id as it goes.
        `ids` are the replies earlier attempts delivered."""
        if marked is None:
            marked = self._mark(job)
        if not await marked:
            # Not marked (the database failed, or the lease passed to another worker): do
            # not send. A row still ours comes back when its lease runs out.
            await self.limits.cancel(bucket_key(job, address), cost_of(job))
            return
        sent: list[str] = []

        def on_sent(count: int, message_id: str) -> None:
            sent.extend([""] * (count - 1 - len(sent)))
            sent.append(message_id)
            if count < len(replies):  # the last one is recorded with the row, as sent
                self.recorder.progress(job.id, [*ids, *sent], self.clock.now())

        try:
            message_id = await asyncio.wait_for(
                messenger.send(address, replies, on_sent), self.config.send_timeout
            )
        except RateLimited as exc:
            # The platform refused this message: what went before is exactly what arrived.
            metrics.RATE_LIMITED.labels(platform=job.platform).inc()
            await self.limits.slow_down(bucket_key(job, address), exc.retry_after)
            await self._put_back(
                job,
                seconds=max(exc.retry_after, 0.0),
                error=exc.code,
                message_ids=[*ids, *sent[: exc.delivered]],
                unsure=False,
            )
            return
        except PermanentSendError as exc:
            metrics.FAILURES.labels(platform=job.platform, reason="permanent").inc()
            await self._unreachable(job, exc.code)
            return
        except (SendError, TimeoutError, OSError) as exc:
            # A timeout or a dropped connection may hide a message that arrived: unsure.
            code = exc.code if isinstance(exc, SendError) else exc.__class__.__name__
            delivered = exc.delivered if isinstance(exc, SendError) else len(sent)
            await self._retry_later(job, code[:64], [*ids, *sent[:delivered]])
            return
        await self.limits.succeeded(bucket_key(job, address))
        metrics.SENT.labels(platform=job.platform, kind=job.kind).inc()
        sent = sent[: len(replies) - 1]
        await self._complete(job, [*ids, *sent, *[""] * (len(replies) - 1 - len(sent)), message_id])

    async def _complete(self, job: Job, message_ids: list[str]) -> None:
        await self.recorder.record(job.id, message_ids, self.clock.now())

    async def _finish(self, job: Job, *, error: str, state: OutboxState) -> None:
        async with transaction(self.sessions) as session:
            await outbox.fail(session, outbox_id=job.id, error=error, state=state)

    async def _put_back(
        self,
        job: Job,
        *,
        seconds: float,
        error: str | None = None,
        message_ids: Sequence[str] | None = None,
        unsure: bool | None = None,
        composed: bool = False,
    ) -> None:
        """Requeue the row; note the replies delivered so far so the next attempt skips them,
        and whether a send may have arrived unrecorded (by default: as it was when claimed).
        A row put back without an error does not count as an attempt, unless its lesson was
        composed already (then the next attempt is a retry, which shows it again)."""
        async with transaction(self.sessions) as session:
            await outbox.reschedule(
                session,
                outbox_id=job.id,
                due_at=self.clock.now() + timedelta(seconds=seconds),
                error=error,
                count_attempt=error is not None or composed,
                message_ids=message_ids,
                unsure=job.unsure if unsure is None else unsure,
            )

    async def _give_back(self, job: Job) -> None:
        async with transaction(self.sessions) as session:
            await outbox.release(session, worker=self.worker, ids=[job.id])

    async def _retry_later(
        self, job: Job, code: str, message_ids: Sequence[str] | None = None
    ) -> None:
        if job.attempts >= self.config.max_attempts:
            metrics.FAILURES.labels(platform=job.platform, reason="gave_up").inc()
            await self._finish(job, error=code, state=OutboxState.FAILED)
            return
        metrics.FAILURES.labels(platform=job.platform, reason="transient").inc()
        delay = min(
            self.config.backoff.total_seconds() * 2 ** (job.attempts - 1),
            self.config.backoff_cap.total_seconds(),
        )
        await self._put_back(
            job,
            seconds=delay * random.uniform(0.5, 1.5),
            error=code,
            message_ids=message_ids,
            unsure=True,
        )

    async def _unreachable(self, job: Job, code: str) -> None:
        """The learner cannot be reached: mark them so, and cancel what is queued for them."""
        async with transaction(self.sessions) as session:
            learner = await session.get(Learner, job.learner_id)
            if learner is not None:
                learner.status = "unreachable"
            await outbox.fail(session, outbox_id=job.id, error=code[:64])
            await outbox.cancel_for_learner(session, learner_id=job.learner_id, error="unreachable")
        log.info("learner unreachable", extra={"learner_id": job.learner_id, "code": code})


def with_found(ids: Sequence[str], found: Delivered) -> list[str]:
    """The recorded reply ids extended to what the platform holds (ids not seen are empty)."""
    return [*ids, *[""] * (found.parts - len(ids) - 1), found.message_id]


def bucket_key(job: Job, address: Address) -> BucketKey:
    """The rate-limit buckets a row's sends take from: its workspace's, and its conversation's."""
    return BucketKey(job.platform, job.workspace, address.user_id)


def cost_of(job: Job) -> float:
    """How many posts a row takes from the rate limit."""
    return lesson_cost(job.platform) if job.kind == "lesson" else 1.0


def marked_already() -> asyncio.Future[bool]:
    """The mark of a row its batch composition marked as being sent."""
    done: asyncio.Future[bool] = asyncio.get_running_loop().create_future()
    done.set_result(True)
    return done
