"""Prometheus metrics for delivery: outbox depth by state, sends, 429s, failures, planning."""

from __future__ import annotations

from prometheus_client import CONTENT_TYPE_LATEST, Counter, Gauge, Histogram, generate_latest

OUTBOX_DEPTH = Gauge("manabi_outbox_depth", "Outbox rows by state.", ["state"])
SENT = Counter("manabi_outbox_sent_total", "Proactive messages sent.", ["platform", "kind"])
RATE_LIMITED = Counter(
    "manabi_outbox_rate_limited_total", "Sends the platform answered with 429.", ["platform"]
)
FAILURES = Counter(
    "manabi_outbox_failures_total",
    "Failed sends by reason (transient, permanent, gave_up).",
    ["platform", "reason"],
)
RECOVERED = Counter(
    "manabi_outbox_recovered_total",
    "Rows whose earlier attempt had an unknown outcome: found already delivered, or resent.",
    ["outcome"],
)
PLANNER_DURATION = Histogram(
    "manabi_planner_duration_seconds",
    "How long a planning run took.",
    ["job"],
    buckets=(0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120),
)
PLANNED = Counter("manabi_planned_total", "Messages planned into the outbox.", ["kind"])


def set_outbox_depth(counts: dict[str, int]) -> None:
    """Publish the outbox row counts by state."""
    for state, count in counts.items():
        OUTBOX_DEPTH.labels(state=state).set(count)


def exposition() -> tuple[bytes, str]:
    """Return the metrics page and its content type."""
    return generate_latest(), CONTENT_TYPE_LATEST
