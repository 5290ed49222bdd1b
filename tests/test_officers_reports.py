"""Reports: per-cohort aggregates, the small-group rule, the CSV, the compliance export, and the
weekly digest with its chart."""

from __future__ import annotations

import codecs
import csv
import io
import os
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.charts import MatplotlibCharts
from bot.config import ROOT
from bot.content.model import Curriculum
from bot.core.officers.compliance import export_records
from bot.core.officers.digest import first_business_day, is_digest_time, plan_digests
from bot.core.officers.report_sheet import report_table
from bot.core.officers.reports import as_text, organisation_report
from bot.core.officers.roles import operator_scope
from bot.core.officers.spreadsheet import as_csv, as_json
from bot.scheduler import build_scheduler
from bot.storage.db import transaction
from bot.storage.models import Digest, LessonDelivery, Nudge, Outbox, QuizAttempt
from tests.clocks import FixedClock
from tests.officers_helpers import NOW, add_cohort, add_member, scope

MONDAY = NOW + timedelta(days=6)  # Monday 7 December 2026, 09:05 in Tokyo


def read_csv(data: bytes) -> list[dict[str, str]]:
    """Read a CSV as Excel does: a UTF-8 BOM first, so it is not taken for CP932."""
    assert data.startswith(codecs.BOM_UTF8)
    return list(csv.DictReader(io.StringIO(data[3:].decode("utf-8"), newline="")))


async def complete_lesson(
    sessions: async_sessionmaker[AsyncSession],
    curriculum: Curriculum,
    learner_id: int,
    right: bool,
    day: int = 0,
) -> None:
    """The learner completes the first lesson, answering every item right or wrong."""
    lesson = curriculum.lessons[0]
    when = NOW - timedelta(days=day)
    async with transaction(sessions) as session:
        delivery = LessonDelivery(
            learner_id=learner_id,
            lesson_id=lesson.id,
            local_date=when.date(),
            kind="lesson",
            state="completed",
            created_at=when,
            completed_at=when,
        )
        session.add(delivery)
        await session.flush()
        for item in lesson.meta.items:
            answer = item.answer_key() if right else "zzz"
            session.add(
                QuizAttempt(
                    learner_id=learner_id,
                    delivery_id=delivery.id,
                    item_id=item.id,
                    choice=answer,
                    correct=right,
                    answered_at=when,
                )
            )


async def build_union(
    sessions: async_sessionmaker[AsyncSession], curriculum: Curriculum
) -> dict[str, int]:
    """Cohort big (officer + 5 members: 4 right, 2 wrong), cohort small (3 members)."""
    big = await add_cohort(sessions, "union", "big")
    small = await add_cohort(sessions, "union", "small")
    people = {"officer": await add_member(sessions, big, "UOFF", role="officer", locale="en")}
    for n in range(5):
        status = "paused" if n == 4 else "active"
        idle = NOW - timedelta(days=20) if n >= 3 else NOW
        people[f"m{n}"] = await add_member(
            sessions, big, f"UBIG{n}", status=status, last_active_at=idle
        )
    for n in range(3):
        people[f"s{n}"] = await add_member(sessions, small, f"USMALL{n}")
        await complete_lesson(sessions, curriculum, people[f"s{n}"], right=True)
    for n, key in enumerate(["officer", "m0", "m1", "m2", "m3", "m4"]):
        await complete_lesson(sessions, curriculum, people[key], right=n < 4)
    async with transaction(sessions) as session:
        session.add(Nudge(learner_id=people["m3"], step=1, local_date=NOW.date(), sent_at=NOW))
    return people


