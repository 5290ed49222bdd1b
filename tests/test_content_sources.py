"""`manabi lessons sources`: the Markdown list with checked dates, and --stale DAYS."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from bot.cli import main
from tests.test_content_bank import bank as bank  # the fixture
from tests.test_content_bank import dump, lesson_yaml, load


def set_checked(path: Path, day: date, source: int = 0) -> None:
    data: dict[str, Any] = load(path)
    data["sources"][source]["checked"] = day
    dump(path, data)


def test_the_markdown_has_a_checked_column_and_the_test_forms(
    bank: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    set_checked(lesson_yaml(bank, 0), date(2025, 3, 14))
    assert main(["lessons", "sources", str(bank)]) == 0
    out = capsys.readouterr().out
    assert "| source | publisher | checked | primary | supports |" in out
    row = next(line for line in out.splitlines() if "track-one-lesson-1>" in line)
    assert "| 2025-03-14 | yes |" in row
    assert "<https://example.go.jp/track-one-lesson-1>" in row
    assert "## Pre/post tests" in out
    assert "<https://example.go.jp/pretest-source>" in out


def test_stale_lists_old_sources_with_the_lessons_that_rely_on_them(
    bank: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    set_checked(lesson_yaml(bank, 0), date(2025, 1, 10))
    set_checked(lesson_yaml(bank, 4), date(2025, 6, 30), source=1)
    twin = lesson_yaml(bank, 3)  # cites lesson 1's first source too, also long ago
    data = load(twin)
    data["sources"].append({**load(lesson_yaml(bank, 0))["sources"][0]})
    dump(twin, data)
    code = main(["lessons", "sources", str(bank), "--stale", "365", "--today", "2026-07-01"])
    out = capsys.readouterr().out
    assert code == 1
    assert out.splitlines()[0] == (
        "2 source(s) last checked before 2025-07-01 (365 days before 2026-07-01):"
    )
    blocks = out.split("\n\n")[1:]
    assert blocks[0].splitlines() == [
        "2025-01-10  (537 days)  Source track-one-lesson-1 (Ministry of Examples)",
        "  https://example.go.jp/track-one-lesson-1",
        "  relied on by: track-one-lesson-1, track-two-lesson-1",
    ]
    assert blocks[1].startswith("2025-06-30  (366 days)  Source track-two-lesson-2-b")
    assert "relied on by: track-two-lesson-2" in blocks[1]


def test_stale_with_nothing_old_exits_zero(bank: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["lessons", "sources", str(bank), "--stale", "365", "--today", "2026-07-01"])
    assert code == 0
    assert capsys.readouterr().out.strip() == (
        "no source was last checked before 2025-07-01 (365 days)"
    )


def test_stale_counts_from_today_by_default(bank: Path, capsys: pytest.CaptureFixture[str]) -> None:
    set_checked(lesson_yaml(bank, 2), date(2000, 1, 1))
    assert main(["lessons", "sources", str(bank), "--stale", "30"]) == 1
    assert "2000-01-01" in capsys.readouterr().out


def test_stale_includes_the_test_forms_sources(
    bank: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    form = bank / "assessments" / "posttest.yaml"
    set_checked(form, date(2024, 1, 1))
    assert main(["lessons", "sources", str(bank), "--stale", "90", "--today", "2026-07-01"]) == 1
    assert "relied on by: posttest" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--stale", "30", "--today", "1 July"], "is not a date like"),
        (["--today", "2026-07-01"], "--today goes with --stale"),
    ],
)
def test_bad_dates_are_one_line(bank: Path, args: list[str], message: str) -> None:
    with pytest.raises(SystemExit, match=message):
        main(["lessons", "sources", str(bank), *args])


def test_stale_days_must_be_a_number(bank: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["lessons", "sources", str(bank), "--stale", "a year"])
    assert "is not a number of days" in capsys.readouterr().err
