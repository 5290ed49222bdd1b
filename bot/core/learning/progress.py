"""Progress: streak (with freezes), lessons done, accuracy by track, what's next."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from bot.core.actions import Command
from bot.core.calendar import is_business_day
from bot.core.commands import format_clock
from bot.core.context import Turn
from bot.core.learning.course import next_lesson
from bot.core.messages import Choice, Reply
from bot.storage import lessons as store

FREEZE_EVERY = 5  # completed days that earn one streak freeze
FREEZE_MAX = 2


def compute_streak(done: list[date], today: date, calendar: str) -> tuple[int, int]:
    """Return (streak, freezes banked): consecutive business days with a lesson completed.

    A missed business day uses a banked freeze instead of breaking the streak; a freeze is
    earned every five completed days. Today does not break the streak until it is over.
    """
    if not done:
        return 0, 0
    completed = set(done)
    streak = freezes = 0
    day = min(completed)
    while day <= today:
        if day in completed:
            streak += 1
            if streak % FREEZE_EVERY == 0:
                freezes = min(FREEZE_MAX, freezes + 1)
        elif day != today and is_business_day(day, calendar):
            if freezes:
                freezes -= 1
            else:
                streak = 0
        day += timedelta(days=1)
    return streak, freezes


@dataclass
class Summary:
    """A learner's progress in numbers."""

    streak: int
    freezes: int
    done: int
    total: int
    answered: int
    right: int
    due: int
    by_track: dict[str, tuple[int, int]] = field(default_factory=dict)  # track -> (right, n)
    next_title: str | None = None
    checked: int = 0  # AI answers the learner has had checked (a count, never the text)
    marks: tuple[int, int, int] = (0, 0, 0)  # claims marked checked, wrong, unsure (counts)


async def summarise(turn: Turn) -> Summary:
    """Compute the learner's progress summary."""

    dates = await store.completed_dates(turn.session, learner_id=turn.learner.id)
    streak, freezes = compute_streak(dates, turn.today, turn.calendar)
    done = await store.completed_lesson_ids(turn.session, learner_id=turn.learner.id)
    attempts = await store.attempts_for_learner(turn.session, learner_id=turn.learner.id)
    by_track: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for attempt in attempts:
        found = turn.curriculum.item(attempt.item_id)
        if found is None:
            continue
        item, lesson = found
        track = lesson.meta.track if lesson else item.track or "?"
        by_track[track][0] += int(attempt.correct)
        by_track[track][1] += 1
    upcoming = await next_lesson(turn)
    return Summary(
        streak=streak,
        freezes=freezes,
        done=len(done & {lesson.id for lesson in turn.curriculum.lessons}),
        total=len(turn.curriculum.lessons),
        answered=len(attempts),
        right=sum(1 for a in attempts if a.correct),
        due=await store.count_due(turn.session, learner_id=turn.learner.id, now=turn.now),
        by_track={k: (v[0], v[1]) for k, v in by_track.items()},
        next_title=upcoming.meta.title.get(turn.locale) if upcoming else None,
        checked=turn.learner.answers_checked or 0,
        marks=(
            turn.learner.claims_checked or 0,
            turn.learner.claims_wrong or 0,
            turn.learner.claims_unsure or 0,
        ),
    )


def _percent(right: int, total: int) -> str:
    return f"{round(100 * right / total)}% ({right}/{total})"


async def show(turn: Turn) -> list[Reply]:
    """Show the learner their progress and settings."""
    s = await summarise(turn)
    learner = turn.learner
    text = turn.t(
        "progress",
        streak=s.streak,
        freezes=s.freezes,
        done=s.done,
        total=s.total,
        accuracy=_percent(s.right, s.answered) if s.answered else turn.t("no_answers_yet"),
        due=s.due,
        next=s.next_title or turn.t("all_lessons_done"),
        status=turn.t(f"status_{learner.status}"),
        time=format_clock(learner.delivery_minute),
        tz=learner.timezone,
        lang=turn.t("lang_name"),
    )
    if s.checked:  # a count of practice, never what was checked
        text += "\n" + turn.t("progress_checked", count=s.checked)
    if any(s.marks):
        checked, wrong, unsure = s.marks
        text += "\n" + turn.t("progress_marks", checked=checked, wrong=wrong, unsure=unsure)
    if s.by_track:
        lines = [turn.t("by_track")]
        for track in turn.curriculum.tracks:
            if track.id in s.by_track:
                right, n = s.by_track[track.id]
                lines.append(f"- {track.title.get(turn.locale)}: {_percent(right, n)}")
        text += "\n\n" + "\n".join(lines)
    choices = (
        Choice(turn.t("btn_today"), Command("today")),
        Choice(turn.t("btn_review"), Command("review")),
    )
    return [Reply(text=text, choices=choices, kind="progress")]
