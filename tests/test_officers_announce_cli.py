"""`manabi announce` at the command line, run as a real process on the test database: it shows
the preview and asks before sending (a terminal answers, `--yes` answers for scripts, no
terminal refuses), addresses every cohort in scope with `--all`, and shows times in the
reader's own time zone with its offset."""

from __future__ import annotations

import os
import pty
import subprocess
import sys

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.config import ROOT
from bot.storage.db import transaction
from bot.storage.models import Announcement, Learner, Membership
from tests.delivery_helpers import outbox_rows
from tests.officers_helpers import add_cohort, add_member

TEXT = ["--ja", "金曜に説明会", "--en", "Briefing on Friday"]


def manabi(db_url: str, *args: str, answer: str | None = None) -> subprocess.CompletedProcess[str]:
    """Run `manabi …` on the test database; with `answer`, on a terminal that types it."""
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "MANABI_"))},
        "DATABASE_URL": db_url,
        "MANABI_DEFAULT_TIMEZONE": "Asia/Tokyo",
    }
    command = [sys.executable, "-m", "bot", *args]
    if answer is None:
        return subprocess.run(
            command, cwd=ROOT, env=env, capture_output=True, text=True, stdin=subprocess.DEVNULL
        )
    controller, terminal = pty.openpty()
    try:
        os.write(controller, answer.encode() + b"\n")  # typed ahead: read when it asks
        return subprocess.run(
            command, cwd=ROOT, env=env, capture_output=True, text=True, stdin=terminal
        )
    finally:
        os.close(terminal)
        os.close(controller)


@pytest.fixture
async def cohorts(sessions: async_sessionmaker[AsyncSession]) -> dict[str, int]:
    """Cohorts tokyo (officer in Berlin, three members) and osaka (two members, one of them
    also in tokyo); cohort nagoya in the same union has another officer."""
    tokyo = await add_cohort(sessions, "union", "tokyo")
    osaka = await add_cohort(sessions, "union", "osaka")
    nagoya = await add_cohort(sessions, "union", "nagoya")
    people = {"officer": await add_member(sessions, tokyo, "UOFFICER", role="officer")}
    for n in range(3):
        people[f"t{n}"] = await add_member(sessions, tokyo, f"UT{n}")
    people["o0"] = await add_member(sessions, osaka, "UO0")
    people["n0"] = await add_member(sessions, nagoya, "UN0")
    async with transaction(sessions) as session:
        session.add(Membership(learner_id=people["officer"], cohort_id=osaka, role="officer"))
        session.add(Membership(learner_id=people["t0"], cohort_id=osaka, role="member"))
        officer = await session.get(Learner, people["officer"])
        assert officer is not None
        officer.timezone = "Europe/Berlin"
    return people


async def test_without_a_terminal_or_yes_it_refuses_in_one_line_and_sends_nothing(
    db_url: str, sessions: async_sessionmaker[AsyncSession], cohorts: dict[str, int]
) -> None:
    done = manabi(db_url, "announce", "--org", "union", "--cohort", "tokyo", *TEXT)
    assert done.returncode == 1
    assert "to 4 member(s) of tokyo" in done.stdout  # the preview came first
    assert done.stderr.strip().count("\n") == 0 and "Run again with --yes" in done.stderr
    assert await outbox_rows(sessions) == []


async def test_on_a_terminal_it_asks_and_sends_only_on_yes(
    db_url: str, sessions: async_sessionmaker[AsyncSession], cohorts: dict[str, int]
) -> None:
    args = ["announce", "--org", "union", "--cohort", "tokyo", *TEXT]
    refused = manabi(db_url, *args, answer="n")
    assert refused.returncode == 1 and "Send to 4 member(s) of tokyo? [y/N]" in refused.stdout
    assert "nothing sent" in refused.stdout
    assert await outbox_rows(sessions) == []
    sent = manabi(db_url, *args, answer="はい")
    assert sent.returncode == 0, sent.stderr
    assert "announcement #1 to tokyo: queued" in sent.stdout
    assert len(await outbox_rows(sessions)) == 4


