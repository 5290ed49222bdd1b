"""Public holidays per country and year, and the known country codes, remembered on disk.

Importing the `holidays` package costs 0.05 s of CPU, and asking it for one country's calendar
imports every country's module (about 280, 0.08 s more): the settings check paid the first at
every start, `manabi try`'s planning both. What is worked out once is kept in
`var/cache/holidays-<version>.json`, keyed by the package's version, so a start that finds it
imports nothing of `holidays`. A file that cannot be read is ignored and one that cannot be
written only costs the next start the import.
"""

from __future__ import annotations

from datetime import date
from importlib.metadata import version
from pathlib import Path
from typing import Any

from bot import cachefiles
from bot.cachefiles import read_json, write_json

CACHE_DIR = cachefiles.CACHE_DIR

_memory: dict[str, Any] | None = None  # the file's content, read once per process


def _path() -> Path:
    return CACHE_DIR / f"holidays-{version('holidays')}.json"


def _stored() -> dict[str, Any]:
    global _memory
    if _memory is None:
        loaded = read_json(_path())
        _memory = loaded if isinstance(loaded, dict) else {}
    return _memory


def _remember(key: str, value: Any) -> None:
    """Add one entry and write the file atomically (a reader never sees half a file)."""
    stored = _stored()
    stored[key] = value
    write_json(_path(), stored)


def forget() -> None:
    """Drop what this process read from the file (tests that move CACHE_DIR call it)."""
    global _memory
    _memory = None


def country_codes() -> frozenset[str]:
    """The country codes the `holidays` package has a calendar for (with their aliases)."""
    stored = _stored().get("countries")
    if isinstance(stored, list):
        return frozenset(stored)
    import holidays

    codes = sorted(holidays.registry.EntityLoader.get_country_codes())
    _remember("countries", codes)
    return frozenset(codes)


def holiday_dates(country: str, year: int) -> frozenset[date]:
    """The public holidays (observed days included) of `country` in `year`."""
    key = f"{country}-{year}"
    stored = _stored().get(key)
    if isinstance(stored, list):
        return frozenset(date.fromisoformat(day) for day in stored)
    import holidays

    days = sorted(holidays.country_holidays(country, years=year))
    _remember(key, [day.isoformat() for day in days])
    return frozenset(days)
