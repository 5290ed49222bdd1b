"""Token buckets: steady pacing, bursts, slowing down on 429 and recovering."""

from __future__ import annotations

from bot.delivery.ratelimit import Limit, RateLimits, TokenBucket


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


def test_limits_are_per_workspace_and_per_teams_conversation() -> None:
    ticks = Ticks()
    limits = RateLimits(
        {"slack": Limit(1, 2), "teams": Limit(50, 51)}, {"teams": Limit(7, 2)}, clock=ticks
    )
    assert limits.reserve("slack", "T1", "U1", 1) == 0.0
    assert limits.reserve("slack", "T2", "U1", 1) == 0.0  # another workspace
    assert limits.reserve("slack", "T1", "U2", 1) == 1.0  # same workspace, any user
    assert limits.reserve("teams", "tenant", "c1", 1) == 0.0
    assert round(limits.reserve("teams", "tenant", "c1", 1), 3) == round(1 / 7, 3)
    assert limits.reserve("teams", "tenant", "c2", 1) == 0.0  # another conversation
    assert limits.reserve("console", "local", "me", 1) == 0.0  # no limit configured