async def test_a_report_gives_aggregates_and_hides_a_group_of_three(
    sessions: async_sessionmaker[AsyncSession], curriculum: Curriculum
) -> None:
    await build_union(sessions, curriculum)
    reports = await organisation_report(sessions, operator_scope(), "union", curriculum, NOW, 5)
    big, small = reports
    assert (big.cohort, big.enrolled, big.too_few) == ("big", 5, False)  # the officer not counted
    assert (big.active_7d, big.lessons_completed, big.nudged_7d, big.paused) == (3, 5, 1, 1)
    track = curriculum.lessons[0].meta.track
    assert big.accuracy == {track: 60}  # 3 of 5 members answered everything right
    assert (small.cohort, small.enrolled, small.too_few) == ("small", 3, True)
    assert small.active_7d is None and small.accuracy == {}

    rows = read_csv(as_csv(report_table(reports, curriculum, "en", 5)))
    title = curriculum.track(track).title.en  # type: ignore[union-attr]
    assert rows[0]["enrolled"] == "5" and rows[0]["active (7 days)"] == "3"
    assert rows[0][f"accuracy (%): {title}"] == "60"
    assert rows[1]["enrolled"] == "3" and rows[1]["active (7 days)"] == ""
    assert rows[1]["note"] == "too few to report (fewer than 5 members have started)"
    assert "too few to report" in as_text(reports, curriculum, "en")
    assert "人数が少ないため表示しません" in as_text(reports, curriculum, "ja")


async def test_no_report_ever_names_a_member(
    sessions: async_sessionmaker[AsyncSession], curriculum: Curriculum
) -> None:
    people = await build_union(sessions, curriculum)
    reports = await organisation_report(sessions, operator_scope(), "union", curriculum, NOW, 5)
    table = report_table(reports, curriculum, "en", 5)
    text = as_csv(table).decode("utf-8-sig") + as_json(table) + as_text(reports, curriculum, "en")
    assert "UBIG" not in text and "USMALL" not in text
    officer = await scope(sessions, people["officer"])
    own = await organisation_report(sessions, officer, "union", curriculum, NOW, 5)
    assert [r.cohort for r in own] == ["big"]


async def test_the_compliance_export_lists_who_completed_what_and_when(
    sessions: async_sessionmaker[AsyncSession], curriculum: Curriculum
) -> None:
    await build_union(sessions, curriculum)
    table = await export_records(sessions, operator_scope(), "union", curriculum)
    rows = read_csv(as_csv(table))
    assert len(rows) == 9
    first = rows[0]
    lesson = curriculum.lessons[0]
    assert (first["record"], first["record_id"]) == ("lesson", lesson.id)
    assert first["completed_at"] == "2026-12-01T09:05:00+09:00"  # 00:05 UTC, read in Tokyo
    assert (first["title (Japanese)"], first["title (English)"]) == (
        lesson.meta.title.ja,
        lesson.meta.title.en,
    )
    assert {r["user_id"] for r in rows} >= {"UBIG0", "USMALL0"}


async def test_a_formula_in_a_cohort_name_reaches_the_compliance_export_as_text(
    sessions: async_sessionmaker[AsyncSession], curriculum: Curriculum
) -> None:
    hostile = '=HYPERLINK("http://evil.example","x")'
    cohort = await add_cohort(sessions, "union", hostile)
    member = await add_member(sessions, cohort, "U0FORMULA")
    await complete_lesson(sessions, curriculum, member, right=True)
    table = await export_records(sessions, operator_scope("en"), "union", curriculum)
    out = as_csv(table).decode("utf-8-sig")
    [row] = list(csv.DictReader(io.StringIO(out)))
    headers = {c.key: c.label for c in table.columns}
    assert row[headers["cohort"]] == "'" + hostile and row[headers["user_id"]] == "U0FORMULA"


def test_the_digest_goes_out_on_the_weeks_first_business_day_morning() -> None:
    assert first_business_day(date(2026, 12, 9), "JP") == date(2026, 12, 7)
    assert first_business_day(date(2027, 1, 13), "JP") == date(2027, 1, 12)  # Coming of Age Day
    assert is_digest_time(MONDAY, "Asia/Tokyo", "JP")
    assert not is_digest_time(MONDAY - timedelta(hours=2), "Asia/Tokyo", "JP")  # 07:05
    assert not is_digest_time(NOW, "Asia/Tokyo", "JP")  # a Tuesday


