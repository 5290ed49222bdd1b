"""Clocks for tests: time is passed in, so a test says what time it is."""

from __future__ import annotations

from datetime import datetime


class FixedClock:
    """A clock that says what the test tells it."""

    def __init__(self, now: datetime) -> None:
        self.current = now

    def now(self) -> datetime:
        """Return the fixed time."""
        return self.current

    def set(self, now: datetime) -> None:
        """Move the clock."""
        self.current = now
