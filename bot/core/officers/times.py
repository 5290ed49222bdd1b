"""Times as an officer reads them: in their own time zone, with its offset, never bare UTC."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo


def local_time(moment: datetime, timezone: str) -> datetime:
    """The moment in `timezone` (a moment without a zone is taken as UTC, as stored)."""
    aware = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return aware.astimezone(ZoneInfo(timezone))


def shown_time(moment: datetime, timezone: str) -> str:
    """The moment for a person to read: `2026-12-04 09:00 +09:00`."""
    local = local_time(moment, timezone)
    return f"{local:%Y-%m-%d %H:%M} {local.isoformat()[-6:]}"
