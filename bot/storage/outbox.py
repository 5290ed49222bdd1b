"""Data functions for the outbox (design §6): enqueue, claim under a lease, complete,
reschedule, fail, cancel, count. Every outbox query lives here."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Select,
    bindparam,
    delete,
    func,
    literal,
    or_,
    select,
    update,
)
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import QueryableAttribute

from bot.storage.models import Learner, Outbox
from bot.storage.upsert import insert_ignore, table_of


class OutboxState(StrEnum):
    """Where an outbox row is: waiting, leased to a worker, or finished one of three ways."""

    PENDING = "pending"
    CLAIMED = "claimed"
    SENT = "sent"
    FAILED = "failed"
    CANCELLED = "cancelled"


OPEN = (OutboxState.PENDING, OutboxState.CLAIMED)  # not finished yet
FINISHED = (OutboxState.SENT, OutboxState.FAILED, OutboxState.CANCELLED)


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
    message_ids: tuple[str, ...] = ()  # the replies an earlier attempt delivered, by id
    unsure: bool = False  # an earlier send began and was not fully recorded: ask the platform


# The fields of a Job that are the claimed row's own columns, under the same names.
_AS_STORED = ("id", "dedupe_key", "kind", "learner_id", "platform", "workspace")


async def enqueue(
    session: AsyncSession,
    *,
    dedupe_key: str,
    kind: str,
    learner: Learner,
    payload: dict[str, Any],
    now: datetime,
) -> bool:
    """Queue one message to a learner, due now, unless its dedupe key is known; return True
    when this call added it."""
    statement = insert_ignore(session, Outbox, ("dedupe_key",)).values(
        dedupe_key=dedupe_key,
        kind=kind,
        learner_id=learner.id,
        platform=learner.platform,
        workspace=learner.workspace,
        payload=payload,
        state=OutboxState.PENDING,
        due_at=now,
        attempts=0,
        created_at=now,
    )
    # RETURNING, not rowcount: drivers disagree on rowcount after ON CONFLICT DO NOTHING.
    result = await session.execute(statement.returning(Outbox.id))
    return result.first() is not None


async def enqueue_selected(
    session: AsyncSession,
    *,
    learners: Select[Any],
    key: ColumnElement[str],
    kind: str,
    payload: dict[str, Any],
    due_at: datetime,
    now: datetime,
) -> int:
    """Queue one message to each learner that `learners` finds (its FROM, joins and WHERE
    count; its columns are replaced), skipping known keys; return how many were new.
    Set-based: one INSERT … SELECT … ON CONFLICT DO NOTHING."""
    columns: dict[str, ColumnElement[Any] | QueryableAttribute[Any]] = {
        "dedupe_key": key,
        "kind": literal(kind, Outbox.kind.type),
        "learner_id": Learner.id,
        "platform": Learner.platform,
        "workspace": Learner.workspace,
        "payload": literal(payload, Outbox.payload.type),
        "state": literal(OutboxState.PENDING, Outbox.state.type),
        "due_at": literal(due_at, Outbox.due_at.type),
        "attempts": literal(0, Outbox.attempts.type),
        "created_at": literal(now, Outbox.created_at.type),
    }
    rows = learners.with_only_columns(*columns.values())
    statement = insert_ignore(session, Outbox, ("dedupe_key",)).from_select(list(columns), rows)
    # Count with RETURNING: rowcount is not reliable after INSERT … SELECT … ON CONFLICT.
    returning = statement.returning(Outbox.id)
    if session.get_bind().dialect.name == "postgresql":
        inserted = returning.cte("inserted")
        return int(await session.scalar(select(func.count()).select_from(inserted)) or 0)
    return len((await session.execute(returning)).all())


async def enqueue_many(session: AsyncSession, *, rows: Sequence[dict[str, Any]]) -> None:
    """Queue several rows (full column values each) in one executemany, skipping known keys
    (the driver pipelines the batch; no RETURNING, which would go a row at a time)."""
    if rows:
        await session.execute(insert_ignore(session, Outbox, ("dedupe_key",)), list(rows))


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
    """Lease up to `limit` due rows (pending, or claimed with an expired lease) to `worker`.

    Rows whose lease ran out come first (few: at most what the workers had in flight), then
    pending rows in due order read from the partial index ix_outbox_pending_due, so a claim
    stops after `limit` rows instead of sorting the whole backlog. SKIP LOCKED lets replicas
    claim side by side; SQLite ignores it (one dispatcher there)."""
    platform = Outbox.platform.in_(list(platforms))
    expired = select(Outbox).where(
        Outbox.state == OutboxState.CLAIMED, Outbox.lease_until < now, platform
    )
    pending = select(Outbox).where(
        Outbox.state == OutboxState.PENDING, Outbox.due_at <= now, platform
    )
    if learner_id is not None:
        expired = expired.where(Outbox.learner_id == learner_id)
        pending = pending.where(Outbox.learner_id == learner_id)
    rows = list(
        (
            await session.scalars(
                expired.order_by(Outbox.lease_until, Outbox.id)
                .limit(limit)
                .with_for_update(skip_locked=True)
            )
        ).all()
    )
    if len(rows) < limit:
        rows += (
            await session.scalars(
                pending.order_by(Outbox.due_at, Outbox.id)
                .limit(limit - len(rows))
                .with_for_update(skip_locked=True)
            )
        ).all()
    if not rows:
        return []
    jobs = [
        Job(
            **{name: getattr(row, name) for name in _AS_STORED},
            payload=dict(row.payload or {}),
            attempts=row.attempts + 1,
            recovered=row.state == OutboxState.CLAIMED,
            message_ids=tuple(row.message_ids or ()),
            unsure=row.sending_since is not None,
        )
        for row in rows
    ]
    await session.execute(
        update(Outbox)
        .where(Outbox.id.in_([job.id for job in jobs]))
        .values(
            state=OutboxState.CLAIMED,
            claimed_by=worker,
            lease_until=now + lease,
            attempts=Outbox.attempts + 1,
        )
        .execution_options(synchronize_session=False)
    )
    for row in rows:
        session.expunge(row)
    return jobs


async def start_sending(
    session: AsyncSession, *, worker: str, ids: Sequence[int], now: datetime
) -> set[int]:
    """Note that `worker` is about to send these rows (so that recovery knows a send may have
    begun); return the ids it still holds: only those may be sent."""
    if not ids:
        return set()
    result = await session.execute(
        update(Outbox)
        .where(
            Outbox.id.in_(list(ids)),
            Outbox.state == OutboxState.CLAIMED,
            Outbox.claimed_by == worker,
        )
        .values(sending_since=now)
        .returning(Outbox.id)
        .execution_options(synchronize_session=False)
    )
    return {int(oid) for oid in result.scalars()}


async def record_parts(session: AsyncSession, *, parts: Sequence[tuple[int, list[str]]]) -> None:
    """Record the ids of the replies a row has delivered so far, in one round trip:
    (outbox id, message ids). A row no longer claimed is left alone."""
    if not parts:
        return
    table = table_of(Outbox)
    statement = (
        table.update()
        .where(table.c.id == bindparam("b_id"), table.c.state == OutboxState.CLAIMED)
        .values(message_ids=bindparam("b_ids", type_=Outbox.message_ids.type))
    )
    connection = await session.connection()
    await connection.execute(statement, [{"b_id": oid, "b_ids": ids} for oid, ids in parts])


async def complete_many(
    session: AsyncSession, *, done: Sequence[tuple[int, list[str], datetime]]
) -> None:
    """Mark several rows sent in one round trip: (outbox id, the ids of its delivered replies,
    sent at); the last id is the row's platform message id."""
    if not done:
        return
    table = table_of(Outbox)
    statement = (
        table.update()
        .where(
            table.c.id == bindparam("b_id"),
            # OR, not IN: an IN list cannot be bound in executemany.
            or_(table.c.state == OutboxState.CLAIMED, table.c.state == OutboxState.PENDING),
        )
        .values(
            state=OutboxState.SENT,
            sent_at=bindparam("b_at"),
            platform_message_id=bindparam("b_mid"),
            message_ids=bindparam("b_ids", type_=Outbox.message_ids.type),
            lease_until=None,
            sending_since=None,
        )
    )
    connection = await session.connection()
    await connection.execute(
        statement,
        [
            {"b_id": oid, "b_mid": ids[-1] if ids else None, "b_ids": ids or None, "b_at": at}
            for oid, ids, at in done
        ],
    )