async def test_yes_sends_and_times_are_the_readers_with_their_offset(
    db_url: str, sessions: async_sessionmaker[AsyncSession], cohorts: dict[str, int]
) -> None:
    at = ["--at", "2030-12-04T09:00"]
    args = ["announce", "--org", "union", "--cohort", "tokyo", *TEXT, *at, "--yes"]
    done = manabi(db_url, *args)  # the operator: MANABI_DEFAULT_TIMEZONE, Tokyo
    assert done.returncode == 0, done.stderr
    assert "sends at 2030-12-04 09:00 +09:00" in done.stdout
    assert "announcement #1 to tokyo: scheduled, for 2030-12-04 09:00 +09:00" in done.stdout
    status = manabi(db_url, "announce", "--status", "1").stdout
    assert "for 2030-12-04 09:00 +09:00" in status and "+00:00" not in status
    berlin = manabi(db_url, "announce", "--status", "1", "--as", "UOFFICER").stdout
    assert "for 2030-12-04 01:00 +01:00" in berlin  # the officer reads it in Berlin

    mine = manabi(db_url, "announce", "--org", "union", "--cohort", "tokyo", *TEXT, *at,
                  "--yes", "--as", "UOFFICER")  # fmt: skip
    assert "for 2030-12-04 09:00 +01:00" in mine.stdout  # --at is read in their zone too
    async with sessions() as session:
        times = [a.scheduled_for.isoformat() for a in await session.scalars(select(Announcement))]
    assert times == ["2030-12-04T00:00:00+00:00", "2030-12-04T08:00:00+00:00"]


async def test_all_reaches_every_cohort_in_scope_once_per_member(
    db_url: str, sessions: async_sessionmaker[AsyncSession], cohorts: dict[str, int]
) -> None:
    done = manabi(db_url, "announce", "--all", *TEXT, "--yes", "--as", "UOFFICER")
    assert done.returncode == 0, done.stderr
    assert "to 3 member(s) of osaka" in done.stdout
    assert "to 2 member(s) of tokyo" in done.stdout  # the officer and t0 have it with osaka
    assert "Send to" not in done.stdout  # --yes: not asked
    rows = await outbox_rows(sessions)
    reached = sorted(r.learner_id for r in rows)
    expected = sorted(cohorts[k] for k in ("officer", "t0", "t1", "t2", "o0"))
    assert reached == expected  # each once; nagoya (not theirs) gets nothing

    admin = manabi(db_url, "announce", "--all", *TEXT, "--yes")
    assert admin.returncode == 2 and "needs --org" in admin.stderr


async def test_every_makes_a_weekly_reminder_that_can_be_cancelled(
    db_url: str, sessions: async_sessionmaker[AsyncSession], cohorts: dict[str, int]
) -> None:
    args = ["announce", "--org", "union", "--cohort", "tokyo", *TEXT, "--yes"]
    done = manabi(db_url, *args, "--every", "月 09:00", "--as", "UOFFICER")
    assert done.returncode == 0, done.stderr
    assert "sends every Monday 09:00 (Europe/Berlin), first 20" in done.stdout
    assert "recurring, every Monday 09:00 (Europe/Berlin) from 20" in done.stdout
    assert " 09:00 +01:00" in done.stdout  # the first occurrence, in the officer's zone
    assert await outbox_rows(sessions) == []  # each occurrence is queued when it comes
    cancelled = manabi(db_url, "announce", "--cancel", "1", "--as", "UOFFICER")
    assert "announcement #1 to tokyo: cancelled, every Monday" in cancelled.stdout
    both = manabi(db_url, *args, "--every", "monday 09:00", "--at", "2030-12-04T09:00")
    assert both.returncode == 2 and "do not go together" in both.stderr
    bad = manabi(db_url, *args, "--every", "someday")
    assert bad.returncode != 0 and "is not a weekday and time" in bad.stderr
