"""The digest chart in the officer's language: Japanese labels in the bundled font with no glyph
missing, track titles with their values, only what has data; the week named in the text; and
`manabi digest --preview` writing the PNG an officer gets."""

from __future__ import annotations

import asyncio
import io
import os
import shutil
import subprocess
import sys
import warnings
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest
from matplotlib import cbook
from matplotlib.ft2font import FT2Font
from matplotlib.image import imread
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.charts import MatplotlibCharts, bundled_font
from bot.config import ROOT
from bot.content.model import Curriculum
from bot.core.officers.desk import OfficerDesk
from bot.core.officers.digest import Week, plan_digests, week_chart
from bot.core.officers.roles import NotAllowed, Scope, operator_scope
from bot.core.ports import WeekChart
from bot.storage.db import create_engine, session_factory, transaction
from bot.storage.models import Membership, Outbox
from tests.officers_helpers import add_cohort, add_member, scope
from tests.test_officers_floor import RecordingCharts
from tests.test_officers_reports import MONDAY, build_union

LAST_WEEK = date(2026, 11, 30)  # the Monday before MONDAY (7 December 2026)
WIDTH, HEIGHT = 1200, 600  # pixels: 10 × 5 inches at 120 dpi


def busy_week(curriculum: Curriculum) -> Week:
    """A week with members every day but Saturday and lessons in three tracks."""
    tracks = [track.id for track in curriculum.tracks]
    active = [12, 18, 9, 15, 11, 0, 6]
    return Week(
        LAST_WEEK,
        LAST_WEEK + timedelta(days=6),
        cohorts=3,
        enrolled=40,
        active=25,
        lessons=45,
        nudged=4,
        paused=2,
        active_per_day={LAST_WEEK + timedelta(days=d): n for d, n in enumerate(active)},
        completed_by_track={tracks[0]: 14, tracks[1]: 9, tracks[4]: 22},
        drawable=True,
    )


def labels(chart: WeekChart) -> str:
    """Every text the chart draws."""
    parts = [chart.title, chart.active_title, chart.active_axis, chart.tracks_title]
    return "".join([*parts, chart.tracks_axis, chart.no_tracks, *chart.days, *chart.tracks])


def size(png: bytes) -> tuple[int, int]:
    """A PNG's width and height, decoded (a broken file raises)."""
    pixels = imread(io.BytesIO(png), format="png")
    return pixels.shape[1], pixels.shape[0]


def test_the_japanese_chart_shows_titles_values_and_the_week(curriculum: Curriculum) -> None:
    chart = week_chart(busy_week(curriculum), curriculum, "ja")
    assert chart is not None
    assert chart.title == "Manabi　先週（11月30日〜12月6日）"
    assert chart.days[0] == "30日\n(月)" and chart.days[-1] == "6日\n(日)"
    assert chart.active_per_day == (12, 18, 9, 15, 11, 0, 6)
    tracks = curriculum.tracks
    assert chart.tracks == (tracks[0].title.ja, tracks[1].title.ja, tracks[4].title.ja)
    assert chart.completed_by_track == (14, 9, 22)  # tracks without lessons are left out
    assert "how-ai-writes" not in labels(chart)
    english = week_chart(busy_week(curriculum), curriculum, "en")
    assert english is not None and english.title == "Manabi — last week (30 November – 6 December)"
    assert english.tracks[0] == tracks[0].title.en and english.days[0] == "Mon\n30"


def test_the_japanese_chart_is_drawn_with_no_glyph_missing(curriculum: Curriculum) -> None:
    chart = week_chart(busy_week(curriculum), curriculum, "ja")
    assert chart is not None
    charts = MatplotlibCharts()
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # matplotlib's "Glyph … missing from font(s)" fails here
        png = charts.weekly(chart)
    assert png.startswith(b"\x89PNG\r\n\x1a\n") and size(png) == (WIDTH, HEIGHT)
    # The font drawn with is the bundled file, and it has every character of every label.
    assert charts.font == bundled_font() and charts.font.is_file()
    assert charts.family() == "IPAexGothic"
    font = FT2Font(str(charts.font))
    glyphs = font.get_charmap()
    assert [c for c in labels(chart) if c != "\n" and ord(c) not in glyphs] == []