async def reschedule(
    session: AsyncSession,
    *,
    outbox_id: int,
    due_at: datetime,
    error: str | None,
    count_attempt: bool = True,
    message_ids: Sequence[str] | None = None,
    unsure: bool = False,
) -> None:
    """Give a row back to the queue, due again at `due_at` (after a 429 or a passing error).
    `message_ids`, when given, are the replies delivered so far; `unsure` says whether the
    last send may have reached the platform unrecorded (a timeout): then it stays marked."""
    values: dict[str, Any] = {
        "state": OutboxState.PENDING,
        "due_at": due_at,
        "claimed_by": None,
        "lease_until": None,
        "last_error": error,
    }
    if message_ids is not None:
        values["message_ids"] = list(message_ids) or None
    if not unsure:
        values["sending_since"] = None
    if not count_attempt:
        values["attempts"] = Outbox.attempts - 1
    await session.execute(
        update(Outbox)
        .where(Outbox.id == outbox_id, Outbox.state == OutboxState.CLAIMED)
        .values(**values)
        .execution_options(synchronize_session=False)
    )


async def fail(
    session: AsyncSession,
    *,
    outbox_id: int,
    error: str,
    state: OutboxState = OutboxState.FAILED,
) -> None:
    """Stop trying a row (failed, or cancelled when there is nothing left to send)."""
    await session.execute(
        update(Outbox)
        .where(Outbox.id == outbox_id, Outbox.state.in_(OPEN))
        .values(state=state, last_error=error, lease_until=None)
        .execution_options(synchronize_session=False)
    )


