"""Delivery benchmarks against a local fake Slack Web API, with real `manabi serve` processes.

Each scenario creates its own PostgreSQL database (dropped at the end), starts
bench/fake_slack.py on 127.0.0.1, seeds learners and outbox rows, runs `manabi serve`
processes (their dispatchers do the sending), and reads the counts from the fake.

    python -m bench.dispatch lessons      # 2 processes, limits lifted, today's lesson rows:
                                          # rows/s, CPU ms and commits a row, dups, lost
    python -m bench.dispatch throughput   # 2 processes, limits lifted: msgs/s, dups, lost
    python -m bench.dispatch ratelimit    # 1 workspace limited to 5/s by the fake
    python -m bench.dispatch replicas     # 3 processes sharing that workspace's 5/s
    python -m bench.dispatch sigkill      # SIGKILL one of 2 dispatchers mid-way, restart
    python -m bench.dispatch serve        # 2 x `manabi serve`: plan + send today's lessons
    python -m bench.dispatch day          # 2 processes, a morning's mix (lessons, reviews,
                                          # nudges, announcements) to 5 workspaces, each with
                                          # its own limits, 50-100 ms Web API latency
    python -m bench.dispatch all

MANABI_BENCH_DATABASE_URL names the PostgreSQL server (default
postgresql+psycopg://postgres@127.0.0.1:5432/postgres); nothing leaves the machine.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from slack_sdk.oauth.installation_store.models.installation import Installation
from sqlalchemy import text
from sqlalchemy.engine import make_url

from bot.channels.slack.installations import EncryptedInstallationStore, cipher
from bot.content.loader import load_curriculum
from bot.core.calendar import is_business_day
from bot.storage.db import create_engine, upgrade
from bot.storage.outbox import OutboxState

ADMIN_URL = os.environ.get(
    "MANABI_BENCH_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)
DB_NAME = os.environ.get("MANABI_BENCH_DB", "manabi_bench_dispatch")
TEAM = "T0TEST"
DEADLINE = 600.0  # no scenario runs longer than this
KNOWN_DMS = os.environ.get("MANABI_BENCH_DMS_KNOWN", "") == "1"  # lessons: a later day
BENCH_SECRET_KEY = "YmVuY2gtb25seS1rZXktbm90LWEtc2VjcmV0LTAwMDA="  # Fernet key, bench only


def database_url() -> str:
    """The bench database's URL."""
    return make_url(ADMIN_URL).set(database=DB_NAME).render_as_string(hide_password=False)


async def admin(sql: str) -> None:
    """Run one statement on the server's admin database."""
    engine = create_engine(ADMIN_URL, isolation_level="AUTOCOMMIT")
    async with engine.connect() as conn:
        await conn.execute(text(sql))
    await engine.dispose()


