"""Data functions for the outbox: enqueue, claim under a lease, complete, reschedule, fail."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, bindparam, delete, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.storage.models import Learner, Outbox
from bot.storage.upsert import insert_ignore, table_of

PENDING, CLAIMED, SENT, FAILED, CANCELLED = "pending", "claimed", "sent", "failed", "cancelled"
STATES = (PENDING, CLAIMED, SENT, FAILED, CANCELLED)


@dataclass(frozen=True)
class Job:
    """A claimed outbox row: what to send, to whom, and whether an earlier claim timed out."""

    id: int
    dedupe_key: str
    kind: str
    learner_id: int
    platform: str
    workspace: str
    payload: dict[str, Any]
    attempts: int
    recovered: bool  # the previous worker's lease ran out: it may or may not have sent it


async def recipients(
    session: AsyncSession, *, learner_ids: set[int]
) -> dict[int, tuple[tuple[str, str, str, dict[str, Any] | None], str, str]]:
    """Where to reach each learner ((platform, workspace, user id, conversation ref)), their
    status and their language."""
    rows = await session.execute(
        select(
            Learner.id,
            Learner.platform,
            Learner.workspace,
            Learner.platform_user_id,
            Learner.conversation_ref,
            Learner.status,
            Learner.locale,
        ).where(Learner.id.in_(learner_ids))
    )
    return {
        lid: ((platform, workspace, user_id, ref), status, locale)
        for lid, platform, workspace, user_id, ref, status, locale in rows
    }


async def enqueue(
    session: AsyncSession,
    *,
    dedupe_key: str,
    kind: str,
    learner_id: int,
    platform: str,
    workspace: str,
    payload: dict[str, Any],
    due_at: datetime,
    now: datetime,
) -> bool:
    """Add one message unless its dedupe key is known; return True when this call added it."""
    statement = insert_ignore(session, Outbox, ("dedupe_key",)).values(
        dedupe_key=dedupe_key,
        kind=kind,
        learner_id=learner_id,
        platform=platform,
        workspace=workspace,
        payload=payload,
        state=PENDING,
        due_at=due_at,
        attempts=0,
        created_at=now,
    )
    result = await session.execute(statement.returning(Outbox.id))
    return result.first() is not None


async def claim(
    session: AsyncSession,
    *,
    worker: str,
    now: datetime,
    lease: timedelta,
    limit: int,
    platforms: Sequence[str],
    learner_id: int | None = None,
) -> list[Job]:
    """Lease up to `limit` due rows (pending, or claimed with an expired lease) to `worker`."""
    due = or_(
        and_(Outbox.state == PENDING, Outbox.due_at <= now),
        and_(Outbox.state == CLAIMED, Outbox.lease_until < now),
    )
    query = select(Outbox).where(due, Outbox.platform.in_(list(platforms)))
    if learner_id is not None:
        query = query.where(Outbox.learner_id == learner_id)
    # SKIP LOCKED lets replicas claim side by side; SQLite ignores it (one dispatcher there).
    rows = (
        await session.scalars(
            query.order_by(Outbox.due_at, Outbox.id).limit(limit).with_for_update(skip_locked=True)
        )
    ).all()
    if not rows:
        return []
    jobs = [
        Job(
            id=row.id,
            dedupe_key=row.dedupe_key,
            kind=row.kind,
            learner_id=row.learner_id,
            platform=row.platform,
            workspace=row.workspace,
            payload=dict(row.payload or {}),
            attempts=row.attempts + 1,
            recovered=row.state == CLAIMED,
        )
        for row in rows
    ]
    await session.execute(
        update(Outbox)
        .where(Outbox.id.in_([job.id for job in jobs]))
        .values(
            state=CLAIMED,
            claimed_by=worker,
            lease_until=now + lease,
            attempts=Outbox.attempts + 1,
        )
        .execution_options(synchronize_session=False)
    )
    for row in rows:
        session.expunge(row)
    return jobs


async def complete(
    session: AsyncSession, *, outbox_id: int, now: datetime, message_id: str | None
) -> bool:
    """Mark a row sent with the platform's message id; False if it was already recorded."""
    result = await session.execute(
        update(Outbox)
        .where(Outbox.id == outbox_id, Outbox.state.in_((CLAIMED, PENDING)))
        .values(state=SENT, sent_at=now, platform_message_id=message_id, lease_until=None)
        .execution_options(synchronize_session=False)
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


async def complete_many(
    session: AsyncSession, *, done: Sequence[tuple[int, str | None, datetime]]
) -> None:
    """Mark several rows sent in one round trip: (outbox id, platform message id, sent at)."""
    if not done:
        return
    table = table_of(Outbox)
    statement = (
        table.update()
        .where(
            table.c.id == bindparam("b_id"),
            or_(table.c.state == CLAIMED, table.c.state == PENDING),  # no IN in executemany
        )
        .values(
            state=SENT,
            sent_at=bindparam("b_at"),
            platform_message_id=bindparam("b_mid"),
            lease_until=None,
        )
    )
    connection = await session.connection()
    await connection.execute(
        statement, [{"b_id": oid, "b_mid": mid, "b_at": at} for oid, mid, at in done]
    )


async def reschedule(
    session: AsyncSession,
    *,
    outbox_id: int,
    due_at: datetime,
    error: str | None,
    count_attempt: bool = True,
    payload: dict[str, Any] | None = None,
) -> None:
    """Give a row back to the queue, due again at `due_at` (after a 429 or a passing error);
    `payload`, when given, replaces the row's (e.g. to note how many parts were sent)."""
    values: dict[str, Any] = {
        "state": PENDING,
        "due_at": due_at,
        "claimed_by": None,
        "lease_until": None,
        "last_error": error,
    }
    if payload is not None:
        values["payload"] = payload
    if not count_attempt:
        values["attempts"] = Outbox.attempts - 1
    await session.execute(
        update(Outbox)
        .where(Outbox.id == outbox_id, Outbox.state == CLAIMED)
        .values(**values)
        .execution_options(synchronize_session=False)
    )


async def fail(session: AsyncSession, *, outbox_id: int, error: str, state: str = FAILED) -> None:
    """Stop trying a row (failed, or cancelled when there is nothing left to send)."""
    await session.execute(
        update(Outbox)
        .where(Outbox.id == outbox_id, Outbox.state.in_((CLAIMED, PENDING)))
        .values(state=state, last_error=error, lease_until=None)
        .execution_options(synchronize_session=False)
    )


async def cancel_for_learner(session: AsyncSession, *, learner_id: int, error: str) -> int:
    """Cancel every unsent row of a learner (they cannot be reached); return how many."""
    result = await session.execute(
        update(Outbox)
        .where(Outbox.learner_id == learner_id, Outbox.state.in_((PENDING, CLAIMED)))
        .values(state=CANCELLED, last_error=error, lease_until=None)
        .execution_options(synchronize_session=False)
    )
    return int(result.rowcount)  # type: ignore[attr-defined]


async def release(session: AsyncSession, *, worker: str, ids: Sequence[int]) -> None:
    """Hand rows this worker claimed but did not start back to the queue (graceful stop)."""
    if not ids:
        return
    await session.execute(
        update(Outbox)
        .where(Outbox.id.in_(list(ids)), Outbox.state == CLAIMED, Outbox.claimed_by == worker)
        .values(state=PENDING, claimed_by=None, lease_until=None, attempts=Outbox.attempts - 1)
        .execution_options(synchronize_session=False)
    )


async def next_due(session: AsyncSession, *, platforms: Sequence[str]) -> datetime | None:
    """When the next pending row comes due (so an idle dispatcher sleeps just that long)."""
    return await session.scalar(
        select(func.min(Outbox.due_at)).where(
            Outbox.state == PENDING, Outbox.platform.in_(list(platforms))
        )
    )


async def prune(session: AsyncSession, *, before: datetime) -> int:
    """Delete finished rows (sent, failed, cancelled) created before `before`; return how many."""
    result = await session.execute(
        delete(Outbox).where(
            Outbox.state.in_((SENT, FAILED, CANCELLED)), Outbox.created_at < before
        )
    )
    return int(result.rowcount)  # type: ignore[attr-defined]


async def depth_by_state(session: AsyncSession) -> dict[str, int]:
    """Return how many rows are in each state."""
    rows = await session.execute(select(Outbox.state, func.count()).group_by(Outbox.state))
    counts = dict.fromkeys(STATES, 0)
    counts.update({state: int(count) for state, count in rows})
    return counts
