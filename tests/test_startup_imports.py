"""What `manabi ask --offline` and `manabi try` load to answer: nothing they do not use.

Each command runs once to create the database and the caches (as a member's first start
does), then again in a fresh process that reports which modules it loaded. Timings belong in
`bench/startup.py`; this checks the behaviour that keeps start-up short.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.config import ROOT

QUESTION = "AIの答えが自信満々なら、正しいと思っていいですか？"
MARK = "loaded modules: "
# Run a command as `python -m bot` does, then print the heavy modules it loaded.
DRIVER = f"""
import json, sys
from bot.__main__ import run
heavy = sys.argv[1].split(",")
sys.argv = ["manabi", *sys.argv[2:]]
code = run()
loaded = [m for m in heavy if m in sys.modules]
print({MARK!r} + json.dumps(loaded), file=sys.stderr)
raise SystemExit(code)
"""
# Never needed to answer offline or in the terminal: the model client and its tokenizer, the
# chat platforms' SDKs, the scheduler, the web server, drawing, the HTTP lookups of answer
# checks, the migrations on an up-to-date database, every country's holidays, the PostgreSQL
# dialect on SQLite, the claim finder of answer checks and the rest of the check (engine,
# checklist), the lesson rules (the course comes from the cache), the recurring announcements
# (the scheduler's), the pure-Python stemmers (forty modules; PyStemmer stems the same), and
# PyYAML (the texts and the prompts' front matter come from their caches).
NEVER = (
    "openai",
    "tiktoken",
    "slack_bolt",
    "slack_sdk",
    "microsoft_agents",
    "apscheduler",
    "aiohttp",
    "httpx",
    "matplotlib",
    "PIL",
    "alembic",
    "holidays",
    "sqlalchemy.dialects.postgresql",
    "bot.lookups",
    "bot.web",
    "bot.core.qa.checking.finder",
    "bot.core.qa.checking.engine",
    "bot.core.qa.checking.checklist",
    "bot.content.loader",
    "bot.content.itemrules",
    "bot.core.officers.announcements",
    "snowballstemmer",
    "yaml",
)


def run(cwd: Path, args: list[str], stdin: str = "", heavy: tuple[str, ...] = NEVER) -> list[str]:
    """Run `manabi <args>` in a fresh process in `cwd`; return the `heavy` modules it loaded."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "OPENAI_"))}
    env.pop("DATABASE_URL", None)  # the default: var/manabi.db under cwd
    env |= {
        "MANABI_LESSONS_DIR": str(ROOT / "lessons"),
        "MANABI_PROMPTS_DIR": str(ROOT / "prompts"),
    }
    result = subprocess.run(
        [sys.executable, "-c", DRIVER, ",".join(heavy), *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    line = next(x for x in result.stderr.splitlines() if x.startswith(MARK))
    loaded: list[str] = json.loads(line.removeprefix(MARK))
    return loaded


@pytest.fixture(scope="module")
def started(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A directory where `try` ran twice: the database, an onboarded learner with a planned
    lesson, and the caches (course, holidays of the days planned) exist."""
    cwd = tmp_path_factory.mktemp("startup")
    run(cwd, ["try", "--user", "member"], stdin="start\n1\n1\n")
    run(cwd, ["try", "--user", "member"], stdin=QUESTION + "\n")
    return cwd


def test_ask_offline_loads_no_database_and_nothing_it_does_not_use(started: Path) -> None:
    loaded = run(
        started, ["ask", "--offline", "--json", QUESTION], heavy=(*NEVER, "sqlalchemy", "aiosqlite")
    )
    assert loaded == []


def test_a_first_try_reply_loads_nothing_it_does_not_use(started: Path) -> None:
    assert run(started, ["try", "--user", "member"], stdin=QUESTION + "\n") == []


def test_the_check_is_real_a_used_module_is_reported(started: Path) -> None:
    loaded = run(
        started, ["try", "--user", "member"], QUESTION + "\n", heavy=("sqlalchemy", "sudachipy")
    )
    assert loaded == [
        "sqlalchemy",
        "sudachipy",
    ]