async def create_database() -> None:
    """A fresh, migrated bench database."""
    await admin(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')
    await admin(f'CREATE DATABASE "{DB_NAME}"')
    engine = create_engine(database_url())
    await upgrade(engine)
    await engine.dispose()


async def sql(statement: str, **params: Any) -> list[Any]:
    """Run SQL on the bench database; return the rows (if any)."""
    engine = create_engine(database_url())
    try:
        async with engine.begin() as conn:
            result = await conn.execute(text(statement), params)
            return list(result.all()) if result.returns_rows else []
    finally:
        await engine.dispose()


async def seed(n: int, *, status: str, zone: str, minute: int, announce: bool) -> None:
    """n learners in one Slack workspace, and one announcement each if `announce`."""
    await sql(
        "INSERT INTO organisations (slug, name, calendar, nudge_days, created_at) "
        "VALUES ('bench', 'bench', 'JP', '', now())"
    )
    await sql(
        "INSERT INTO learners (platform, workspace, platform_user_id, organisation_id, locale,"
        " timezone, delivery_minute, status, consent_at, last_active_at, created_at)"
        " SELECT 'slack', :team, 'U' || lpad(g::text, 7, '0'), 1, 'en', :zone, :minute,"
        " :status, now(), now(), now() FROM generate_series(1, :n) g",
        team=TEAM,
        zone=zone,
        minute=minute,
        status=status,
        n=n,
    )
    if announce:
        payload = json.dumps({"text": {"ja": "組合からのお知らせ", "en": "News from the union"}})
        await sql(
            "INSERT INTO outbox (dedupe_key, kind, learner_id, platform, workspace, payload,"
            " state, due_at, attempts, created_at)"
            " SELECT 'announcement:1:' || id, 'announcement', id, 'slack', workspace,"
            " CAST(:payload AS json), :state, now(), 0, now() FROM learners",
            payload=payload,
            state=OutboxState.PENDING.value,
        )


async def outbox_states() -> dict[str, int]:
    """Outbox rows by state."""
    rows = await sql("SELECT state, count(*) FROM outbox GROUP BY state")
    return {state: int(count) for state, count in rows}


def free_port() -> int:
    """An unused loopback port."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def fake_slack(rate: float, burst: float = 0.0, latency: float = 0.0, *more: str) -> Iterator[str]:
    """Run bench/fake_slack.py (`more`: further options); yield its base URL."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "bench.fake_slack", "--rate", str(rate), "--burst", str(burst),
         "--latency", str(latency), "--max-seconds", str(DEADLINE + 60), *more],
        stdout=subprocess.PIPE,
        text=True,
    )  # fmt: skip
    try:
        assert proc.stdout is not None
        port = int(proc.stdout.readline().split()[1])
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.terminate()
        proc.wait(10)


def stats(base: str, *, keys: bool = False) -> dict[str, Any]:
    """The fake's counts (and, with `keys`, the outbox keys that arrived)."""
    with urllib.request.urlopen(f"{base}/stats{'?keys=1' if keys else ''}", timeout=10) as response:
        return dict(json.load(response))


def start_serve(base: str, *, oauth: bool = False, **env: str) -> subprocess.Popen[bytes]:
    """One `manabi serve` process against the bench database and the fake Slack (with
    `oauth`, in OAuth mode: each workspace's bot token from the installations table)."""
    environ = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "OPENAI_"))},
        "DATABASE_URL": database_url(),
        "SLACK_BOT_TOKEN": "xoxb-test-bench",
        "SLACK_SIGNING_SECRET": "bench-signing-secret",
        "SLACK_API_URL": f"{base}/api/",
        "MANABI_LOG_LEVEL": "WARNING",
        "MANABI_SLACK_OPEN_PER_MINUTE": "0",  # fresh learners: every DM is opened once here
        "MANABI_METRICS_PORT": "0",  # several replicas on one host: no metrics listener each
        **env,
    }
    if oauth:
        del environ["SLACK_BOT_TOKEN"]
        environ |= {
            "SLACK_CLIENT_ID": "bench-client",
            "SLACK_CLIENT_SECRET": "bench-client-secret",
            "MANABI_SECRET_KEY": BENCH_SECRET_KEY,
        }
    return subprocess.Popen(
        [sys.executable, "-m", "bot", "serve", "--host", "127.0.0.1", "--port", str(free_port())],
        env=environ,
        stdout=subprocess.DEVNULL,
    )


def stop(procs: list[subprocess.Popen[bytes]]) -> None:
    """SIGTERM (graceful) and wait."""
    for proc in procs:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
    for proc in procs:
        try:
            proc.wait(40)
        except subprocess.TimeoutExpired:
            proc.kill()


async def wait_done(total: int, started: float, kind: str = "") -> dict[str, int]:
    """Wait until no row is pending or claimed (or the deadline)."""
    while time.monotonic() - started < DEADLINE:
        states = await outbox_states()
        if (
            sum(states.values()) >= total
            and not states.get(OutboxState.PENDING)
            and not states.get(OutboxState.CLAIMED)
        ):
            return states
        await asyncio.sleep(0.25)
    raise SystemExit(f"{kind}: not finished within {DEADLINE} s: {await outbox_states()}")


