"""Token buckets: steady pacing, bursts, slowing down on 429 and recovering; in this process,
and shared by replicas through PostgreSQL."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.delivery.ratelimit import (
    BucketKey,
    Limit,
    RateLimits,
    SharedPacer,
    SharedRateLimits,
    TokenBucket,
)
from bot.storage.models import RateBucket


class Ticks:
    """A monotonic clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_a_bucket_allows_its_burst_less_one_token_of_headroom_then_paces_at_its_rate() -> None:
    ticks = Ticks()
    bucket = TokenBucket(Limit(rate=5, burst=3), ticks)
    assert [round(bucket.reserve(), 3) for _ in range(4)] == [0.0, 0.0, 0.2, 0.4]
    ticks.now += 1.0
    assert bucket.reserve() == 0.0  # refilled (up to the burst)


def test_429_pauses_for_retry_after_halves_the_rate_and_success_recovers_it() -> None:
    ticks = Ticks()
    bucket = TokenBucket(Limit(rate=10, burst=2), ticks)
    bucket.reserve()
    bucket.slow_down(retry_after=3)
    assert bucket.rate == 5 and bucket.slowdowns == 1
    assert bucket.reserve() >= 3.0
    for _ in range(200):
        bucket.succeeded()
    assert bucket.rate == 10


def test_unlimited_never_waits_and_cancel_gives_tokens_back() -> None:
    ticks = Ticks()
    assert TokenBucket(Limit(rate=0), ticks).reserve(1000) == 0.0
    bucket = TokenBucket(Limit(rate=1, burst=2), ticks)
    bucket.reserve()
    bucket.cancel()
    assert bucket.reserve() == 0.0


async def test_limits_are_per_workspace_and_per_teams_conversation() -> None:
    ticks = Ticks()
    limits = RateLimits(
        {"slack": Limit(1, 2), "teams": Limit(50, 51)}, {"teams": Limit(7, 2)}, clock=ticks
    )
    assert await limits.reserve(BucketKey("slack", "T1", "U1"), 1) == 0.0
    assert await limits.reserve(BucketKey("slack", "T2", "U1"), 1) == 0.0  # another workspace
    # same workspace, any user
    assert await limits.reserve(BucketKey("slack", "T1", "U2"), 1) == 1.0
    assert await limits.reserve(BucketKey("teams", "tenant", "c1"), 1) == 0.0
    assert round(await limits.reserve(BucketKey("teams", "tenant", "c1"), 1), 3) == round(1 / 7, 3)
    # another conversation
    assert await limits.reserve(BucketKey("teams", "tenant", "c2"), 1) == 0.0
    # no limit configured
    assert await limits.reserve(BucketKey("console", "local", "me"), 1) == 0.0


# ---------------------------------------------------------------- shared by replicas (PostgreSQL)

# 10 s a send: the milliseconds between calls do not count. A shared bucket lets one send go
# at once, keeping the rest of the burst for the replicas' jitter.
SLOW = Limit(rate=0.1, burst=3)


@pytest.fixture
def replicas(
    engine: AsyncEngine, sessions: async_sessionmaker[AsyncSession]
) -> tuple[SharedRateLimits, SharedRateLimits]:
    """Two replicas' limiters on one database."""
    if engine.dialect.name != "postgresql":
        pytest.skip("shared limits live in PostgreSQL; SQLite runs one dispatcher")
    return (
        SharedRateLimits(sessions, {"slack": SLOW}),
        SharedRateLimits(sessions, {"slack": SLOW}),
    )


