"""Nudges: a few short, kind reminders for a learner who went quiet, then a pause."""

from __future__ import annotations

from datetime import date, timedelta

from bot.core.actions import Command
from bot.core.calendar import is_business_day
from bot.core.context import Turn
from bot.core.messages import Choice, Reply

DEFAULT_LADDER = "3,7,14"  # business days without activity before each nudge
NUDGE_WINDOW_MINUTES = 240  # nudge from the learner's delivery time, for up to four hours
VARIANTS = ("nudge_a", "nudge_b", "nudge_c")


def parse_ladder(nudge_days: str | None) -> tuple[int, ...]:
    """Read an organisation's nudge ladder, e.g. "3,7,14"; ignore anything not a number."""
    steps = sorted({int(part) for part in (nudge_days or "").split(",") if part.strip().isdigit()})
    return tuple(step for step in steps if step > 0)


def idle_since_date(today: date, days: int, calendar: str) -> date:
    """Return the latest date after which `today` is the `days`-th business day."""
    day, count = today, 0
    while count < days:
        count += is_business_day(day, calendar)
        day -= timedelta(days=1)
    return day


def nudge(turn: Turn, step: int, last: bool) -> list[Reply]:
    """A nudge: a kind word with one-tap "today's lesson" and "pause"; the last one pauses."""
    if last:
        choices: tuple[Choice, ...] = (
            Choice(turn.t("btn_resume"), Command("resume"), "primary"),
            Choice(turn.t("btn_today"), Command("today")),
        )
        text = turn.t("nudge_last")
    else:
        choices = (
            Choice(turn.t("btn_today"), Command("today"), "primary"),
            Choice(turn.t("btn_pause"), Command("pause")),
        )
        text = turn.t(VARIANTS[(turn.learner.id + step) % len(VARIANTS)])
    return [Reply(text=text, choices=choices, kind="nudge")]