def test_a_font_without_japanese_glyphs_would_fail_that_test(curriculum: Curriculum) -> None:
    chart = week_chart(busy_week(curriculum), curriculum, "ja")
    assert chart is not None
    latin_only = MatplotlibCharts(font=Path(cbook._get_data_path("fonts/ttf/DejaVuSans.ttf")))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(UserWarning, match=r"Glyph \d+ .* missing from font\(s\) DejaVu Sans"):
            latin_only.weekly(chart)


def test_with_no_lessons_the_track_side_says_so(curriculum: Curriculum) -> None:
    week = busy_week(curriculum)
    quiet = replace(week, completed_by_track={}, lessons=None)
    chart = week_chart(quiet, curriculum, "ja")
    assert chart is not None and chart.tracks == () and chart.completed_by_track == ()
    assert chart.no_tracks == "この週に完了したレッスンはありません"
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert size(MatplotlibCharts().weekly(chart)) == (WIDTH, HEIGHT)
    nothing = replace(quiet, active_per_day={})
    assert week_chart(nothing, curriculum, "ja") is None  # no empty chart at all


def test_the_digest_text_names_the_week_it_covers(curriculum: Curriculum) -> None:
    from bot.core.officers.digest import digest_text

    week = busy_week(curriculum)
    assert digest_text(week, "ja").startswith("📊 **先週（11月30日〜12月6日）のまとめ**")
    assert digest_text(week, "en").startswith(
        "📊 **Last week (30 November – 6 December) in numbers**"
    )


async def test_the_weekly_job_draws_only_tracks_with_lessons_in_the_officers_language(
    sessions: async_sessionmaker[AsyncSession], curriculum: Curriculum
) -> None:
    await build_union(sessions, curriculum)  # the officer reads English
    charts = RecordingCharts()
    assert await plan_digests(sessions, curriculum, MONDAY, 5, charts) == 1
    [chart] = charts.drawn
    track = curriculum.track(curriculum.lessons[0].meta.track)
    assert track is not None
    assert chart.tracks == (track.title.en,) and chart.completed_by_track == (5,)
    assert chart.title == "Manabi — last week (30 November – 6 December)"


async def test_a_week_with_nothing_to_draw_sends_the_text_without_a_chart(
    sessions: async_sessionmaker[AsyncSession], curriculum: Curriculum
) -> None:
    cohort = await add_cohort(sessions, "union", "quiet")
    await add_member(sessions, cohort, "UOFF", role="officer")
    for n in range(5):
        await add_member(sessions, cohort, f"UQ{n}")
    charts = RecordingCharts()
    assert await plan_digests(sessions, curriculum, MONDAY, 5, charts) == 1
    assert charts.drawn == []
    async with sessions() as session:
        row = await session.scalar(select(Outbox).where(Outbox.kind == "digest"))
    assert row is not None and "image" not in row.payload
    assert "先週（11月30日〜12月6日）のまとめ" in row.payload["text"]["ja"]


