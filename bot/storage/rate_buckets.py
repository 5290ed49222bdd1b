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

RESERVE = text(
    f"""
    INSERT INTO rate_buckets AS b (key, reserved_until, rate, slowdowns)
    VALUES (:key, {NOW} + (:cost - :capacity) / :rate, :rate, 0)
    ON CONFLICT (key) DO UPDATE SET reserved_until =
        greatest(b.reserved_until, {NOW} - :capacity / b.rate) + :cost / b.rate
    RETURNING greatest(b.reserved_until - {NOW}, 0), b.slowdowns, b.rate
    """
)


async def reserve(
    session: AsyncSession, *, key: str, cost: float, rate: float, capacity: float
) -> tuple[float, int, float]:
    """Reserve `cost` sends from the bucket `key` (created at `rate`/s, holding `capacity`
    sends when full); return (seconds to wait before sending, 429s seen, current rate)."""
    row = (
        await session.execute(
            RESERVE, {"key": key, "cost": cost, "rate": rate, "capacity": capacity}
        )
    ).one()
    return float(row[0]), int(row[1]), float(row[2])


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
    rate halves (not below `floor`), for every replica."""
    await session.execute(
        text(
            f"UPDATE rate_buckets SET rate = greatest(:floor, rate / 2),"
            f" reserved_until = greatest(reserved_until, {NOW} + :retry_after),"
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