async def cancel_for_learner(session: AsyncSession, *, learner_id: int, error: str) -> int:
    """Cancel every unsent row of a learner (they cannot be reached); return how many."""
    result = await session.execute(
        update(Outbox)
        .where(Outbox.learner_id == learner_id, Outbox.state.in_(OPEN))
        .values(state=OutboxState.CANCELLED, last_error=error, lease_until=None)
        .execution_options(synchronize_session=False)
    )
    return int(result.rowcount)  # type: ignore[attr-defined]


async def cancel_pending_by_key_prefix(
    session: AsyncSession, *, kind: str, prefix: str, error: str
) -> int:
    """Cancel the rows of this kind whose key starts with `prefix` and that no worker has
    picked up; return how many."""
    result = await session.execute(
        update(Outbox)
        .where(
            Outbox.kind == kind,
            Outbox.dedupe_key.startswith(prefix, autoescape=True),
            Outbox.state == OutboxState.PENDING,
        )
        .values(state=OutboxState.CANCELLED, last_error=error)
        .execution_options(synchronize_session=False)
    )
    return int(result.rowcount)  # type: ignore[attr-defined]


async def delete_by_key_prefixes(session: AsyncSession, *, prefixes: Sequence[str]) -> int:
    """Delete the rows (in any state) whose key starts with one of `prefixes`; how many."""
    if not prefixes:
        return 0
    result = await session.execute(
        delete(Outbox)
        .where(or_(*(Outbox.dedupe_key.startswith(p, autoescape=True) for p in prefixes)))
        .execution_options(synchronize_session=False)
    )
    return int(result.rowcount)  # type: ignore[attr-defined]


async def count_by_key_prefix(session: AsyncSession, *, kind: str, prefix: str) -> dict[str, int]:
    """Return how many rows of this kind whose key starts with `prefix` are in each state."""
    rows = await session.execute(
        select(Outbox.state, func.count())
        .where(Outbox.kind == kind, Outbox.dedupe_key.startswith(prefix, autoescape=True))
        .group_by(Outbox.state)
    )
    return {state: int(count) for state, count in rows}


async def release(session: AsyncSession, *, worker: str, ids: Sequence[int]) -> None:
    """Hand rows this worker claimed but did not start back to the queue (graceful stop)."""
    if not ids:
        return
    await session.execute(
        update(Outbox)
        .where(
            Outbox.id.in_(list(ids)),
            Outbox.state == OutboxState.CLAIMED,
            Outbox.claimed_by == worker,
        )
        .values(
            state=OutboxState.PENDING,
            claimed_by=None,
            lease_until=None,
            attempts=Outbox.attempts - 1,
        )
        .execution_options(synchronize_session=False)
    )


async def next_due(session: AsyncSession, *, platforms: Sequence[str]) -> datetime | None:
    """When the next pending row comes due (so an idle dispatcher sleeps just that long)."""
    return await session.scalar(
        select(func.min(Outbox.due_at)).where(
            Outbox.state == OutboxState.PENDING, Outbox.platform.in_(list(platforms))
        )
    )


async def prune(session: AsyncSession, *, before: datetime) -> int:
    """Delete finished rows (sent, failed, cancelled) created before `before`; return how many."""
    result = await session.execute(
        delete(Outbox).where(Outbox.state.in_(FINISHED), Outbox.created_at < before)
    )
    return int(result.rowcount)  # type: ignore[attr-defined]


async def depth_by_state(session: AsyncSession) -> dict[str, int]:
    """Return how many rows are in each state (every state, zero when empty)."""
    rows = await session.execute(select(Outbox.state, func.count()).group_by(Outbox.state))
    counts: dict[str, int] = dict.fromkeys(OutboxState, 0)
    counts.update({state: int(count) for state, count in rows})
    return counts


async def depth_by_kind_and_state(session: AsyncSession) -> dict[tuple[str, str], int]:
    """Return how many rows there are of each (kind, state) present."""
    rows = await session.execute(
        select(Outbox.kind, Outbox.state, func.count()).group_by(Outbox.kind, Outbox.state)
    )
    return {(kind, state): int(count) for kind, state, count in rows}


async def oldest_due(session: AsyncSession, *, now: datetime) -> datetime | None:
    """When the longest-waiting pending row came due (None when nothing pending is due)."""
    return await session.scalar(
        select(func.min(Outbox.due_at)).where(
            Outbox.state == OutboxState.PENDING, Outbox.due_at <= now
        )
    )
