"""Prometheus metrics: build info, HTTP requests, model calls, and delivery (outbox depth and
age, sends, 429s, failures, planning). Served on their own port (bot/web.py)."""

from __future__ import annotations

import platform
from collections.abc import Mapping

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    Counter,
    Gauge,
    Histogram,
    Info,
    generate_latest,
)

from bot.version import version

BUILD = Info("manabi_build", "The running Manabi: version and Python.")
BUILD.info({"version": version(), "python": platform.python_version()})

# HTTP, by route pattern (never the path with ids or the query string)
HTTP_REQUESTS = Counter(
    "manabi_http_requests_total", "HTTP requests served.", ["method", "route", "status"]
)
HTTP_DURATION = Histogram(
    "manabi_http_request_duration_seconds",
    "How long an HTTP request took to answer.",
    ["method", "route"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)

# The model (bot/llm/client.py)
LLM_REQUESTS = Counter(
    "manabi_llm_requests_total",
    "Model calls by outcome (ok, timeout, connection, rate_limited, http_NNN, empty, paused).",
    ["model", "outcome"],
)
LLM_TOKENS = Counter(
    "manabi_llm_tokens_total",
    "Tokens the model read (input) and wrote (output).",
    ["model", "kind"],
)
LLM_COST = Counter(
    "manabi_llm_cost_usd_total",
    "Estimated model cost in US dollars (MANABI_LLM_PRICES).",
    ["model"],
)
LLM_DURATION = Histogram(
    "manabi_llm_request_duration_seconds",
    "How long a model call took, retries included.",
    ["model"],
    buckets=(0.25, 0.5, 1, 2, 4, 8, 15, 30, 60),
)

# Delivery (bot/delivery/)
OUTBOX_DEPTH = Gauge("manabi_outbox_depth", "Outbox rows by kind and state.", ["kind", "state"])
OUTBOX_OLDEST_DUE = Gauge(
    "manabi_outbox_oldest_due_age_seconds",
    "How long the oldest pending row has been due (0 when none is waiting).",
)
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


def set_outbox_depth(counts: Mapping[tuple[str, str], int], oldest_due_seconds: float) -> None:
    """Publish the outbox row counts by (kind, state) and the age of the oldest due row; a
    kind and state that has emptied since the last time reads 0, not its old count."""
    for kind, state in _published_depths():
        if (kind, state) not in counts:
            OUTBOX_DEPTH.labels(kind=kind, state=state).set(0)
    for (kind, state), count in counts.items():
        OUTBOX_DEPTH.labels(kind=kind, state=state).set(count)
    OUTBOX_OLDEST_DUE.set(max(oldest_due_seconds, 0.0))


def _published_depths() -> list[tuple[str, str]]:
    return [
        (sample.labels["kind"], sample.labels["state"])
        for metric in OUTBOX_DEPTH.collect()
        for sample in metric.samples
    ]


def observe_llm_call(
    model: str,
    outcome: str,
    seconds: float,
    tokens_in: int = 0,
    tokens_out: int = 0,
    cost: float = 0.0,
) -> None:
    """Count one model call: its outcome, how long it took, its tokens and estimated cost."""
    LLM_REQUESTS.labels(model=model, outcome=outcome).inc()
    LLM_DURATION.labels(model=model).observe(seconds)
    if tokens_in:
        LLM_TOKENS.labels(model=model, kind="input").inc(tokens_in)
    if tokens_out:
        LLM_TOKENS.labels(model=model, kind="output").inc(tokens_out)
    if cost:
        LLM_COST.labels(model=model).inc(cost)


def exposition() -> tuple[bytes, str]:
    """Return the metrics page and its content type."""
    return generate_latest(), CONTENT_TYPE_LATEST
