"""What a federation's IT watches: metrics on their own port (checked by prometheus_client's
parser and, when installed, by promtool), the access log, model and outbox figures, and
quiet scheduler logs."""

from __future__ import annotations

import asyncio
import logging
import shutil
import socket
import subprocess
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import aiohttp
import pytest
from prometheus_client import REGISTRY
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot import metrics
from bot.app import App
from bot.content.model import Curriculum
from bot.core.conversation import Coach
from bot.core.ports import AnswerUnavailable
from bot.delivery.jobs import plan, refresh_outbox_depth
from bot.llm.client import build_answerer
from bot.logs import configure
from bot.scheduler import build_scheduler
from bot.version import version
from bot.web import start_servers
from tests.conftest import FixedClock, make_settings
from tests.delivery_helpers import add_learner, add_org, outbox_rows
from tests.fake_openai import FakeOpenAI

NOW = datetime(2026, 12, 1, 0, 5, tzinfo=UTC)
PROMTOOL = shutil.which("promtool")
NO_PROMTOOL = "promtool is not installed (Debian: apt-get install prometheus)"
# What the dashboards and alerts in deploy/ read; each must be on the page from the start.
WATCHED = (
    "manabi_build_info",
    "manabi_http_requests",
    "manabi_http_request_duration_seconds",
    "manabi_llm_requests",
    "manabi_llm_tokens",
    "manabi_llm_cost_usd",
    "manabi_llm_request_duration_seconds",
    "manabi_outbox_depth",
    "manabi_outbox_oldest_due_age_seconds",
    "manabi_outbox_rate_limited",
    "manabi_planner_duration_seconds",
)


def free_port() -> int:
    """A loopback port nobody listens on (for the metrics server, which 0 would turn off)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def sample(name: str, **labels: str) -> float:
    """The current value of a sample in the process's registry (0 when absent)."""
    return REGISTRY.get_sample_value(name, labels) or 0.0


@pytest.fixture
async def servers(
    engine: AsyncEngine,
    sessions: async_sessionmaker[AsyncSession],
    curriculum: Curriculum,
    coach: Coach,
    caplog: pytest.LogCaptureFixture,
) -> AsyncIterator[tuple[str, str]]:
    """`manabi serve`'s two servers on loopback: yield the public and the metrics base URL."""
    caplog.set_level(logging.INFO)
    port = free_port()
    settings = make_settings(
        metrics_port=port, metrics_host="127.0.0.1", scheduler_enabled=False, dispatch_enabled=False
    )
    app = App(settings, engine, sessions, curriculum, coach, clock=FixedClock(NOW))
    runners = await start_servers(app, "127.0.0.1", 0)
    try:
        public = runners[0].addresses[0][1]
        yield f"http://127.0.0.1:{public}", f"http://127.0.0.1:{port}"
    finally:
        for runner in runners:
            await runner.cleanup()


async def test_metrics_have_their_own_port_and_requests_are_counted_by_route(
    servers: tuple[str, str], caplog: pytest.LogCaptureFixture
) -> None:
    public, private = servers
    before = sample("manabi_http_requests_total", method="GET", route="/healthz", status="200")
    async with aiohttp.ClientSession() as http:
        async with http.get(f"{public}/healthz?token=xoxb-secret-in-query") as response:
            assert response.status == 200
        async with http.get(f"{public}/metrics") as response:
            assert response.status == 404  # not on the public port
        async with http.get(f"{private}/metrics") as response:
            assert response.status == 200
            assert response.headers["Content-Type"].startswith("text/plain")
            page = await response.text()
    assert f'version="{version()}"' in page
    assert 'manabi_http_requests_total{method="GET",route="/healthz",status="200"}' in page
    assert 'route="unmatched",status="404"' in page
    assert "xoxb-secret" not in page
    after = sample("manabi_http_requests_total", method="GET", route="/healthz", status="200")
    assert after == before + 1
    access = [r for r in caplog.records if r.name == "bot.access"]
    assert [(r.method, r.route, r.status) for r in access] == [  # type: ignore[attr-defined]
        ("GET", "/healthz", 200),
        ("GET", "unmatched", 404),
    ]
    assert all(isinstance(r.ms, float) for r in access)  # type: ignore[attr-defined]
    assert "xoxb-secret" not in caplog.text
    started = [r for r in caplog.get_records("setup") if r.getMessage() == "manabi starting"]
    assert [r.version for r in started] == [version()]  # type: ignore[attr-defined]


def test_the_exposition_parses_and_has_what_the_dashboards_read() -> None:
    families = {f.name: f for f in text_string_to_metric_families(metrics.exposition()[0].decode())}
    missing = [name for name in WATCHED if name not in families]
    assert missing == []
    build = families["manabi_build_info"].samples
    assert [s.labels["version"] for s in build] == [version()]


@pytest.mark.skipif(PROMTOOL is None, reason=NO_PROMTOOL)
def test_promtool_accepts_the_metrics_page() -> None:
    metrics.HTTP_REQUESTS.labels(method="GET", route="/healthz", status="200").inc(0)
    metrics.LLM_REQUESTS.labels(model="gpt-4o-mini", outcome="ok").inc(0)
    result = subprocess.run(
        [str(PROMTOOL), "check", "metrics"],
        input=metrics.exposition()[0],
        capture_output=True,
        check=False,
        timeout=60,
    )
    assert result.returncode == 0, (result.stdout + result.stderr).decode()


