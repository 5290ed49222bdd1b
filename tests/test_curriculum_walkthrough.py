"""A learner goes through the first five lessons on five business days in `manabi try`,
in Japanese and in English, answering each question from what the console shows."""

from __future__ import annotations

import io
import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.app import App, build
from bot.channels.console import Console, SimulatedClock
from bot.content.model import Curriculum, Item
from bot.tryout import chat
from tests.conftest import make_settings

DAYS = ["2026-12-01", "2026-12-02", "2026-12-03", "2026-12-04", "2026-12-07"]  # Tue..Mon


class Learner:
    """Stands in for a person at the keyboard: reads the screen, answers every question."""

    def __init__(self, screen: io.StringIO, curriculum: Curriculum, locale: str) -> None:
        self.screen = screen
        self.items = [item for lesson in curriculum.lessons for item in lesson.meta.items]
        self.locale = locale
        self.lines: list[str] = []
        self.read_to = 0

    def isatty(self) -> bool:
        """Not a terminal: a pipe."""
        return False

    def readline(self) -> str:
        """Answer what is on screen; an empty string (end of input) once nothing is asked."""
        if self.lines:
            return self.lines.pop(0) + "\n"
        shown = self.screen.getvalue()[self.read_to :]
        self.read_to = len(self.screen.getvalue())
        last = shown.rsplit("Manabi> ", 1)[-1]
        if re.search(r"自信がありますか|How sure are you", last):
            return "3\n"
        item = self._item_on(last)
        if item is None:
            return ""
        right = item.choice_label(item.answer_key(), self.locale)
        offered = dict(re.findall(r"^\s+(\d+)\) (.*)$", last, flags=re.MULTILINE))
        return next(number for number, label in offered.items() if label == right) + "\n"

    def _item_on(self, text: str) -> Item | None:
        matches = [item for item in self.items if item.prompt.get(self.locale) in text]
        return max(matches, key=lambda item: len(item.prompt.get(self.locale)), default=None)


@pytest.mark.parametrize("locale", ["ja", "en"])
async def test_first_five_lessons_on_five_business_days(
    db_url: str, engine: AsyncEngine, curriculum: Curriculum, locale: str
) -> None:
    del engine  # requested so that the database starts empty on PostgreSQL too
    app = await build(make_settings(DATABASE_URL=db_url))
    try:
        await walk_five_days(app, curriculum, locale)
    finally:
        await app.close()


async def walk_five_days(app: App, curriculum: Curriculum, locale: str) -> None:
    """Open `manabi try` on five business days; each day's lesson arrives through the outbox."""
    for day_number, day in enumerate(DAYS):
        screen = io.StringIO()
        learner = Learner(screen, curriculum, locale)
        if day_number == 0:
            learner.lines = ["start", "1" if locale == "ja" else "2", "1"]
        start = datetime.fromisoformat(f"{day}T09:00").replace(tzinfo=ZoneInfo("Asia/Tokyo"))
        console = Console(app.coach, "walker", SimulatedClock(start), out=screen, source=learner)
        await chat(app, console)
        shown = screen.getvalue()
        lesson = curriculum.lessons[day_number]
        assert lesson.meta.title.get(locale) in shown, f"day {day}: lesson {lesson.id} missing"
        done = "今日のレッスンは完了" if locale == "ja" else "That's today's lesson done"
        assert done in shown, f"day {day}: the quiz was not finished"
        wrong = "不正解" if locale == "ja" else "Not quite"
        assert wrong not in shown
