"""Token buckets per Slack workspace / Teams tenant (and per Teams conversation) that slow down
when the platform answers 429 and speed back up as sends succeed."""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass


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
        self.rate = max(self.max_rate / 16, self.rate / 2)
        self.tokens = min(self.tokens, 0.0)
        self.blocked_until = max(self.blocked_until, now + max(retry_after, 0.0))
        self.slowdowns += 1

    def succeeded(self) -> None:
        """A send went through: creep back towards the configured rate."""
        if self.rate < self.max_rate:
            self._refill(self.clock())
            self.rate = min(self.max_rate, self.rate + self.max_rate / 50)


class RateLimits:
    """The buckets for every workspace/tenant, and for conversations where a platform wants it."""

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
        self.conversations: OrderedDict[tuple[str, str, str], TokenBucket] = OrderedDict()

    def _buckets(self, platform: str, workspace: str, conversation: str) -> list[TokenBucket]:
        found = []
        limit = self.workspace_limits.get(platform)
        if limit is not None:
            key = (platform, workspace)
            if key not in self.buckets:
                self.buckets[key] = TokenBucket(limit, self.clock)
            found.append(self.buckets[key])
        per_conversation = self.conversation_limits.get(platform)
        if per_conversation is not None:
            ckey = (platform, workspace, conversation)
            bucket = self.conversations.pop(ckey, None) or TokenBucket(per_conversation, self.clock)
            self.conversations[ckey] = bucket  # most recently used last
            while len(self.conversations) > self.max_conversations:
                self.conversations.popitem(last=False)
            found.append(bucket)
        return found

    def reserve(self, platform: str, workspace: str, conversation: str, cost: float) -> float:
        """Reserve `cost` sends; return the seconds to wait before sending."""
        return max(
            (b.reserve(cost) for b in self._buckets(platform, workspace, conversation)),
            default=0.0,
        )

    def cancel(self, platform: str, workspace: str, conversation: str, cost: float) -> None:
        """Give back a reservation."""
        for bucket in self._buckets(platform, workspace, conversation):
            bucket.cancel(cost)

    def slow_down(
        self, platform: str, workspace: str, conversation: str, retry_after: float
    ) -> None:
        """Slow the workspace (and conversation) down after a 429."""
        for bucket in self._buckets(platform, workspace, conversation):
            bucket.slow_down(retry_after)

    def slowdowns(self, platform: str, workspace: str, conversation: str) -> int:
        """How many 429s these buckets have seen (to notice one while waiting)."""
        return sum(b.slowdowns for b in self._buckets(platform, workspace, conversation))

    def succeeded(self, platform: str, workspace: str, conversation: str) -> None:
        """Record a successful send."""
        for bucket in self._buckets(platform, workspace, conversation):
            bucket.succeeded()
