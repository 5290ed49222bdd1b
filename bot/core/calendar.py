"""Business days: weekends and public holidays off, per organisation's calendar."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.calendars import holiday_dates


@lru_cache(maxsize=64)
def _holidays(country: str, year: int) -> frozenset[date]:
    return holiday_dates(country, year)


def is_business_day(day: date, country: str = "JP") -> bool:
    """Return True on a weekday that is not a public holiday in `country`."""
    return day.weekday() < 5 and day not in _holidays(country, day.year)


def business_days_between(start: date, end: date, country: str = "JP") -> int:
    """Count business days after `start` up to and including `end`."""
    count, day = 0, start
    while day < end:
        day += timedelta(days=1)
        count += is_business_day(day, country)
    return count


def local_date(now: datetime, timezone: str) -> date:
    """Return the calendar date at `now` in `timezone`."""
    return now.astimezone(ZoneInfo(timezone)).date()


def local_minute(now: datetime, timezone: str) -> int:
    """Return minutes after local midnight at `now` in `timezone`."""
    local = now.astimezone(ZoneInfo(timezone))
    return local.hour * 60 + local.minute


def zone_or(name: str | None, default: str) -> str:
    """`name` when it is a time zone this system knows, else `default`."""
    if not name:
        return default
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return default
    return name
