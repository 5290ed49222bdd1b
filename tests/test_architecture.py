"""The domain knows no SDK: bot/core imports no Slack, Teams, OpenAI, APScheduler or web code;
and no arrow runs back up to the composition root."""

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
            found.update(f"{node.module}.{alias.name}" for alias in node.names)  # from bot import x
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


# The composition root and what it assembles: they import the layers below, never the reverse.
COMPOSITION = ("bot.app", "bot.runtime", "bot.tryout", "bot.web", "bot.cli", "bot.__main__")
BELOW = ("core", "storage", "delivery", "channels", "content", "retrieval", "llm", "scheduler.py")


def is_composition(module: str) -> bool:
    """True for a module of the composition root (bot.cli covers bot.cli_ask and the like)."""
    return any(module == r or module.startswith((r + ".", r + "_")) for r in COMPOSITION)


def test_nothing_below_the_composition_root_imports_it() -> None:
    bot = ROOT / "bot"
    paths = [bot / b for b in BELOW if b.endswith(".py")]
    paths += [path for b in BELOW if not b.endswith(".py") for path in (bot / b).rglob("*.py")]
    assert len(paths) > 50
    offenders = {
        f"{path.relative_to(ROOT)}: {module}"
        for path in paths
        for module in imported_modules(path)
        if is_composition(module)
    }
    assert offenders == set()


def test_the_layer_guard_would_catch_an_upward_import(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text("from bot import runtime\nfrom bot.cli_ask import add_ask_command\n")
    assert {m for m in imported_modules(sample) if is_composition(m)} == {
        "bot.runtime",
        "bot.cli_ask",
        "bot.cli_ask.add_ask_command",
    }
    assert not is_composition("bot.application") and not is_composition("bot.apps")
