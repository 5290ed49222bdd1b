"""Plan proactive messages with set-based SQL: today's lessons, nudges, and reactivations.

Learners are grouped by (time zone, calendar) — a handful of groups for any number of
learners — so the local date, the local minute and the holidays are worked out once per group
in Python. Planning goes by learner-id range (jobs.plan: one transaction a range): the groups
become a few literal rows joined to the range's learners, so each statement is bounded and does
not depend on table statistics. Running a plan twice, or on two replicas at once, inserts
nothing the second time (unique keys).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import (
    Date,
    Integer,
    String,
    and_,
    cast,
    exists,
    func,
    literal,
    select,
    union_all,
    update,
)
from sqlalchemy.ext.asyncio import AsyncSession

from bot.core.calendar import is_business_day, local_date, local_minute
from bot.core.learning.nudges import (
    DEFAULT_LADDER,
    NUDGE_WINDOW_MINUTES,
    idle_since_date,
    parse_ladder,
)
from bot.storage import outbox
from bot.storage.models import Learner, LessonDelivery, Nudge, Organisation, UTCDateTime
from bot.storage.upsert import insert_ignore

ACTIVE = "active"


@dataclass(frozen=True)
class Group:
    """Learners who share a time zone, a holiday calendar and a nudge ladder."""

    timezone: str
    calendar: str
    ladder: tuple[int, ...]
    organisation_ids: tuple[int | None, ...]


async def learner_groups(session: AsyncSession, *, default_calendar: str) -> list[Group]:
    """Group the active learners by time zone, calendar and nudge ladder (one query each)."""
    orgs = {
        org_id: (calendar, nudge_days)
        for org_id, calendar, nudge_days in (
            await session.execute(
                select(Organisation.id, Organisation.calendar, Organisation.nudge_days)
            )
        )
    }
    pairs = await session.execute(
        select(Learner.timezone, Learner.organisation_id).where(Learner.status == ACTIVE).distinct()
    )
    grouped: dict[tuple[str, str, tuple[int, ...]], list[int | None]] = defaultdict(list)
    for zone, org_id in pairs:
        calendar, nudge_days = (
            orgs.get(org_id, ("", DEFAULT_LADDER)) if org_id else ("", DEFAULT_LADDER)
        )
        key = (zone, calendar or default_calendar, parse_ladder(nudge_days))
        grouped[key].append(org_id)
    return [Group(z, c, ladder, tuple(ids)) for (z, c, ladder), ids in sorted(grouped.items())]


def _value(value: Any, type_: Any) -> Any:
    return literal(value, type_)


@dataclass(frozen=True)
class LessonDay:
    """Learners of one time zone and holiday calendar on a business day: their local date and
    the local minute now (a lesson is due once the learner's delivery minute has come)."""

    timezone: str
    calendar: str
    today: date
    minute: int


@dataclass(frozen=True)
class Span:
    """One planning step: learners with an id in [low, high) (`ids`) at `now`, the lesson days
    that have come (`lesson_days`), and the calendar of learners whose organisation sets none."""

    now: datetime
    days: list[LessonDay]
    default_calendar: str
    ids: tuple[int, int]

    def calendar(self) -> Any:
        """Each learner's holiday calendar: their organisation's, else the default (SQL)."""
        return func.coalesce(func.nullif(Organisation.calendar, ""), self.default_calendar)


async def lesson_days(
    session: AsyncSession, *, now: datetime, default_calendar: str
) -> list[LessonDay]:
    """The (time zone, calendar) pairs of active learners for which today is a business day."""
    days: dict[tuple[str, str], LessonDay] = {}
    for group in await learner_groups(session, default_calendar=default_calendar):
        key = (group.timezone, group.calendar)
        if key in days:
            continue
        today = local_date(now, group.timezone)
        if is_business_day(today, group.calendar):
            days[key] = LessonDay(*key, today, local_minute(now, group.timezone))
    return sorted(days.values(), key=lambda day: (day.timezone, day.calendar))


async def learner_id_bounds(session: AsyncSession) -> tuple[int, int] | None:
    """The lowest and highest learner id (None when there are no learners)."""
    low, high = (await session.execute(select(func.min(Learner.id), func.max(Learner.id)))).one()
    return None if low is None else (int(low), int(high))


def chunks(bounds: tuple[int, int] | None, size: int) -> list[tuple[int, int]]:
    """Half-open learner id ranges [low, high) of `size` ids covering `bounds`."""
    if bounds is None:
        return []
    low, high = bounds
    return [(start, min(start + size, high + 1)) for start in range(low, high + 1, size)]


def _days_table(days: list[LessonDay]) -> Any:
    """The days as a small derived table (UNION ALL of literal rows: SQLite and PostgreSQL)."""
    rows = [
        select(
            cast(literal(day.timezone), String()).label("timezone"),
            cast(literal(day.calendar), String()).label("calendar"),
            literal(day.today, Date()).label("local_date"),
            cast(literal(day.minute), Integer()).label("minute"),
        )
        for day in days
    ]
    return (rows[0] if len(rows) == 1 else union_all(*rows)).subquery("lesson_days")


def _at_their_time(table: Any, calendar: Any, *columns: Any, window: int | None = None) -> Any:
    """Select `columns` for each learner (with their organisation) paired with the rows of the
    days `table` in their time zone and calendar whose minute their delivery time has reached
    (and, with `window`, reached fewer than `window` minutes ago)."""
    joined = [
        table.c.timezone == Learner.timezone,
        table.c.calendar == calendar,
        Learner.delivery_minute <= table.c.minute,
    ]
    if window is not None:
        joined.append(Learner.delivery_minute > table.c.minute - window)
    return (
        select(*columns)
        .select_from(Learner)
        .outerjoin(Organisation, Organisation.id == Learner.organisation_id)
        .join(table, and_(*joined))
    )


async def plan_lessons(session: AsyncSession, span: Span) -> int:
    """Plan today's lesson (a delivery and an outbox row) for every learner with an id in
    [low, high) whose time came. Bounded by the id range, whatever the table's size, and
    independent of statistics: the learners are read by primary key range, the day of each
    comes from a handful of literal rows, and a learner who already has today's delivery is
    skipped by the unique key (ON CONFLICT DO NOTHING), not by an anti-join the planner must
    estimate."""
    if not span.days:
        return 0
    now, (low, high) = span.now, span.ids
    table, calendar = _days_table(span.days), span.calendar()
    rows = _at_their_time(
        table,
        calendar,
        Learner.id,
        table.c.local_date,
        _value("lesson", String()),
        _value("planned", String()),
        _value(now, UTCDateTime()),
    ).where(Learner.id >= low, Learner.id < high, Learner.status == ACTIVE)
    statement = insert_ignore(session, LessonDelivery, ("learner_id", "local_date", "kind"))
    await session.execute(
        statement.from_select(["learner_id", "local_date", "kind", "state", "created_at"], rows)
    )
    planned = 0
    for today in sorted({day.today for day in span.days}):
        planned += await _enqueue_lessons(session, today=today, now=now, ids=span.ids)
    return planned


async def _enqueue_lessons(
    session: AsyncSession, *, today: date, now: datetime, ids: tuple[int, int]
) -> int:
    """Insert an outbox row for each delivery of `today` in the id range that this run
    planned (deliveries and outbox rows of a range are written in one transaction, so one
    planned earlier already has its row)."""
    day = today.isoformat()
    low, high = ids
    todays = (
        select(Learner.id)
        .join(
            LessonDelivery,
            and_(
                LessonDelivery.learner_id == Learner.id,
                LessonDelivery.local_date == today,
                LessonDelivery.kind == "lesson",
            ),
        )
        .where(
            Learner.id >= low,
            Learner.id < high,
            LessonDelivery.learner_id >= low,
            LessonDelivery.learner_id < high,
            LessonDelivery.state == "planned",
            LessonDelivery.created_at == now,
        )
    )
    return await outbox.enqueue_selected(
        session,
        learners=todays,
        key=_value("lesson:", String()) + cast(Learner.id, String) + _value(f":{day}", String()),
        kind="lesson",
        payload={"local_date": day},
        due_at=now,
        now=now,
    )


async def plan_nudges(session: AsyncSession, span: Span) -> int:
    """Nudge the learners with an id in [low, high) idle for the next step of their
    organisation's ladder; pause after the last step. Business hours on business days only,
    and at most one nudge a week. One range-bounded query finds the candidates (in their
    nudge window, no nudge this week) with what they need; the ladder is applied here."""
    if not span.days:
        return 0
    now, (low, high) = span.now, span.ids
    table, calendar = _days_table(span.days), span.calendar()
    last_seen = func.coalesce(Learner.last_active_at, Learner.consent_at, Learner.created_at)
    since_seen = (
        select(func.count())
        .where(Nudge.learner_id == Learner.id, Nudge.sent_at > last_seen)
        .scalar_subquery()
    )
    week = exists().where(Nudge.learner_id == Learner.id, Nudge.sent_at > now - timedelta(days=7))
    candidates = await session.execute(
        _at_their_time(
            table,
            calendar,
            Learner.id,
            Learner.platform,
            Learner.workspace,
            Learner.timezone,
            calendar,
            func.coalesce(Organisation.nudge_days, DEFAULT_LADDER),
            table.c.local_date,
            last_seen.label("last_seen"),
            since_seen,
            window=NUDGE_WINDOW_MINUTES,
        ).where(Learner.id >= low, Learner.id < high, Learner.status == ACTIVE, ~week)
    )
    nudges: list[dict[str, Any]] = []
    messages: list[dict[str, Any]] = []
    last_steps: list[int] = []
    for learner_id, platform, workspace, zone, cal, nudge_days, today, seen, count in candidates:
        ladder = parse_ladder(nudge_days)
        step = int(count) + 1
        if step > len(ladder) or seen >= _idle_cutoff(today, ladder[step - 1], cal, zone):
            continue
        day = today.isoformat()
        nudges.append({"learner_id": learner_id, "step": step, "local_date": today, "sent_at": now})
        messages.append(
            {
                "dedupe_key": f"nudge:{learner_id}:{day}",
                "kind": "nudge",
                "learner_id": learner_id,
                "platform": platform,
                "workspace": workspace,
                "payload": {"step": step, "last": step == len(ladder), "local_date": day},
                "state": outbox.OutboxState.PENDING,
                "due_at": now,
                "attempts": 0,
                "created_at": now,
            }
        )
        if step == len(ladder):
            last_steps.append(learner_id)
    if not nudges:
        return 0
    await session.execute(insert_ignore(session, Nudge, ("learner_id", "local_date")), nudges)
    await outbox.enqueue_many(session, rows=messages)
    if last_steps:
        await session.execute(
            update(Learner)
            .where(Learner.id.in_(last_steps), Learner.status == ACTIVE)
            .values(status="paused")
            .execution_options(synchronize_session=False)
        )
    # Under the planning lock no one else adds today's nudges between the read and the write.
    return len(nudges)


_CUTOFFS: dict[tuple[date, int, str, str], datetime] = {}


def _idle_cutoff(today: date, days: int, calendar: str, zone: str) -> datetime:
    """Idle for `days` business days: last seen before the local midnight after this date."""
    key = (today, days, calendar, zone)
    if key not in _CUTOFFS:
        if len(_CUTOFFS) > 10_000:
            _CUTOFFS.clear()
        since = idle_since_date(today, days, calendar) + timedelta(days=1)
        _CUTOFFS[key] = datetime.combine(since, time(0), tzinfo=ZoneInfo(zone))
    return _CUTOFFS[key]


async def record_reactivations(session: AsyncSession, *, now: datetime) -> int:
    """Note when a nudged learner came back within 48 hours (reactivated_at)."""
    last_seen = select(Learner.last_active_at).where(Learner.id == Nudge.learner_id)
    came_back = exists().where(
        Learner.id == Nudge.learner_id, Learner.last_active_at > Nudge.sent_at
    )
    result = await session.execute(
        update(Nudge)
        .where(
            Nudge.reactivated_at.is_(None), Nudge.sent_at >= now - timedelta(hours=48), came_back
        )
        .values(reactivated_at=last_seen.scalar_subquery())
        .execution_options(synchronize_session=False)
    )
    return int(result.rowcount)  # type: ignore[attr-defined]