async def test_the_weekly_digest_is_queued_once_with_a_real_png_chart(
    sessions: async_sessionmaker[AsyncSession], curriculum: Curriculum
) -> None:
    people = await build_union(sessions, curriculum)
    assert (
        await plan_digests(sessions, curriculum, NOW, 5, MatplotlibCharts()) == 0
    )  # Tuesday: nothing
    assert await plan_digests(sessions, curriculum, MONDAY, 5, MatplotlibCharts()) == 1
    assert (
        await plan_digests(sessions, curriculum, MONDAY + timedelta(hours=1), 5, MatplotlibCharts())
        == 0
    )
    async with sessions() as session:
        row = await session.scalar(select(Outbox).where(Outbox.kind == "digest"))
        assert row is not None and row.learner_id == people["officer"]
        assert "Enrolled: 5" in row.payload["text"]["en"]
        digest = await session.get(Digest, row.payload["image"]["digest_id"])
        assert digest is not None
        png = digest.png
    assert png.startswith(b"\x89PNG\r\n\x1a\n") and len(png) > 5000
    assert int.from_bytes(png[16:24], "big") == (1200 << 32) + 600  # 10 × 5 in at 120 dpi


def excel_reads(data: bytes) -> str:
    """Decode a CSV as Excel on Japanese Windows does: UTF-8 after a BOM, else CP932."""
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8")
    return data.decode("cp932", errors="replace")


def test_the_cli_report_csv_opens_in_japanese_excel_with_the_small_group_hidden(
    tmp_path: Path,
) -> None:
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "DATABASE_URL"))},
        "DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'cli.db'}",
    }
    roster = tmp_path / "roster.csv"
    lines = ["user_id,workspace,cohort"] + [
        f"U000000{n},T1,{'big' if n < 6 else 'tiny'}" for n in range(9)
    ]
    roster.write_text("\n".join(lines) + "\n", encoding="utf-8")
    run = [sys.executable, "-m", "bot"]
    subprocess.run(
        [*run, "roster", "import", str(roster), "--org", "u", "--yes"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
    )
    data = subprocess.run(
        [*run, "report", "--org", "u", "--format", "csv", "--locale", "ja"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        check=True,
    ).stdout
    assert data.startswith(codecs.BOM_UTF8) and b"\r\n" in data
    text = excel_reads(data)
    assert text.startswith("組織,グループ,登録人数,7日間に学習した人,")
    assert excel_reads(data[3:]) != text  # without the BOM, Excel would show mojibake
    assert text.rstrip().endswith("全体を表示できるグループがないため、合計はありません")
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert [(r["グループ"], r["登録人数"], r["7日間に学習した人"]) for r in rows] == [
        ("big", "6", ""),  # on the roster, but nobody has started yet: hidden, an empty cell
        ("tiny", "3", ""),
        ("合計", "", ""),  # no cohort reported in full: nothing to add up
    ]
    assert rows[0]["備考"] == "人数が少ないため表示しません（学習を始めた人が5人未満）"
    assert rows[2]["備考"] == "全体を表示できるグループがないため、合計はありません"

    records = tmp_path / "records.csv"
    subprocess.run(
        [*run, "export", "--org", "u", "--locale", "ja", "--out", str(records)],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
    )
    data = records.read_bytes()
    assert data.startswith(codecs.BOM_UTF8)
    assert excel_reads(data).startswith(
        "組織,グループ,プラットフォーム,ワークスペース,ユーザーID,組合員番号,"
    )


async def test_the_scheduler_runs_the_digest_every_quarter_hour(
    sessions: async_sessionmaker[AsyncSession], curriculum: Curriculum
) -> None:
    calls: list[object] = []

    async def digest(now: object) -> None:
        calls.append(now)

    scheduler = build_scheduler(sessions, FixedClock(MONDAY), "JP", digest=digest)
    job = scheduler.get_job("digest")
    assert job is not None and job.trigger.interval == timedelta(minutes=15)
    await job.func()
    assert calls == [MONDAY]