async def test_one_cohort_alone_is_for_admins_unless_it_is_all_the_officer_has(
    sessions: async_sessionmaker[AsyncSession], curriculum: Curriculum
) -> None:
    people = await build_union(sessions, curriculum)
    desk = OfficerDesk(sessions, curriculum, 5)

    async def preview(who: Scope, cohort: str | None) -> str:
        digest = await desk.digest_preview(
            who,
            RecordingCharts(),
            org="union",
            cohort=cohort,
            now=MONDAY,
            week=None,
            locale=None,
            timezone="Asia/Tokyo",
        )
        return digest.texts[digest.locale]

    officer = await scope(sessions, people["officer"])
    assert "Enrolled: 5" in await preview(officer, "big")  # big is all this officer has
    assert "登録：5人" in await preview(operator_scope("ja"), "big")
    other = await add_cohort(sessions, "union", "other")
    async with transaction(sessions) as session:
        session.add(Membership(learner_id=people["officer"], cohort_id=other, role="officer"))
    officer = await scope(sessions, people["officer"])
    assert "Enrolled: 5" in await preview(officer, None)
    with pytest.raises(NotAllowed, match="Only admins can see one group's digest alone"):
        await preview(officer, "big")  # big's figures beside big + other's would give other's
    assert "登録：5人" in await preview(operator_scope("ja"), "big")


def cli_env(db: Path) -> dict[str, str]:
    """The environment for `manabi` on this SQLite file, with no chat platform configured."""
    keep = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "DATABASE_URL"))}
    return {**keep, "DATABASE_URL": f"sqlite+aiosqlite:///{db}"}


async def seed(db: Path, curriculum: Curriculum) -> None:
    """The union of tests.test_officers_reports, in this SQLite file."""
    engine = create_engine(f"sqlite+aiosqlite:///{db}")
    try:
        await build_union(session_factory(engine), curriculum)
    finally:
        await engine.dispose()


def test_manabi_digest_preview_writes_the_japanese_png(
    tmp_path: Path, sqlite_template: Path, curriculum: Curriculum
) -> None:
    db = tmp_path / "manabi.db"
    shutil.copy(sqlite_template, db)
    asyncio.run(seed(db, curriculum))
    out = tmp_path / "digest.png"
    # -W error: a glyph missing from the font fails the command itself.
    manabi = [sys.executable, "-W", "error::UserWarning", "-m", "bot", "digest", "--preview"]
    at = ["--org", "union", "--week", "2026-12-09"]  # sent Monday 7 December

    def run(*extra: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*manabi, *at, *extra], cwd=ROOT, env=cli_env(db), capture_output=True, text=True
        )

    done = run("--locale", "ja", "--out", str(out))
    assert done.returncode == 0, done.stderr
    assert "先週（11月30日〜12月6日）のまとめ" in done.stdout and "登録：5人" in done.stdout
    assert f"wrote the chart to {out}" in done.stdout
    assert size(out.read_bytes()) == (WIDTH, HEIGHT)

    # An officer sees their own digest, in their own language (English here).
    mine = run("--as", "UOFF")
    assert mine.returncode == 0, mine.stderr
    assert "Last week (30 November – 6 December) in numbers" in mine.stdout
    assert "give --out FILE.png" in mine.stdout

    # Checked like the other officer commands: a member, or another cohort, is refused.
    member = run("--as", "UBIG0")
    assert member.returncode == 1 and "組合の担当者（オフィサー）だけ" in member.stderr
    other = run("--as", "UOFF", "--cohort", "small", "--locale", "en")
    assert other.returncode == 1 and "not an officer of this group" in other.stderr


async def test_an_earlier_weeks_digest_is_the_one_composed_that_week(
    sessions: async_sessionmaker[AsyncSession], curriculum: Curriculum
) -> None:
    await build_union(sessions, curriculum)
    desk = OfficerDesk(sessions, curriculum, 5)
    later = MONDAY + timedelta(days=30)

    async def preview(week: date | None) -> str:
        digest = await desk.digest_preview(
            operator_scope("en"),
            RecordingCharts(),
            org="union",
            cohort=None,
            now=later,
            week=week,
            locale="en",
            timezone="Asia/Tokyo",
        )
        return digest.texts["en"]

    then = await preview(date(2026, 12, 9))  # composed on Monday 7 December, 08:00 in Tokyo
    assert "Last week (30 November – 6 December)" in then and "Lessons completed: 5" in then
    now = await preview(None)
    assert "Last week (28 December – 3 January)" in now and "Lessons completed: –" in now
