"""A learner's own settings: pause, resume, stop, delivery time, language, time zone."""

from __future__ import annotations

from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.core.commands import format_clock, parse_clock, parse_language
from bot.core.context import Turn
from bot.core.messages import Reply


def pause(turn: Turn) -> list[Reply]:
    """Pause daily lessons until the learner resumes."""
    turn.learner.status = "paused"
    return [Reply(text=turn.t("paused"), kind="notice")]


def resume(turn: Turn) -> list[Reply]:
    """Resume daily lessons."""
    if turn.learner.status == "active":
        return [Reply(text=turn.t("already_active"), kind="notice")]
    turn.learner.status = "active"
    time = format_clock(turn.learner.delivery_minute)
    return [Reply(text=turn.t("resumed", time=time), kind="notice")]


def stop(turn: Turn) -> list[Reply]:
    """Stop lessons; the record stays until the learner deletes it."""
    turn.learner.status = "stopped"
    turn.set_quiz(None)
    turn.offer(())
    return [Reply(text=turn.t("stopped"), kind="notice")]


def set_time(turn: Turn, arg: str) -> list[Reply]:
    """Change the local delivery time."""
    minute = parse_clock(arg)
    if minute is None:
        return [Reply(text=turn.t("time_invalid"), kind="notice")]
    turn.learner.delivery_minute = minute
    text = turn.t("time_set", time=format_clock(minute), tz=turn.learner.timezone)
    return [Reply(text=text, kind="notice")]


def set_language(turn: Turn, arg: str) -> list[Reply]:
    """Change the language of everything Manabi says."""
    locale = parse_language(arg)
    if locale is None:
        return [Reply(text=turn.t("lang_invalid"), kind="notice")]
    turn.learner.locale = locale
    return [Reply(text=turn.t("lang_set"), kind="notice")]


def set_timezone(turn: Turn, arg: str) -> list[Reply]:
    """Change the time zone lessons are timed by."""
    name = arg.strip()
    candidates = [name, "/".join(part.capitalize() for part in name.split("/"))]
    for candidate in candidates:
        try:
            ZoneInfo(candidate)
        except (ZoneInfoNotFoundError, ValueError):
            continue
        turn.learner.timezone = candidate
        return [Reply(text=turn.t("tz_set", tz=candidate), kind="notice")]
    return [Reply(text=turn.t("tz_invalid"), kind="notice")]
