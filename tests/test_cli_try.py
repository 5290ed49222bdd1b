"""`manabi try` from a pipe: the whole loop without a terminal, and progress across runs."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from pytest import MonkeyPatch

from bot.config import ROOT
from bot.content.model import Curriculum
from bot.core.learning.quizzes import learner_seed


def run_try(tmp_path: Path, lines: list[str], *args: str) -> str:
    """Run `python -m bot try` with `lines` piped in; return what it printed."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "OPENAI_"))}
    env["DATABASE_URL"] = f"sqlite+aiosqlite:///{tmp_path / 'try.db'}"
    result = subprocess.run(
        [sys.executable, "-m", "bot", "try", *args],
        input="\n".join(lines) + "\n",
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    return result.stdout


def answer_key(curriculum: Curriculum, lesson_index: int, item_index: int) -> int:
    """Return the 1-based number of the right choice as the first learner (id 1) sees it."""
    item = curriculum.lessons[lesson_index].meta.items[item_index]
    return item.display_keys(learner_seed(1)).index(item.answer_key()) + 1


def test_piped_session_runs_the_loop_and_continues_on_the_next_run(
    tmp_path: Path, curriculum: Curriculum
) -> None:
    first = curriculum.lessons[0]
    right = answer_key(curriculum, 0, 0)
    out = run_try(
        tmp_path, ["start", "2", "1", str(right)], "--user", "u1", "--at", "2026-12-01T09:00"
    )
    assert "Hello, I'm Manabi" in out
    assert first.meta.title.en in out
    assert "✅ Correct." in out
    assert "Sources:" in out and first.meta.sources[0].url in out
    again = run_try(tmp_path, [], "--user", "u1", "--at", "2026-12-01T09:30")
    assert "Welcome back" in again and "Quiz 2/" in again


def test_a_later_business_day_gives_the_next_lesson(tmp_path: Path, curriculum: Curriculum) -> None:
    lines = ["start", "2", "1"]
    lesson = curriculum.lessons[0]
    for n, item in enumerate(lesson.meta.items[:3]):
        lines.append(str(answer_key(curriculum, 0, n)))
        if item.confidence:
            lines.append("4")
    run_try(tmp_path, lines, "--user", "u2", "--at", "2026-12-01T09:00")
    out = run_try(tmp_path, [], "--user", "u2", "--at", "2026-12-02T09:00")
    assert curriculum.lessons[1].meta.title.en in out


def test_a_broken_database_url_gets_one_clear_line(tmp_path: Path) -> None:
    env = dict(os.environ, DATABASE_URL="nonsense://")
    result = subprocess.run(
        [sys.executable, "-m", "bot", "try"],
        input="",
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        timeout=60,
        check=False,
    )
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "DATABASE_URL" in result.stderr
    assert "Traceback" not in result.stderr


def test_invalid_lessons_stop_start_up_with_the_list_of_errors(tmp_path: Path) -> None:
    lessons = tmp_path / "lessons"
    (lessons / "how-ai-writes" / "01-x").mkdir(parents=True)
    (lessons / "tracks.yaml").write_text((ROOT / "lessons" / "tracks.yaml").read_text())
    (lessons / "how-ai-writes" / "01-x" / "lesson.yaml").write_text("id: x\n")
    env = dict(
        os.environ,
        MANABI_LESSONS_DIR=str(lessons),
        DATABASE_URL=f"sqlite+aiosqlite:///{tmp_path / 'x.db'}",
    )
    result = subprocess.run(
        [sys.executable, "-m", "bot", "try"],
        input="",
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        timeout=60,
        check=False,
    )
    assert result.returncode == 2
    assert "lesson.yaml:1:" in result.stderr and "Traceback" not in result.stderr


def test_a_pasted_answer_runs_to_a_blank_line(tmp_path: Path, monkeypatch: MonkeyPatch) -> None:
    monkeypatch.setenv("MANABI_CHECK_LOOKUPS", "false")  # the subprocess must not go online
    lines = [
        "check",
        "労働基準法第36条により、残業の上限は月45時間です。",
        "この上限は必ず守られます。",
        "",
        "help",
    ]
    out = run_try(tmp_path, lines, "--user", "u1")
    assert out.count("確認したい点") == 1, "the two lines were checked as one answer"
    assert "労働基準法第36条" in out and "必ず守られます" in out
    # The line after the blank one is a message again: a new member's gets the welcome.
    assert "1) 日本語" in out.split("確認したい点")[1]
