"""Token buckets per Slack workspace / Teams tenant (and per Teams conversation) that slow down
when the platform answers 429 and speed back up as sends succeed.

`RateLimits` keeps them in this process (SQLite: one dispatcher). `SharedRateLimits` keeps the
workspace/tenant buckets in PostgreSQL, where every replica takes from the same budget and one
replica's 429 slows them all; a conversation's bucket stays in the process sending to it."""

from __future__ import annotations

import math
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import NamedTuple, Protocol

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.storage import rate_buckets
from bot.storage.db import transaction

SLOWEST = 1 / 16  # a 429 halves the rate, down to this share of the configured one
RECOVERY = 1 / 50  # each success gives back this share of the configured rate
# Shared: every replica's successes count, and a 429 there is more often the replicas' jitter
# than a limit set too high, so the rate comes back in a few sends.
SHARED_RECOVERY = 1 / 10


@dataclass(frozen=True)
class Limit:
    """A sustained rate (per second; 0 means unlimited) and a burst size."""

    rate: float
    burst: float = 1.0


class TokenBucket:
    """A token bucket whose rate halves on a 429 and recovers by small steps on success."""

    def __init__(self, limit: Limit, clock: Callable[[], float] = time.monotonic) -> None:
        self.max_rate = limit.rate
        self.rate = limit.rate
        # One token of headroom: the platform's bucket starts when our first message arrives,
        # a little after ours, so pacing at exactly its rate would leave no room for jitter.
        self.capacity = max(limit.burst, 1.0) - 1.0
        self.tokens = self.capacity
        self.clock = clock
        self.updated = clock()
        self.blocked_until = 0.0
        self.slowdowns = 0  # bumped on every 429: waits reserved before it are stale

    def _refill(self, now: float) -> None:
        self.tokens = min(self.capacity, self.tokens + (now - self.updated) * self.rate)
        self.updated = now

    def reserve(self, cost: float = 1.0) -> float:
        """Take `cost` tokens now; return how many seconds to wait before using them."""
        if self.max_rate <= 0:
            return 0.0
        now = self.clock()
        self._refill(now)
        self.tokens -= cost
        wait = -self.tokens / self.rate if self.tokens < 0 else 0.0
        return max(wait, self.blocked_until - now)

    def cancel(self, cost: float = 1.0) -> None:
        """Give back tokens reserved for a send that will not happen now."""
        if self.max_rate > 0:
            self.tokens = min(self.capacity, self.tokens + cost)

    def slow_down(self, retry_after: float) -> None:
        """The platform said 429: pause for `retry_after` and halve the rate."""
        if self.max_rate <= 0:
            return
        now = self.clock()
        self._refill(now)
        self.rate = max(self.max_rate * SLOWEST, self.rate / 2)
        self.tokens = min(self.tokens, 0.0)
        self.blocked_until = max(self.blocked_until, now + max(retry_after, 0.0))
        self.slowdowns += 1

    def succeeded(self) -> None:
        """A send went through: creep back towards the configured rate."""
        if self.rate < self.max_rate:
            self._refill(self.clock())
            self.rate = min(self.max_rate, self.rate + self.max_rate * RECOVERY)


class BucketKey(NamedTuple):
    """Names the buckets a send takes from: the platform, its workspace (Slack) or tenant
    (Teams), and the conversation (on Slack, the user's id)."""

    platform: str
    workspace: str
    conversation: str


class Limits(Protocol):
    """What the dispatcher asks of rate limits, for the buckets a `BucketKey` names."""

    async def reserve(self, key: BucketKey, cost: float, max_wait: float = math.inf) -> float:
        """Reserve `cost` sends; return the seconds to wait before sending. A wait longer
        than `max_wait` is returned without reserving anything."""
        ...

    async def cancel(self, key: BucketKey, cost: float) -> None:
        """Give back a reservation."""
        ...

    async def slow_down(self, key: BucketKey, retry_after: float) -> None:
        """Slow the workspace (and conversation) down after a 429."""
        ...

    async def slowdowns(self, key: BucketKey) -> int:
        """How many 429s these buckets have seen (to notice one while waiting)."""
        ...

    async def succeeded(self, key: BucketKey) -> None:
        """Record a successful send."""
        ...


