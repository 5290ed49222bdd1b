"""Data functions for rate limits shared by every replica (PostgreSQL only): one row per
platform limit (e.g. `slack:T123:post`), updated atomically, in the database server's clock.

The row keeps the time its reservations reach (`reserved_until`, seconds since 1970): a send
of `cost` takes `cost / rate` seconds of it, and a bucket left alone refills up to `capacity`
sends (the generic cell rate algorithm, the token bucket's exact twin). One row lock per
reservation orders the replicas; nothing is read and written back by the application."""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

NOW = "extract(epoch FROM clock_timestamp())"

CREATE = text(
    "INSERT INTO rate_buckets (key, reserved_until, rate, slowdowns)"
    " VALUES (:key, 0, :rate, 0) ON CONFLICT (key) DO NOTHING"
)
# Lock the row, work out the reservation's end from its current values, and take it only when
# the wait stays within :max_wait (a reservation given back later could overlap another
# replica's, so a row that would wait long is put back without reserving).
RESERVE = text(
    f"""
    UPDATE rate_buckets AS b
    SET reserved_until = CASE WHEN ask.until - ask.now <= :max_wait
                              THEN ask.until ELSE b.reserved_until END
    FROM (
        SELECT r.key, t.now, greatest(r.reserved_until, t.now - :capacity / r.rate)
                             + :cost / r.rate AS until
        FROM rate_buckets AS r, (SELECT {NOW} AS now) AS t
        WHERE r.key = :key
        FOR UPDATE OF r
    ) AS ask
    WHERE b.key = ask.key
    RETURNING ask.until - ask.now, b.rate
    """
)


async def create(session: AsyncSession, *, key: str, rate: float) -> None:
    """Make sure the bucket `key` exists (full, at `rate` sends a second)."""
    await session.execute(CREATE, {"key": key, "rate": rate})


async def reserve(
    session: AsyncSession,
    *,
    key: str,
    cost: float,
    capacity: float,
    max_wait: float,
) -> tuple[float, float] | None:
    """Reserve `cost` sends from the bucket `key` (holding `capacity` sends when full) unless
    that means waiting longer than `max_wait`; return (seconds to wait before sending, the
    bucket's current rate), or None when the bucket does not exist."""
    row = (
        await session.execute(
            RESERVE, {"key": key, "cost": cost, "capacity": capacity, "max_wait": max_wait}
        )
    ).first()
    return None if row is None else (max(float(row[0]), 0.0), float(row[1]))


async def cancel(session: AsyncSession, *, key: str, cost: float) -> None:
    """Give back a reservation of `cost` sends that will not be used now."""
    await session.execute(
        text(
            "UPDATE rate_buckets SET reserved_until = reserved_until - :cost / rate"
            " WHERE key = :key"
        ),
        {"key": key, "cost": cost},
    )


async def slow_down(session: AsyncSession, *, key: str, retry_after: float, floor: float) -> None:
    """The platform answered 429: nothing goes before `retry_after` seconds from now, and the
    rate halves (not below `floor`), for every replica. Reservations already handed out are
    void: the sends waiting for them notice the 429 and reserve again, after the pause."""
    await session.execute(
        text(
            f"UPDATE rate_buckets SET rate = greatest(:floor, rate / 2),"
            f" reserved_until = {NOW} + :retry_after,"
            " slowdowns = slowdowns + 1 WHERE key = :key"
        ),
        {"key": key, "retry_after": max(retry_after, 0.0), "floor": floor},
    )


async def speed_up(session: AsyncSession, *, key: str, step: float, ceiling: float) -> None:
    """A send went through: the rate creeps back by `step`, up to `ceiling`."""
    await session.execute(
        text(
            "UPDATE rate_buckets SET rate = least(:ceiling, rate + :step)"
            " WHERE key = :key AND rate < :ceiling"
        ),
        {"key": key, "step": step, "ceiling": ceiling},
    )


async def slowdowns(session: AsyncSession, *, key: str) -> int:
    """How many 429s the bucket has seen, from any replica."""
    found = await session.scalar(
        text("SELECT slowdowns FROM rate_buckets WHERE key = :key"), {"key": key}
    )
    return int(found or 0)
