"""Recurring announcements: a weekly reminder (a study session every Monday at 09:00), queued
once per occurrence for the cohort's members at that time, until it is cancelled."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

# An occurrence is queued from its time on, for this long: after a longer outage a reminder of
# a session that is over is not sent late.
CATCH_UP = timedelta(hours=12)
DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
JAPANESE_DAYS = "月火水木金土日"
_EVERY = re.compile(r"\s*(\S+?)\s+(\d{1,2}):(\d{2})\s*")


@dataclass(frozen=True)
class Weekly:
    """Every week on `weekday` (0 = Monday) at `minute` after midnight in `timezone`."""

    weekday: int
    minute: int
    timezone: str

    def latest(self, now: datetime) -> datetime:
        """The last occurrence at or before `now`."""
        zone = ZoneInfo(self.timezone)
        today = now.astimezone(zone).date()
        day = today - timedelta(days=(today.weekday() - self.weekday) % 7)
        moment = self._at(day)
        return moment if moment <= now else self._at(day - timedelta(days=7))

    def following(self, now: datetime) -> datetime:
        """The first occurrence at or after `now`."""
        last = self.latest(now)
        if last == now:
            return last
        return self._at(last.astimezone(ZoneInfo(self.timezone)).date() + timedelta(days=7))

    def _at(self, day: date) -> datetime:
        clock = time(self.minute // 60, self.minute % 60)
        return datetime.combine(day, clock, tzinfo=ZoneInfo(self.timezone))

    def describe(self) -> str:
        """`Monday 09:00 (Asia/Tokyo)`."""
        return (
            f"{DAYS[self.weekday].title()} {self.minute // 60:02d}:{self.minute % 60:02d} "
            f"({self.timezone})"
        )


def parse_weekly(text: str, timezone: str) -> Weekly:
    """Read `monday 09:00`, `mon 9:00` or `月 09:00` (in `timezone`); ValueError if it is not."""
    found = _EVERY.fullmatch(unicodedata.normalize("NFKC", text))  # full-width too
    if found is None:
        raise ValueError(text)
    word, hour, minute = found.group(1).lower(), int(found.group(2)), int(found.group(3))
    weekday = next(
        (n for n, day in enumerate(DAYS) if len(word) >= 3 and day.startswith(word)),
        JAPANESE_DAYS.find(word[0]) if word[0] in JAPANESE_DAYS else None,
    )
    if weekday is None or hour > 23 or minute > 59:
        raise ValueError(text)
    return Weekly(weekday, hour * 60 + minute, timezone)


def weekly_of(weekday: int | None, minute: int | None, timezone: str | None) -> Weekly | None:
    """The repeat stored with an announcement, if it has one."""
    if weekday is None or minute is None or not timezone:
        return None
    return Weekly(weekday, minute, timezone)
