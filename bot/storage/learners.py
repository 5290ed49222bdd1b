"""Data functions for learners, organisations and inbound events."""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import bindparam, delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.storage.models import Learner, Organisation, ProcessedEvent
from bot.storage.upsert import insert_if_new

DEFAULT_ORG = "default"


async def find_learner(
    session: AsyncSession, *, platform: str, workspace: str, user_id: str, lock: bool = False
) -> Learner | None:
    """Return the learner with this platform identity, if known; `lock` holds their row until
    the transaction ends (PostgreSQL), so two presses of one button are judged one by one."""
    query = select(Learner).where(
        Learner.platform == platform,
        Learner.workspace == workspace,
        Learner.platform_user_id == user_id,
    )
    return await session.scalar(query.with_for_update() if lock else query)


async def recipients(
    session: AsyncSession, *, learner_ids: set[int]
) -> dict[int, tuple[tuple[str, str, str, dict[str, Any] | None, str | None], str, str]]:
    """Where to reach each learner ((platform, workspace, user id, conversation ref, DM
    channel)), their status and their language."""
    rows = await session.execute(
        select(
            Learner.id,
            Learner.platform,
            Learner.workspace,
            Learner.platform_user_id,
            Learner.conversation_ref,
            Learner.dm_channel,
            Learner.status,
            Learner.locale,
        ).where(Learner.id.in_(learner_ids))
    )
    return {
        lid: ((platform, workspace, user_id, ref, channel), status, locale)
        for lid, platform, workspace, user_id, ref, channel, status, locale in rows
    }


async def remember_dm_channels(session: AsyncSession, *, channels: dict[int, str]) -> None:
    """Keep learners' DM channel ids (learner id -> channel; opened once, reused by every
    replica), in one executemany."""
    if not channels:
        return
    table = Learner.__table__
    statement = (
        update(table)  # type: ignore[arg-type]
        .where(table.c.id == bindparam("b_id"))
        .values(dm_channel=bindparam("b_channel"))
    )
    connection = await session.connection()
    await connection.execute(
        statement, [{"b_id": lid, "b_channel": channel} for lid, channel in channels.items()]
    )


async def get_or_create_learner(
    session: AsyncSession,
    *,
    platform: str,
    workspace: str,
    user_id: str,
    now: datetime,
    defaults: dict[str, object],
) -> tuple[Learner, bool]:
    """Return the learner with this identity, creating it (safely under races) if new."""
    values = {
        "platform": platform,
        "workspace": workspace,
        "platform_user_id": user_id,
        "created_at": now,
        **defaults,
    }
    created = await insert_if_new(
        session, Learner, ("platform", "workspace", "platform_user_id"), values
    )
    learner = await find_learner(session, platform=platform, workspace=workspace, user_id=user_id)
    assert learner is not None
    return learner, created


async def get_or_create_organisation(
    session: AsyncSession,
    *,
    slug: str,
    now: datetime,
    name: str | None = None,
    calendar: str = "JP",
) -> Organisation:
    """Return the organisation with this slug, creating it if new."""
    await insert_if_new(
        session,
        Organisation,
        ("slug",),
        {
            "slug": slug,
            "name": name or slug,
            "created_at": now,
            "calendar": calendar,
            "nudge_days": "3,7,14",
        },
    )
    org = await session.scalar(select(Organisation).where(Organisation.slug == slug))
    assert org is not None
    return org


async def delete_learner(session: AsyncSession, *, learner_id: int) -> None:
    """Delete a learner; every row that refers to them goes with them (ON DELETE CASCADE)."""
    await session.execute(delete(Learner).where(Learner.id == learner_id))


async def touch_learner(session: AsyncSession, *, learner_id: int, now: datetime) -> None:
    """Record that the learner did something now."""
    await session.execute(
        update(Learner).where(Learner.id == learner_id).values(last_active_at=now)
    )


async def count_checked_answer(session: AsyncSession, *, learner_id: int) -> int:
    """Add one to the answers a learner has had checked (in SQL, so two at once both count);
    the new count, which numbers the checklist (RETURNING: two at once get two numbers)."""
    result = await session.execute(
        update(Learner)
        .where(Learner.id == learner_id)
        .values(answers_checked=Learner.answers_checked + 1)
        .returning(Learner.answers_checked)
        .execution_options(synchronize_session=False)
    )
    return int(result.scalar_one())


MARK_COLUMNS = {
    "checked": Learner.claims_checked,
    "wrong": Learner.claims_wrong,
    "unsure": Learner.claims_unsure,
}


async def count_claim_mark(session: AsyncSession, *, learner_id: int, mark: str) -> None:
    """Add one to the claims a learner marked `mark` (checked / wrong / unsure), in SQL."""
    column = MARK_COLUMNS[mark]
    await session.execute(
        update(Learner)
        .where(Learner.id == learner_id)
        .values({column: column + 1})
        .execution_options(synchronize_session=False)
    )


async def claim_event(session: AsyncSession, *, key: str, now: datetime) -> bool:
    """Record an inbound event id; return False when it was already processed.

    Stored as a hash: an id can name a member (a Slack button's id holds their user id), and
    a hash dedupes as well without keeping who it was."""
    digest = hashlib.sha256(key.encode()).hexdigest()
    return await insert_if_new(session, ProcessedEvent, ("key",), {"key": digest, "seen_at": now})


async def prune_events(session: AsyncSession, *, now: datetime, keep: timedelta) -> int:
    """Forget processed event ids older than `keep`; return how many went."""
    result = await session.execute(
        delete(ProcessedEvent).where(ProcessedEvent.seen_at < now - keep)
    )
    return int(result.rowcount)  # type: ignore[attr-defined]
