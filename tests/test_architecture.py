"""The domain knows no SDK: bot/core imports no Slack, Teams, OpenAI, APScheduler or web code."""

from __future__ import annotations

import ast
from pathlib import Path

from bot.config import ROOT

FORBIDDEN = (
    "slack_bolt",
    "slack_sdk",
    "microsoft_agents",
    "openai",
    "tiktoken",
    "apscheduler",
    "aiohttp",
    "bot.channels",
    "bot.llm",
    "bot.delivery",
    "bot.scheduler",
    "bot.web",
    "bot.cli",
)


def imported_modules(path: Path) -> set[str]:
    """Return every module a Python file imports, at any depth of the file."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
    return found


def test_core_imports_no_sdk() -> None:
    offenders = {
        f"{path.relative_to(ROOT)}: {module}"
        for path in sorted((ROOT / "bot" / "core").rglob("*.py"))
        for module in imported_modules(path)
        if module.startswith(FORBIDDEN)
    }
    assert offenders == set()


def test_the_guard_would_catch_an_sdk_import(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text("def f():\n    from slack_sdk import WebClient\n")
    assert any(m.startswith(FORBIDDEN) for m in imported_modules(sample))
