"""Public holidays per country and year, and the known country codes, remembered on disk.

Importing the `holidays` package costs 0.05 s of CPU, and asking it for one country's calendar
imports every country's module (about 280, 0.08 s more): the settings check paid the first at
every start, `manabi try`'s planning both. What is worked out once is kept in
`var/cache/holidays-<version>.json`, keyed by the package's version, so a start that finds it
imports nothing of `holidays`. A file that cannot be read is ignored and one that cannot be
written only costs the next start the import.
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
from datetime import date
from importlib.metadata import version
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)
CACHE_DIR = Path("var") / "cache"  # beside the course cache

_memory: dict[str, Any] | None = None  # the file's content, read once per process


def _path() -> Path:
    return CACHE_DIR / f"holidays-{version('holidays')}.json"


def _stored() -> dict[str, Any]:
    global _memory
    if _memory is None:
        try:
            loaded = json.loads(_path().read_text(encoding="utf-8"))
            _memory = loaded if isinstance(loaded, dict) else {}
        except (OSError, ValueError):
            _memory = {}
    return _memory


def _remember(key: str, value: Any) -> None:
    """Add one entry and write the file atomically (a reader never sees half a file)."""
    stored = _stored()
    stored[key] = value
    path = _path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(
            "w", dir=path.parent, suffix=".tmp", delete=False, encoding="utf-8"
        ) as file:
            json.dump(stored, file)
        os.replace(file.name, path)
    except OSError:
        log.info("holiday cache not written", extra={"path": str(path)})


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