async def test_two_replicas_take_from_one_budget(
    replicas: tuple[SharedRateLimits, SharedRateLimits],
) -> None:
    a, b = replicas
    waits = [
        await limits.reserve(BucketKey("slack", "T1", f"U{i}"), 1)
        for i, limits in enumerate((a, b, a, b))
    ]
    # One send goes at once, then one every 10 s, whoever asks.
    assert waits[0] == 0.0
    assert [round(w) for w in waits[1:]] == [10, 20, 30]
    # another workspace: its own budget
    assert await b.reserve(BucketKey("slack", "T2", "U1"), 1) == 0.0
    assert await a.reserve(BucketKey("teams", "tenant", "c1"), 1) == 0.0  # no limit configured


async def test_a_reservation_given_back_is_free_for_the_other_replica(
    replicas: tuple[SharedRateLimits, SharedRateLimits],
) -> None:
    a, b = replicas
    assert await a.reserve(BucketKey("slack", "T1", "U1"), 1) == 0.0
    assert round(await a.reserve(BucketKey("slack", "T1", "U2"), 1)) == 10
    await a.cancel(BucketKey("slack", "T1", "U2"), 1)
    assert round(await b.reserve(BucketKey("slack", "T1", "U3"), 1)) == 10  # not 20


async def test_a_wait_beyond_the_limit_reserves_nothing(
    replicas: tuple[SharedRateLimits, SharedRateLimits],
) -> None:
    """A row that would wait too long is put back; it must not keep a slot from the others."""
    a, b = replicas
    assert await a.reserve(BucketKey("slack", "T1", "U1"), 1) == 0.0
    assert round(await a.reserve(BucketKey("slack", "T1", "U2"), 1, max_wait=5)) == 10  # not taken
    # the same slot
    assert round(await b.reserve(BucketKey("slack", "T1", "U3"), 1, max_wait=15)) == 10


async def test_in_process_a_wait_beyond_the_limit_reserves_nothing_either() -> None:
    limits = RateLimits({"slack": Limit(rate=0.1, burst=2)}, clock=Ticks())
    assert await limits.reserve(BucketKey("slack", "T1", "U1"), 1) == 0.0
    assert round(await limits.reserve(BucketKey("slack", "T1", "U2"), 1, max_wait=5)) == 10
    assert round(await limits.reserve(BucketKey("slack", "T1", "U3"), 1)) == 10


async def test_one_replicas_429_slows_every_replica(
    replicas: tuple[SharedRateLimits, SharedRateLimits],
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    a, b = replicas
    waits = [await a.reserve(BucketKey("slack", "T1", f"U{i}"), 1) for i in range(3)]
    assert [round(w) for w in waits] == [0, 10, 20]
    seen = await b.slowdowns(BucketKey("slack", "T1", "U9"))
    await a.slow_down(BucketKey("slack", "T1", "U1"), retry_after=5)
    assert await b.slowdowns(BucketKey("slack", "T1", "U9")) == seen + 1  # b notices while it waits
    # The reservations handed out before are void (their sends reserve again): b waits out
    # the Retry-After, then a send takes twice as long (the rate halved).
    assert round(await b.reserve(BucketKey("slack", "T1", "U9"), 1)) == 5 + 20
    async with sessions() as session:
        bucket = await session.scalar(select(RateBucket))
    assert bucket is not None and (bucket.key, bucket.rate) == ("slack:T1:post", 0.05)
    await b.succeeded(BucketKey("slack", "T1", "U9"))  # successes give the rate back, step by step
    async with sessions() as session:
        bucket = await session.scalar(select(RateBucket))
    assert bucket is not None and bucket.rate == pytest.approx(0.05 + 0.1 / 10)


async def test_a_method_with_its_own_tier_has_its_own_shared_budget(
    replicas: tuple[SharedRateLimits, SharedRateLimits],
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    """conversations.open: two replicas' messengers share its budget, apart from the posts'."""
    a, b = (SharedPacer(sessions, "slack", SLOW, "open") for _ in range(2))
    assert [round(await p.reserve("T1")) for p in (a, b, a)] == [0, 10, 20]
    posts, _ = replicas
    assert await posts.reserve(BucketKey("slack", "T1", "U1"), 1) == 0.0