async def test_outbox_depth_by_kind_and_state_and_the_oldest_due_age(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    metrics.set_outbox_depth({("digest", "pending"): 4}, 0)  # an earlier reading, since emptied
    await add_learner(sessions, await add_org(sessions, nudge_days=""), "U1")
    await plan(sessions, now=NOW, default_calendar="JP")
    later = NOW + timedelta(minutes=10)
    counts = await refresh_outbox_depth(sessions, now=later)
    assert counts == {("lesson", "pending"): 1}
    (row,) = await outbox_rows(sessions)
    assert sample("manabi_outbox_depth", kind="lesson", state="pending") == 1
    assert sample("manabi_outbox_depth", kind="digest", state="pending") == 0
    waited = sample("manabi_outbox_oldest_due_age_seconds")
    assert waited == (later - row.due_at).total_seconds() > 0
    await refresh_outbox_depth(sessions, now=row.due_at - timedelta(seconds=1))
    assert sample("manabi_outbox_oldest_due_age_seconds") == 0  # not due yet: not waiting


async def test_model_calls_are_counted_with_tokens_cost_latency_and_failures() -> None:
    fake = FakeOpenAI()
    await fake.start()
    model = "gpt-4o-mini"
    settings = make_settings(
        OPENAI_API_KEY="sk-test-not-a-real-key",
        OPENAI_BASE_URL=fake.base_url,
        MANABI_OPENAI_MAX_RETRIES=0,
    )
    answerer = build_answerer(settings, pricing=lambda _m, i, o: (i * 0.15 + o * 0.6) / 1e6)
    assert answerer is not None
    ok, failed = (
        sample("manabi_llm_requests_total", model=model, outcome=o) for o in ("ok", "http_500")
    )
    tokens_in = sample("manabi_llm_tokens_total", model=model, kind="input")
    tokens_out = sample("manabi_llm_tokens_total", model=model, kind="output")
    cost = sample("manabi_llm_cost_usd_total", model=model)
    calls = sample("manabi_llm_request_duration_seconds_count", model=model)
    try:
        fake.reply("Check the source [1].")
        fake.fail(500)
        await answerer.complete([{"role": "user", "content": "Hi"}], max_tokens=50)
        with pytest.raises(AnswerUnavailable):
            await answerer.complete([{"role": "user", "content": "Hi"}], max_tokens=50)
    finally:
        await answerer.close()
        await fake.stop()
    assert sample("manabi_llm_requests_total", model=model, outcome="ok") == ok + 1
    assert sample("manabi_llm_requests_total", model=model, outcome="http_500") == failed + 1
    assert sample("manabi_llm_tokens_total", model=model, kind="input") == tokens_in + 900
    assert sample("manabi_llm_tokens_total", model=model, kind="output") == tokens_out + 120
    assert sample("manabi_llm_cost_usd_total", model=model) == pytest.approx(
        cost + (900 * 0.15 + 120 * 0.6) / 1e6
    )
    assert sample("manabi_llm_request_duration_seconds_count", model=model) == calls + 2


async def test_scheduler_runs_are_not_logged_at_info(capsys: pytest.CaptureFixture[str]) -> None:
    from apscheduler.schedulers.asyncio import AsyncIOScheduler

    root = logging.getLogger()
    saved = root.handlers[:], root.level
    ran = asyncio.Event()

    async def job() -> None:
        ran.set()

    configure("INFO", json_lines=True)
    try:
        scheduler = AsyncIOScheduler(timezone=UTC)
        scheduler.add_job(job, "date", run_date=datetime.now(UTC), id="probe")
        scheduler.start()
        await asyncio.wait_for(ran.wait(), 10)
        await asyncio.sleep(0)  # let the executor log the run's end
        scheduler.shutdown(wait=False)
        logging.getLogger("bot.web").info("still logged")
    finally:
        root.handlers[:], _ = saved
        root.setLevel(saved[1])
    err = capsys.readouterr().err
    assert "still logged" in err
    assert "Running job" not in err and "executed successfully" not in err


async def test_a_failing_job_is_logged_and_the_next_run_goes_ahead(
    sessions: async_sessionmaker[AsyncSession], caplog: pytest.LogCaptureFixture
) -> None:
    """A scheduled job that fails logs what failed (not the error's text) and does not stop
    the scheduler: the next run is called as usual."""
    runs: list[datetime] = []

    async def digest(now: datetime) -> None:
        runs.append(now)
        raise RuntimeError("the database went away")

    clock = FixedClock(datetime(2026, 12, 7, 8, 0, tzinfo=UTC))
    scheduler = build_scheduler(sessions, clock, "JP", digest=digest)
    job = scheduler.get_job("digest")
    assert job is not None
    with caplog.at_level(logging.ERROR, logger="bot.scheduler"):
        await job.func()
        await job.func()
    assert runs == [clock.now(), clock.now()]
    assert [r.getMessage() for r in caplog.records] == ["weekly digest failed"] * 2