def report(name: str, figures: dict[str, Any]) -> None:
    """Print one result line as JSON (what docs/benchmarks.md quotes)."""
    print(json.dumps({"scenario": name, **figures}, ensure_ascii=False), flush=True)


async def throughput(n: int = int(os.environ.get("MANABI_BENCH_MESSAGES", "20000"))) -> None:
    """Two dispatchers, limits lifted: messages per second, duplicates, lost."""
    await create_database()
    await seed(n, status="active", zone="Asia/Tokyo", minute=0, announce=True)
    env = {
        "MANABI_SCHEDULER": "false",
        "MANABI_SLACK_RATE_PER_WORKSPACE": "0",
        "MANABI_DISPATCH_BATCH": "500",
        "MANABI_DISPATCH_CONCURRENCY": "128",
    }
    with fake_slack(rate=0) as base:
        started = time.monotonic()
        procs = [start_serve(base, **env) for _ in range(2)]
        states = await wait_done(n, started, "throughput")
        wall = time.monotonic() - started
        stop(procs)
        got = stats(base)
    report(
        "throughput",
        {
            "messages": n,
            "processes": 2,
            "sent_rows": states.get(OutboxState.SENT, 0),
            "msgs_per_s_at_fake": round(n / got["span_seconds"], 1),
            "msgs_per_s_wall_incl_startup": round(n / wall, 1),
            "duplicates": got["extra_copies"],
            "lost": n - got["keys"],
            "requests": got["requests"],
        },
    )


