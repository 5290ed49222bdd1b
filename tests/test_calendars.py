"""Holiday calendars remembered on disk: the same days as the `holidays` package, read back
without importing it, and rebuilt when the file is unreadable."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import holidays
import pytest

from bot import calendars


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setattr(calendars, "CACHE_DIR", tmp_path)
    calendars.forget()
    yield tmp_path
    calendars.forget()


def without_holidays_package(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make `import holidays` fail, as if the package were not there."""
    for name in [m for m in sys.modules if m == "holidays" or m.startswith("holidays.")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "holidays", None)


@pytest.mark.parametrize(("country", "year"), [("JP", 2026), ("JP", 2027), ("US", 2025)])
def test_days_are_the_packages_then_read_back_from_the_file_alone(
    cache_dir: Path, monkeypatch: pytest.MonkeyPatch, country: str, year: int
) -> None:
    expected = frozenset(holidays.country_holidays(country, years=year))
    assert calendars.holiday_dates(country, year) == expected
    assert list(cache_dir.glob("holidays-*.json"))
    calendars.forget()
    without_holidays_package(monkeypatch)
    assert calendars.holiday_dates(country, year) == expected


def test_japanese_substitute_holidays_are_included(cache_dir: Path) -> None:
    # 2026-05-06 (Wed) is a substitute holiday for Constitution Day falling on a Sunday.
    assert date(2026, 5, 6) in calendars.holiday_dates("JP", 2026)
    assert date(2026, 5, 7) not in calendars.holiday_dates("JP", 2026)


def test_country_codes_are_the_registrys_then_read_back(
    cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    codes = calendars.country_codes()
    assert codes == frozenset(holidays.registry.EntityLoader.get_country_codes())
    assert "JP" in codes and "XX" not in codes
    calendars.forget()
    without_holidays_package(monkeypatch)
    assert calendars.country_codes() == codes


def test_an_unreadable_file_is_rebuilt(cache_dir: Path) -> None:
    path = cache_dir / f"holidays-{holidays.__version__}.json"
    path.write_text("{not json", encoding="utf-8")
    assert calendars.holiday_dates("JP", 2026) == frozenset(
        holidays.country_holidays("JP", years=2026)
    )
    calendars.forget()
    assert "JP-2026" in path.read_text(encoding="utf-8")


def test_a_directory_that_cannot_be_written_costs_only_the_import(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setattr(calendars, "CACHE_DIR", blocker / "cache")  # under a file: not a dir
    calendars.forget()
    try:
        assert calendars.holiday_dates("JP", 2026) == frozenset(
            holidays.country_holidays("JP", years=2026)
        )
    finally:
        calendars.forget()
