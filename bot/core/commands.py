"""Recognise commands in Japanese and English; anything else is a question."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# Each command and the words that call it, in both languages (matched after normalising).
WORDS: dict[str, tuple[str, ...]] = {
    "help": ("help", "ヘルプ", "へるぷ", "?", "menu", "メニュー", "使い方", "つかいかた"),
    "start": ("start", "開始", "はじめる", "始める", "スタート", "hello", "hi", "こんにちは"),
    "today": ("today", "今日", "きょう", "lesson", "レッスン", "今日のレッスン"),
    "quiz": ("quiz", "クイズ"),
    "review": ("review", "復習", "ふくしゅう", "おさらい"),
    "progress": ("progress", "進捗", "しんちょく", "記録", "status", "ステータス"),
    "pause": ("pause", "一時停止", "休止"),
    "resume": ("resume", "再開", "さいかい"),
    "stop": ("stop", "停止", "配信停止", "unsubscribe"),
    "delete": ("delete my data", "delete", "データ削除", "データを削除", "削除"),
    "pretest": ("pretest", "pre-test", "事前テスト", "事前チェック"),
    "posttest": ("posttest", "post-test", "事後テスト", "事後チェック"),
}
ARGUMENT_COMMANDS: dict[str, tuple[str, ...]] = {
    "time": ("time", "時間", "時刻", "配信時刻"),
    "lang": ("lang", "language", "言語"),
    "tz": ("tz", "timezone", "タイムゾーン"),
}
# Officers' commands (Slack: `/manabi announce`; Teams: typed in the chat), and announce's own.
OFFICER_WORDS: dict[str, tuple[str, ...]] = {
    "announce": ("announce", "お知らせ"),
    "report": ("report", "レポート", "報告"),
}
ANNOUNCE_WORDS: dict[str, tuple[str, ...]] = {
    "status": ("status", "状況"),
    "cancel": ("cancel", "取り消し", "取消"),
}
LANG_WORDS = {
    "ja": ("ja", "japanese", "日本語", "にほんご"),
    "en": ("en", "english", "英語", "えいご"),
}


@dataclass(frozen=True)
class Command:
    """A recognised command and its argument, if any."""

    name: str
    arg: str = ""


def normalise(text: str) -> str:
    """Fold width and case and trim, so 'ＴＯＤＡＹ ' and 'today' match."""
    folded = unicodedata.normalize("NFKC", text).strip().lower()
    folded = re.sub(r"\s+", " ", folded)
    return folded.rstrip("。.!！")


def parse(text: str) -> Command | None:
    """Return the command in `text`, or None when it is free text (a question)."""
    folded = normalise(text)
    if not folded:
        return Command("help")
    if folded.isdigit():
        return Command("number", folded)
    for name, words in WORDS.items():
        if folded in words:
            return Command(name)
    head, _, rest = folded.partition(" ")
    for name, words in ARGUMENT_COMMANDS.items():
        if head in words:
            return Command(name, rest.strip())
        for word in words:  # Japanese is often written without a space: 時間8:30
            if folded.startswith(word) and not word.isascii():
                return Command(name, folded[len(word) :].strip())
    return None


def parse_officer(text: str) -> Command | None:
    """Return an officer command, or None: `announce`, `announce status 12`,
    `announce cancel 12` (name "announce status" / "announce cancel", arg the number), or
    `report [organisation]`."""
    head, _, rest = normalise(text).partition(" ")
    name = next((n for n, words in OFFICER_WORDS.items() if head in words), None)
    if name is None:
        return None
    rest = rest.strip()
    if name == "announce":
        action, _, number = rest.partition(" ")
        sub = next((n for n, words in ANNOUNCE_WORDS.items() if action in words), None)
        if sub is not None and number.strip().lstrip("#").isdigit():
            return Command(f"announce {sub}", number.strip().lstrip("#"))
    return Command(name, rest)


def parse_language(arg: str) -> str | None:
    """Return 'ja' or 'en' for a language name in either language."""
    folded = normalise(arg)
    return next((code for code, words in LANG_WORDS.items() if folded in words), None)


def parse_clock(arg: str) -> int | None:
    """Return minutes after midnight for '8:30', '08:30', '830' or '8時30分'."""
    folded = normalise(arg).replace("時", ":").replace("分", "").replace("：", ":")
    match = re.fullmatch(r"(\d{1,2})(?::(\d{2})?)?", folded) or re.fullmatch(
        r"(\d{1,2})(\d{2})", folded
    )
    if not match:
        return None
    hours, minutes = int(match.group(1)), int(match.group(2) or 0)
    if hours > 23 or minutes > 59:
        return None
    return hours * 60 + minutes


def format_clock(minute: int) -> str:
    """Return minutes after midnight as HH:MM."""
    return f"{minute // 60:02d}:{minute % 60:02d}"