def cpu_seconds(procs: list[subprocess.Popen[bytes]]) -> float:
    """User + system CPU seconds the processes used so far (Linux /proc)."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for proc in procs:
        with open(f"/proc/{proc.pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])
    return total / ticks


async def commits() -> int:
    """Transactions committed in the bench database so far (PostgreSQL's statistics)."""
    rows = await sql("SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()")
    return int(rows[0][0])


async def lessons(n: int = int(os.environ.get("MANABI_BENCH_LESSONS", "5000"))) -> None:
    """Two dispatchers, limits lifted, n lesson rows as the planner leaves them (a planned
    delivery and an outbox row each): rows/s, CPU and commits per row, duplicates, lost."""
    now = datetime.now(UTC)
    zone = business_zone(now)
    if zone is None:
        report("lessons", {"skipped": "it is a weekend in every candidate time zone"})
        return
    day = now.astimezone(ZoneInfo(zone)).date()
    await create_database()
    await seed(n, status="active", zone=zone, minute=0, announce=False)
    await sql(
        "INSERT INTO lesson_deliveries (learner_id, local_date, kind, state, created_at)"
        " SELECT id, :day, 'lesson', 'planned', now() FROM learners",
        day=day,
    )
    await sql(
        "INSERT INTO outbox (dedupe_key, kind, learner_id, platform, workspace, payload,"
        " state, due_at, attempts, created_at)"
        " SELECT 'lesson:' || id || ':' || :iso, 'lesson', id, 'slack', workspace,"
        " CAST(:payload AS json), 'pending', now(), 0, now() FROM learners",
        iso=day.isoformat(),
        payload=json.dumps({"local_date": day.isoformat()}),
    )
    if KNOWN_DMS:  # a later day: every learner's DM was opened (and kept) before
        await sql("UPDATE learners SET dm_channel = 'D' || platform_user_id")
    await sql("ANALYZE")
    env = {
        "MANABI_SCHEDULER": "false",
        "MANABI_SLACK_RATE_PER_WORKSPACE": "0",
        "MANABI_DISPATCH_BATCH": "200",
        "MANABI_DISPATCH_CONCURRENCY": "128",
    }
    polls = 0
    with fake_slack(rate=0) as base:
        before = await commits()
        started = time.monotonic()
        procs = [start_serve(base, **env) for _ in range(2)]
        while stats(base)["posts"] == 0 and time.monotonic() - started < DEADLINE:  # noqa: ASYNC110
            await asyncio.sleep(0.02)  # polling other processes
        cpu_at_first = cpu_seconds(procs)
        while time.monotonic() - started < DEADLINE:
            polls += 1
            states = await outbox_states()
            if not states.get(OutboxState.PENDING) and not states.get(OutboxState.CLAIMED):
                break
            await asyncio.sleep(0.25)
        cpu = cpu_seconds(procs) - cpu_at_first
        stop(procs)
        got = stats(base)
    await asyncio.sleep(1.5)  # the servers' statistics reach pg_stat_database on exit
    committed = await commits() - before - polls - 1
    report(
        "lessons",
        {
            "rows": n,
            "dms_known": KNOWN_DMS,
            "processes": 2,
            "outbox": states,
            "rows_per_s_at_fake": round(n / got["span_seconds"], 1),
            "cpu_ms_per_row": round(cpu * 1000 / n, 2),
            "commits_per_row": round(committed / n, 3),
            "duplicates": got["extra_copies"],
            "lost": n - got["keys"],
            "requests": got["requests"],
            "load_average": " ".join(f"{x:.2f}" for x in os.getloadavg()),
        },
    )


async def ratelimit(n: int = 150, rate: float = 5.0) -> None:
    """One workspace held to `rate`/s by the fake: achieved rate and share of 429s."""
    await create_database()
    await seed(n, status="active", zone="Asia/Tokyo", minute=0, announce=True)
    env = {"MANABI_SCHEDULER": "false", "MANABI_SLACK_RATE_PER_WORKSPACE": str(rate)}
    with fake_slack(rate=rate, burst=rate) as base:
        started = time.monotonic()
        procs = [start_serve(base, **env)]
        await wait_done(n, started, "ratelimit")
        stop(procs)
        got = stats(base)
    posts = got["posts"]
    attempts = posts + got["rate_limited"]
    report(
        "ratelimit",
        {
            "messages": n,
            "limit_per_s": rate,
            "achieved_per_s_after_first_second": round(got["steady_per_s"], 3),
            "achieved_share_of_limit": round(got["steady_per_s"] / rate, 3),
            "overall_per_s_incl_opening_burst": round(posts / got["span_seconds"], 3),
            "rate_limited": got["rate_limited"],
            "share_429": round(got["rate_limited"] / attempts, 4),
            "duplicates": got["extra_copies"],
            "lost": n - got["keys"],
        },
    )


async def replicas(n: int = 600, rate: float = 5.0, processes: int = 3) -> None:
    """`processes` dispatchers share one workspace the fake holds to `rate`/s, each configured
    with the whole limit (the budget lives in PostgreSQL): achieved rate, share of 429s.
    The members' DMs are known (a later day), unless MANABI_BENCH_DMS_KNOWN=0."""
    await create_database()
    await seed(n, status="active", zone="Asia/Tokyo", minute=0, announce=True)
    dms_known = os.environ.get("MANABI_BENCH_DMS_KNOWN", "1") == "1"
    if dms_known:
        await sql("UPDATE learners SET dm_channel = 'D' || platform_user_id")
    env = {"MANABI_SCHEDULER": "false", "MANABI_SLACK_RATE_PER_WORKSPACE": str(rate)}
    with fake_slack(rate=rate, burst=rate) as base:
        started = time.monotonic()
        procs = [start_serve(base, **env) for _ in range(processes)]
        await wait_done(n, started, "replicas")
        stop(procs)
        got = stats(base)
    posts = got["posts"]
    attempts = posts + got["rate_limited"]
    report(
        "replicas",
        {
            "messages": n,
            "processes": processes,
            "dms_known": dms_known,
            "limit_per_s": rate,
            "achieved_per_s_after_first_second": round(got["steady_per_s"], 3),
            "achieved_share_of_limit": round(got["steady_per_s"] / rate, 3),
            "overall_per_s_incl_opening_burst": round(posts / got["span_seconds"], 3),
            "rate_limited": got["rate_limited"],
            "share_429": round(got["rate_limited"] / attempts, 4),
            "duplicates": got["extra_copies"],
            "lost": n - got["keys"],
            "load_average": " ".join(f"{x:.2f}" for x in os.getloadavg()),
        },
    )


async def sigkill(n: int = 10_000) -> None:
    """SIGKILL one of two dispatchers mid-way, restart it: each message arrives once."""
    await create_database()
    await seed(n, status="active", zone="Asia/Tokyo", minute=0, announce=True)
    env = {
        "MANABI_SCHEDULER": "false",
        "MANABI_SLACK_RATE_PER_WORKSPACE": "0",
        "MANABI_DISPATCH_LEASE_SECONDS": "5",
        "MANABI_DISPATCH_BATCH": "200",
        "MANABI_DISPATCH_CONCURRENCY": "64",
    }
    # A little latency at the fake, so that many sends are in flight when the kill comes.
    with fake_slack(rate=0, latency=0.01) as base:
        started = time.monotonic()
        procs = [start_serve(base, **env) for _ in range(2)]
        while stats(base)["posts"] < n * 0.3 and time.monotonic() - started < DEADLINE:  # noqa: ASYNC110
            await asyncio.sleep(0.02)  # polling other processes
        procs[0].send_signal(signal.SIGKILL)
        procs[0].wait()
        at_kill = stats(base, keys=True)
        claimed_at_kill = (await outbox_states()).get(OutboxState.CLAIMED, 0)
        # The dead worker's rows, as it left them (its name holds its process id).
        dead = await sql(
            "SELECT o.dedupe_key, l.platform_user_id, o.sending_since IS NOT NULL,"
            " o.message_ids IS NOT NULL FROM outbox o JOIN learners l ON l.id = o.learner_id"
            " WHERE o.state = 'claimed' AND o.claimed_by LIKE :worker",
            worker=f"%:{procs[0].pid}:%",
        )
        sent = await sql(
            "SELECT l.platform_user_id FROM outbox o JOIN learners l ON l.id = o.learner_id"
            " WHERE o.state = 'sent'"
        )
        await asyncio.sleep(1.0)
        procs[0] = start_serve(base, **env)  # the restart
        await wait_done(n, started, "sigkill")
        stop(procs)
        got = stats(base, keys=True)
    arrived = set(at_kill["arrived_keys"])
    looked_up = {channel.removeprefix("D") for channel in got["looked_up"]}
    marked = {user for _, user, sending, _ in dead if sending}
    recorded = {user for _, user, _, ids in dead if ids} | {user for (user,) in sent}
    report(
        "sigkill",
        {
            "messages": n,
            "posts_at_kill": at_kill["posts"],
            "claimed_rows_at_kill": claimed_at_kill,
            "dead_workers_rows": len(dead),
            "of_which_marked_sending": len(marked),
            "of_which_sent_but_unrecorded": sum(key in arrived for key, *_ in dead),
            "keys_arrived": got["keys"],
            "arrived_exactly_once": got["keys"] - got["duplicate_keys"],
            "duplicates": got["extra_copies"],
            "lost": n - got["keys"],
            "recovery_lookups": got["requests"].get("conversations.history", 0),
            "rows_looked_up": len(looked_up),
            "looked_up_not_marked": len(looked_up - marked),
            "looked_up_with_recorded_ts": len(looked_up & recorded),
            "recovery_found_already_delivered": got["history_hits"],
        },
    )


def business_zone(now: datetime) -> str | None:
    """A time zone where it is a business day now (serve plans with the real clock)."""
    zones = ("Asia/Tokyo", "Europe/Berlin", "America/New_York", "Pacific/Pago_Pago",
             "Pacific/Kiritimati")  # fmt: skip
    for zone in zones:
        if is_business_day(now.astimezone(ZoneInfo(zone)).date(), "JP"):
            return zone
    return None


async def serve(n: int = 2_000) -> None:
    """Two `manabi serve` processes plan and send today's lesson: one per learner, no dups."""
    zone = business_zone(datetime.now(UTC))
    if zone is None:
        report("serve", {"skipped": "it is a weekend in every candidate time zone"})
        return
    await create_database()
    await seed(n, status="active", zone=zone, minute=0, announce=False)
    env = {"MANABI_SLACK_RATE_PER_WORKSPACE": "0"}
    with fake_slack(rate=0) as base:
        started = time.monotonic()
        procs = [start_serve(base, **env) for _ in range(2)]
        while time.monotonic() - started < DEADLINE and not await outbox_states():  # noqa: ASYNC110
            await asyncio.sleep(0.25)  # polling other processes
        states = await wait_done(n, started, "serve")
        await asyncio.sleep(65)  # both schedulers plan again: nothing new may appear
        again = await outbox_states()
        stop(procs)
        got = stats(base)
    deliveries = await sql("SELECT count(*), count(DISTINCT learner_id) FROM lesson_deliveries")
    report(
        "serve",
        {
            "learners": n,
            "time_zone": zone,
            "outbox": states,
            "outbox_after_another_minute": again,
            "lesson_deliveries": int(deliveries[0][0]),
            "learners_with_a_delivery": int(deliveries[0][1]),
            "lessons_arrived": got["keys"],
            "duplicates": got["extra_copies"],
            "posts_per_channel": got["channel_counts"],
        },
    )


DAY_KINDS = (  # by learner id % 20: 60 % lessons, 15 % reviews, 15 % nudges, 10 % announcements
    ("lesson", range(0, 12)),
    ("review", range(12, 15)),  # a lesson row for a learner with review cards due
    ("nudge", range(15, 18)),
    ("announcement", range(18, 20)),
)


def day_kind(learner_id: int) -> str:
    """The kind of row the day scenario gives this learner."""
    return next(kind for kind, ids in DAY_KINDS if learner_id % 20 in ids)


def review_items() -> list[str]:
    """Three quiz items of the curriculum's last lesson."""
    curriculum = load_curriculum(Path(__file__).resolve().parent.parent / "lessons")
    return [item.id for item in curriculum.lessons[-1].meta.items][:3]


async def install_workspaces(teams: list[str]) -> None:
    """An OAuth installation (its own bot token) for each workspace, as Slack's OAuth leaves it."""
    engine = create_engine(database_url())
    store = EncryptedInstallationStore("bench-client", engine, cipher(BENCH_SECRET_KEY))
    for team in teams:
        await store.async_save(
            Installation(
                app_id="A0BENCH",
                team_id=team,
                bot_token=f"xoxb-bench-{team}",
                bot_id=f"B{team}",
                bot_user_id="U0MANABI",
                user_id="U0INSTALLER",
                installed_at=time.time(),
            )
        )
    await engine.dispose()


async def seed_day(n: int, teams: list[str], zone: str, day: str, new_dms: float) -> None:
    """n learners spread over the workspaces, each with one row due now (see DAY_KINDS); the
    DMs of all but `new_dms` of them are known (opened on an earlier day)."""
    await sql(
        "INSERT INTO organisations (slug, name, calendar, nudge_days, created_at) "
        "VALUES ('bench', 'bench', 'JP', '', now())"
    )
    every = round(1 / new_dms) if new_dms > 0 else 0
    await sql(
        "INSERT INTO learners (platform, workspace, platform_user_id, organisation_id, locale,"
        " timezone, delivery_minute, status, consent_at, last_active_at, created_at, dm_channel)"
        " SELECT 'slack', (CAST(:teams AS text[]))[g % :w + 1], 'U' || lpad(g::text, 7, '0'), 1,"
        " CASE WHEN g % 3 = 0 THEN 'en' ELSE 'ja' END, :zone, 0, 'active', now(), now(), now(),"
        " CASE WHEN g / :w % NULLIF(:every, 0) = 0 THEN NULL"  # a few in every workspace
        " ELSE 'DU' || lpad(g::text, 7, '0') END"
        " FROM generate_series(1, :n) g",
        teams=teams,
        w=len(teams),
        zone=zone,
        every=every,
        n=n,
    )
    lesson_ids = "id % 20 < 15"
    await sql(
        "INSERT INTO lesson_deliveries (learner_id, local_date, kind, state, created_at)"
        f" SELECT id, CAST(:day AS date), 'lesson', 'planned', now() FROM learners"
        f" WHERE {lesson_ids}",
        day=day,
    )
    outbox = (
        "INSERT INTO outbox (dedupe_key, kind, learner_id, platform, workspace, payload,"
        " state, due_at, attempts, created_at)"
        " SELECT :prefix || id || :suffix, :kind, id, 'slack', workspace,"
        " CAST(:payload AS json), 'pending', now(), 0, now() FROM learners WHERE "
    )
    lesson = {"local_date": day}
    nudge = {"step": 1, "last": False, "local_date": day}
    news = {"text": {"ja": "組合からのお知らせ", "en": "News from the union"}}
    for kind, where, payload, suffix in (
        ("lesson", lesson_ids, lesson, f":{day}"),
        ("nudge", "id % 20 BETWEEN 15 AND 17", nudge, f":{day}"),
        ("announcement", "id % 20 >= 18", news, ""),
    ):
        prefix = "announcement:1:" if kind == "announcement" else f"{kind}:"
        await sql(
            outbox + where,
            prefix=prefix,
            suffix=suffix,
            kind=kind,
            payload=json.dumps(payload, ensure_ascii=False),
        )
    # Reviews: three quiz items of a later lesson came due for these learners this morning.
    items = review_items()
    await sql(
        "INSERT INTO review_cards (learner_id, item_id, state, step, stability, difficulty, due,"
        " last_review, lapses) SELECT id, item, 2, NULL, 3.0, 5.0, now() - interval '1 hour',"
        " now() - interval '4 days', 0 FROM learners, unnest(CAST(:items AS text[])) item"
        " WHERE id % 20 BETWEEN 12 AND 14",
        items=items,
    )
    await sql("ANALYZE")


async def table_writes(table: str) -> int:
    """Rows inserted or updated in a table of the bench database so far (PostgreSQL's
    statistics)."""
    rows = await sql(
        "SELECT coalesce(sum(n_tup_ins + n_tup_upd), 0) FROM pg_stat_user_tables"
        " WHERE relname = :table",
        table=table,
    )
    return int(rows[0][0])


async def day(n: int = int(os.environ.get("MANABI_BENCH_DAY_ROWS", "8000"))) -> None:
    """Two dispatchers send a morning's backlog: lessons, reviews, nudges and announcements
    due now, to several workspaces, each held by the fake to its own limit (and its own
    conversations.open tier), every Web API call taking 50-100 ms. Rows/s, rows per kind, CPU
    ms and commits a row, duplicates, lost, 429s, and each workspace's share of its limit."""
    now = datetime.now(UTC)
    zone = business_zone(now)
    if zone is None:
        report("day", {"skipped": "it is a weekend in every candidate time zone"})
        return
    today = now.astimezone(ZoneInfo(zone)).date().isoformat()
    workspaces = int(os.environ.get("MANABI_BENCH_DAY_WORKSPACES", "5"))
    rate = float(os.environ.get("MANABI_BENCH_DAY_RATE", "20"))  # posts/s per workspace
    opens = float(os.environ.get("MANABI_BENCH_DAY_OPENS_PER_MINUTE", "100"))  # Tier 4
    new_dms = float(os.environ.get("MANABI_BENCH_DAY_NEW_DMS", "0.02"))
    teams = [f"TDAY{i}" for i in range(1, workspaces + 1)]
    await create_database()
    await install_workspaces(teams)
    await seed_day(n, teams, zone, today, new_dms)
    fresh = int((await sql("SELECT count(*) FROM learners WHERE dm_channel IS NULL"))[0][0])
    expected = {kind: sum(day_kind(i) == kind for i in range(1, n + 1)) for kind, _ in DAY_KINDS}
    env = {
        "MANABI_SCHEDULER": "false",
        "MANABI_SLACK_RATE_PER_WORKSPACE": str(rate),
        "MANABI_SLACK_OPEN_PER_MINUTE": str(opens),
        "MANABI_DISPATCH_BATCH": "200",
        "MANABI_DISPATCH_CONCURRENCY": "128",
    }
    more = ["--latency-max", "0.1", "--open-per-minute", str(opens), "--open-burst", "20"]
    polls = 0
    buckets_before = await table_writes("rate_buckets")
    with fake_slack(rate, rate, 0.05, *more) as base:
        before = await commits()
        started = time.monotonic()
        procs = [start_serve(base, oauth=True, **env) for _ in range(2)]
        while stats(base)["posts"] == 0 and time.monotonic() - started < DEADLINE:  # noqa: ASYNC110
            await asyncio.sleep(0.05)  # polling other processes
        cpu_at_first = cpu_seconds(procs)
        states: dict[str, int] = {}
        while time.monotonic() - started < DEADLINE:
            polls += 1
            states = await outbox_states()
            if not states.get(OutboxState.PENDING) and not states.get(OutboxState.CLAIMED):
                break
            await asyncio.sleep(0.5)
        wall = time.monotonic() - started
        cpu = cpu_seconds(procs) - cpu_at_first
        stop(procs)
        got = stats(base, keys=True)
    await asyncio.sleep(1.5)  # the servers' statistics reach pg_stat_database on exit
    committed = await commits() - before - polls - 1
    bucket_writes = await table_writes("rate_buckets") - buckets_before
    arrived = {kind: 0 for kind, _ in DAY_KINDS}
    for key in got["arrived_keys"]:
        arrived[day_kind(int(key.split(":")[2 if key.startswith("announcement") else 1]))] += 1
    per_workspace = {}
    for team in teams:
        counts = got["tokens"].get(f"xoxb-bench-{team}", {})
        posts, limited = counts.get("posts", 0), counts.get("rate_limited", 0)
        per_workspace[team] = {
            "posts": posts,
            "steady_per_s": round(counts.get("steady_per_s", 0.0), 2),
            "share_of_limit": round(counts.get("steady_per_s", 0.0) / rate, 3) if rate else None,
            "429s": limited,
            "opens": counts.get("opens", 0),
            "open_429s": counts.get("opens_rate_limited", 0),
        }
    report(
        "day",
        {
            "rows": n,
            "workspaces": workspaces,
            "limit_per_workspace_per_s": rate,
            "opens_per_minute_per_workspace": opens,
            "new_dms": fresh,
            "latency_ms": "50-100",
            "processes": 2,
            "outbox": states,
            "rows_expected_by_kind": expected,
            "rows_arrived_by_kind": arrived,
            "posts": got["posts"],
            "rows_per_s_at_fake": round(n / got["span_seconds"], 1),
            "rows_per_s_wall_incl_startup": round(n / wall, 1),
            "cpu_ms_per_row": round(cpu * 1000 / n, 2),
            "commits_per_row": round(committed / n, 3),
            "shared_rate_bucket_writes_per_row": round(bucket_writes / n, 3),
            "duplicates": got["extra_copies"],
            "lost": n - got["keys"],
            "post_429s": got["rate_limited"],
            "open_429s": got["opens_rate_limited"],
            "per_workspace": per_workspace,
            "hours_for_500k_rows_at_this_rate": round(500_000 * got["span_seconds"] / n / 3600, 2),
            "load_average": " ".join(f"{x:.2f}" for x in os.getloadavg()),
        },
    )


SCENARIOS = {
    "lessons": lessons,
    "throughput": throughput,
    "ratelimit": ratelimit,
    "replicas": replicas,
    "sigkill": sigkill,
    "serve": serve,
    "day": day,
}


async def main(names: list[str]) -> None:
    """Run the scenarios, then drop the bench database."""
    print(
        f"# {platform.node()} · {platform.processor() or platform.machine()} · "
        f"{os.cpu_count()} CPUs · Python {platform.python_version()}",
        flush=True,
    )
    try:
        for name in names:
            await SCENARIOS[name]()
    finally:
        await admin(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="Manabi delivery benchmarks")
    parser.add_argument("scenario", nargs="?", default="lessons", choices=[*SCENARIOS, "all"])
    chosen = parser.parse_args().scenario
    asyncio.run(main(list(SCENARIOS) if chosen == "all" else [chosen]))
