"""Small pure pieces of core: command parsing, clock times, streaks, calendars."""

from __future__ import annotations

from datetime import date

import pytest

from bot.core.calendar import business_days_between, is_business_day
from bot.core.commands import (
    Command,
    format_clock,
    parse,
    parse_clock,
    parse_language,
    parse_officer,
)
from bot.core.learning.progress import compute_streak
from bot.core.learning.reviews import rating_for


@pytest.mark.parametrize(
    ("text", "command"),
    [
        ("help", Command("help")),
        ("ヘルプ", Command("help")),
        ("ＴＯＤＡＹ", Command("today")),
        ("今日", Command("today")),
        ("クイズ", Command("quiz")),
        ("復習", Command("review")),
        ("進捗", Command("progress")),
        ("一時停止", Command("pause")),
        ("再開", Command("resume")),
        ("time 8:30", Command("time", "8:30")),
        ("時間 8:30", Command("time", "8:30")),
        ("時間8:30", Command("time", "8:30")),
        ("lang en", Command("lang", "en")),
        ("言語 英語", Command("lang", "英語")),
        ("delete my data", Command("delete")),
        ("データ削除", Command("delete")),
        ("開始", Command("start")),
        ("3", Command("number", "3")),
        ("How do I check a source?", None),
        ("AIが出した出典が本物か確かめるには？", None),
    ],
)
def test_commands_in_japanese_and_english(text: str, command: Command | None) -> None:
    assert parse(text) == command


@pytest.mark.parametrize(
    ("text", "command"),
    [
        ("announce", Command("announce")),
        ("お知らせ", Command("announce")),
        ("ＡＮＮＯＵＮＣＥ", Command("announce")),
        ("announce status 12", Command("announce status", "12")),
        ("お知らせ 状況 #12", Command("announce status", "12")),
        ("お知らせ　取り消し　12", Command("announce cancel", "12")),
        ("announce cancel soon", Command("announce", "cancel soon")),
        ("report", Command("report")),
        ("レポート union", Command("report", "union")),
        ("報告", Command("report")),
        ("status", None),  # a member's progress, not an officer's command
        ("How do I report a wrong AI answer?", None),
    ],
)
def test_officer_commands_in_japanese_and_english(text: str, command: Command | None) -> None:
    assert parse_officer(text) == command


def test_clock_and_language_arguments() -> None:
    assert parse_clock("8:30") == 510 and parse_clock("０８：３０") == 510
    assert parse_clock("7時45分") == 465 and parse_clock("24:00") is None
    assert format_clock(465) == "07:45"
    assert parse_language("英語") == "en" and parse_language("日本語") == "ja"
    assert parse_language("français") is None


def test_business_days_skip_weekends_and_japanese_holidays() -> None:
    assert is_business_day(date(2026, 12, 1))  # Tuesday
    assert not is_business_day(date(2026, 12, 5))  # Saturday
    assert not is_business_day(date(2027, 1, 1))  # New Year's Day
    assert not is_business_day(date(2026, 11, 23))  # Labour Thanksgiving Day (Monday)
    assert is_business_day(date(2026, 11, 23), "DE")
    assert business_days_between(date(2026, 11, 20), date(2026, 11, 27)) == 4


def test_streak_counts_business_days_and_freezes_cover_a_miss() -> None:
    week = [date(2026, 11, d) for d in (16, 17, 18, 19, 20)]  # Mon-Fri
    assert compute_streak(week, date(2026, 11, 20), "JP") == (5, 1)
    # Mon 23 is a holiday, Tue 24 missed: the freeze covers it; Wed 25 continues
    assert compute_streak([*week, date(2026, 11, 25)], date(2026, 11, 25), "JP") == (6, 0)
    # two business days missed with one freeze: the streak breaks
    assert compute_streak([*week, date(2026, 11, 26)], date(2026, 11, 26), "JP") == (1, 0)
    # today not done yet does not break the streak
    assert compute_streak(week[:2], date(2026, 11, 18), "JP") == (2, 0)
    assert compute_streak([], date(2026, 11, 18), "JP") == (0, 0)


def test_fsrs_rating_uses_correctness_and_confidence() -> None:
    assert rating_for(False, 4).name == "Again"
    assert rating_for(True, None).name == "Good"
    assert rating_for(True, 1).name == "Hard" and rating_for(True, 4).name == "Easy"