class RateLimits:
    """The buckets for every workspace/tenant, and for conversations where a platform wants it,
    in this process."""

    def __init__(
        self,
        workspace: dict[str, Limit],
        conversation: dict[str, Limit] | None = None,
        max_conversations: int = 10_000,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.workspace_limits = workspace
        self.conversation_limits = conversation or {}
        self.max_conversations = max_conversations
        self.clock = clock
        self.buckets: dict[tuple[str, str], TokenBucket] = {}
        self.conversations: OrderedDict[BucketKey, TokenBucket] = OrderedDict()

    def _buckets(self, key: BucketKey) -> list[TokenBucket]:
        found = []
        limit = self.workspace_limits.get(key.platform)
        if limit is not None:
            wkey = (key.platform, key.workspace)
            if wkey not in self.buckets:
                self.buckets[wkey] = TokenBucket(limit, self.clock)
            found.append(self.buckets[wkey])
        per_conversation = self.conversation_limits.get(key.platform)
        if per_conversation is not None:
            bucket = self.conversations.pop(key, None) or TokenBucket(per_conversation, self.clock)
            self.conversations[key] = bucket  # most recently used last
            while len(self.conversations) > self.max_conversations:
                self.conversations.popitem(last=False)
            found.append(bucket)
        return found

    async def reserve(self, key: BucketKey, cost: float, max_wait: float = math.inf) -> float:
        """Reserve `cost` sends; return the seconds to wait before sending (a wait longer
        than `max_wait` reserves nothing)."""
        buckets = self._buckets(key)
        wait = max((b.reserve(cost) for b in buckets), default=0.0)
        if wait > max_wait:
            for bucket in buckets:
                bucket.cancel(cost)
        return wait

    async def cancel(self, key: BucketKey, cost: float) -> None:
        """Give back a reservation."""
        for bucket in self._buckets(key):
            bucket.cancel(cost)

    async def slow_down(self, key: BucketKey, retry_after: float) -> None:
        """Slow the workspace (and conversation) down after a 429."""
        for bucket in self._buckets(key):
            bucket.slow_down(retry_after)

    async def slowdowns(self, key: BucketKey) -> int:
        """How many 429s these buckets have seen (to notice one while waiting)."""
        return sum(b.slowdowns for b in self._buckets(key))

    async def succeeded(self, key: BucketKey) -> None:
        """Record a successful send."""
        for bucket in self._buckets(key):
            bucket.succeeded()


class SharedRateLimits:
    """Workspace/tenant buckets in PostgreSQL, one budget for every replica (a short
    transaction per reservation); conversation buckets in this process."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        workspace: dict[str, Limit],
        conversation: dict[str, Limit] | None = None,
        method: str = "post",
    ) -> None:
        self.sessions = sessions
        self.workspace_limits = workspace
        self.method = method  # which of the platform's per-method limits these buckets are
        self.local = RateLimits({}, conversation)
        self.rates: dict[str, float] = {}  # the shared rate each bucket had when last seen

    def _shared(self, key: BucketKey) -> tuple[str, Limit] | None:
        """The shared bucket's row key and limit, if the platform has one."""
        limit = self.workspace_limits.get(key.platform)
        if limit is None or limit.rate <= 0:
            return None
        return f"{key.platform}:{key.workspace}:{self.method}"[:160], limit

    async def reserve(self, key: BucketKey, cost: float, max_wait: float = math.inf) -> float:
        """Reserve `cost` sends from the shared bucket (and the conversation's); return the
        seconds to wait before sending (a wait longer than `max_wait` reserves nothing: a
        reservation given back later could overlap another replica's)."""
        wait = await self.local.reserve(key, cost, max_wait)
        found = self._shared(key)
        if found is None or wait > max_wait:
            return wait
        row, limit = found
        capacity, bound = shared_capacity(limit), min(max_wait, 1e9)
        async with transaction(self.sessions) as session:
            taken = await rate_buckets.reserve(
                session, key=row, cost=cost, capacity=capacity, max_wait=bound
            )
            if taken is None:  # the first send to this workspace, on any replica
                await rate_buckets.create(session, key=row, rate=limit.rate)
                taken = await rate_buckets.reserve(
                    session, key=row, cost=cost, capacity=capacity, max_wait=bound
                )
        if taken is None:
            raise RuntimeError(f"rate bucket {row} missing after creation")
        shared, self.rates[row] = taken
        if shared > max_wait:
            await self.local.cancel(key, cost)
        return max(wait, shared)

    async def cancel(self, key: BucketKey, cost: float) -> None:
        """Give back a reservation."""
        await self.local.cancel(key, cost)
        found = self._shared(key)
        if found is not None:
            async with transaction(self.sessions) as session:
                await rate_buckets.cancel(session, key=found[0], cost=cost)

    async def slow_down(self, key: BucketKey, retry_after: float) -> None:
        """After a 429: every replica waits `retry_after`, then goes at half the rate."""
        await self.local.slow_down(key, retry_after)
        found = self._shared(key)
        if found is not None:
            row, limit = found
            async with transaction(self.sessions) as session:
                await rate_buckets.slow_down(
                    session, key=row, retry_after=retry_after, floor=limit.rate * SLOWEST
                )
            self.rates[row] = 0.0  # below the configured rate: successes report back

    async def slowdowns(self, key: BucketKey) -> int:
        """How many 429s these buckets have seen, on any replica."""
        seen = await self.local.slowdowns(key)
        found = self._shared(key)
        if found is not None:
            async with self.sessions() as session:
                seen += await rate_buckets.slowdowns(session, key=found[0])
        return seen

    async def succeeded(self, key: BucketKey) -> None:
        """A send went through: if the shared rate was lowered, raise it a step."""
        await self.local.succeeded(key)
        found = self._shared(key)
        if found is None:
            return
        row, limit = found
        if self.rates.get(row, limit.rate) < limit.rate:
            async with transaction(self.sessions) as session:
                await rate_buckets.speed_up(
                    session, key=row, step=limit.rate * SHARED_RECOVERY, ceiling=limit.rate
                )


class SharedPacer:
    """One platform method's shared per-workspace budget, for a messenger (core's Pacer):
    e.g. Slack's conversations.open, whose tier is its own."""

    def __init__(
        self, sessions: async_sessionmaker[AsyncSession], platform: str, limit: Limit, method: str
    ) -> None:
        self.platform = platform
        self.limits = SharedRateLimits(sessions, {platform: limit}, method=method)

    async def reserve(self, workspace: str) -> float:
        """Take a call from the workspace's budget; return the seconds to wait before it."""
        return await self.limits.reserve(BucketKey(self.platform, workspace, ""), 1.0)


def shared_capacity(limit: Limit) -> float:
    """How many sends a shared bucket lets go at once beyond its pace: one (none if the burst
    is one). The platform counts arrivals, and sends from several processes under load arrive
    with more jitter than one process's: the rest of the platform's burst absorbs it."""
    return min(max(limit.burst, 1.0) - 1, 1.0)
