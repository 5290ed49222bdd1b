"""The house rules, enforced: which folder may import which (docs/architecture.md).

1. core imports no SDK and no presentation library;
2. channels never import storage;
3. nothing below the composition root imports it;
4. no import circle anywhere in bot/.

Each rule is checked on the real tree and, to show it can fail, on a copy with a planted
violation.
"""

from __future__ import annotations

import ast
import shutil
from collections.abc import Iterable
from pathlib import Path

import pytest

from bot.config import ROOT

# What core must not import: platform SDKs, the model client, the scheduler, web and drawing
# libraries, and every part of bot/ that sits beside or above it.
CORE_FORBIDDEN = (
    "slack_bolt",
    "slack_sdk",
    "microsoft_agents",
    "openai",
    "tiktoken",
    "apscheduler",
    "aiohttp",
    "matplotlib",
    "PIL",
    "bot.channels",
    "bot.llm",
    "bot.delivery",
    "bot.scheduler",
    "bot.web",
    "bot.cli",
    "bot.charts",
)
# The composition root and what assembles a running Manabi from it; nothing else imports these.
ROOT_LAYER = (
    "bot.app",
    "bot.cli",
    "bot.cli_ask",
    "bot.cli_officers",
    "bot.cli_announce",
    "bot.cli_reports",
    "bot.cli_desk",
    "bot.web",
    "bot.runtime",
    "bot.tryout",
)
ROOT_LAYER_MEMBERS = (*ROOT_LAYER, "bot.__main__")


def module_name(path: Path, top: Path) -> str:
    """The dotted module name of a file under `top` (the folder that holds `bot/`)."""
    parts = list(path.relative_to(top).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def modules(top: Path) -> dict[str, Path]:
    """Every module of the `bot` package under `top`."""
    return {module_name(p, top): p for p in sorted((top / "bot").rglob("*.py"))}


def imports(path: Path, known: Iterable[str]) -> set[str]:
    """Every module a file imports, at any depth (imports inside functions count too).

    `from bot.x import y` counts as importing `bot.x.y` when that is a module, else `bot.x`.
    """
    names = set(known)
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                sub = f"{node.module}.{alias.name}"
                found.add(sub if sub in names else node.module)
    return found


def graph(top: Path) -> dict[str, set[str]]:
    """The import graph of bot/: module -> the bot modules it imports."""
    mods = modules(top)
    return {
        name: {m for m in imports(path, mods) if m in mods and m != name}
        for name, path in mods.items()
    }


def within(module: str, prefixes: Iterable[str]) -> bool:
    """Whether `module` is one of `prefixes` or inside one of them."""
    return any(module == p or module.startswith(p + ".") for p in prefixes)


def core_violations(top: Path) -> set[str]:
    """Core modules that import an SDK, a presentation library or a layer above core."""
    mods = modules(top)
    return {
        f"{name} imports {imported}"
        for name, path in mods.items()
        if within(name, ["bot.core"])
        for imported in imports(path, mods)
        if within(imported, CORE_FORBIDDEN)
    }


def channel_violations(top: Path) -> set[str]:
    """Channel modules that import storage."""
    return {
        f"{name} imports {imported}"
        for name, deps in graph(top).items()
        if within(name, ["bot.channels"])
        for imported in deps
        if within(imported, ["bot.storage"])
    }


def root_violations(top: Path) -> set[str]:
    """Modules below the composition root that import it (or what assembles from it)."""
    return {
        f"{name} imports {imported}"
        for name, deps in graph(top).items()
        if not within(name, ROOT_LAYER_MEMBERS)
        for imported in deps
        if within(imported, ROOT_LAYER)
    }


def cycles(top: Path) -> list[list[str]]:
    """Import circles in bot/ (each as the modules on it), found by a depth-first search."""
    edges = graph(top)
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(edges[node]):
            if state.get(nxt) == 1:
                found.append([*path[path.index(nxt) :], nxt])
            elif nxt not in state:
                visit(nxt)
        path.pop()
        state[node] = 2

    for node in sorted(edges):
        if node not in state:
            visit(node)
    return found


def test_core_imports_no_sdk_and_no_presentation_library() -> None:
    assert core_violations(ROOT) == set()


def test_channels_never_import_storage() -> None:
    assert channel_violations(ROOT) == set()


def test_nothing_below_the_composition_root_imports_it() -> None:
    assert root_violations(ROOT) == set()


def test_there_is_no_import_circle_in_bot() -> None:
    assert cycles(ROOT) == []


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """A copy of bot/ to plant violations in."""
    shutil.copytree(ROOT / "bot", tmp_path / "bot", ignore=shutil.ignore_patterns("__pycache__"))
    return tmp_path


def plant(top: Path, relative: str, source: str) -> None:
    """Append `source` to a module of the copy (inside a function, where imports hide)."""
    path = top / "bot" / relative
    path.write_text(path.read_text(encoding="utf-8") + "\n\n" + source, encoding="utf-8")


def test_a_planted_sdk_or_chart_import_in_core_is_caught(tree: Path) -> None:
    plant(tree, "core/learning/lessons.py", "def _f():\n    import matplotlib.pyplot\n")
    plant(tree, "core/officers/roles.py", "def _g():\n    from slack_sdk import WebClient\n")
    assert core_violations(tree) == {
        "bot.core.learning.lessons imports matplotlib.pyplot",
        "bot.core.officers.roles imports slack_sdk",
    }


def test_a_planted_storage_import_in_a_channel_is_caught(tree: Path) -> None:
    plant(tree, "channels/slack/render.py", "from bot.storage.db import transaction\n")
    assert channel_violations(tree) == {"bot.channels.slack.render imports bot.storage.db"}


def test_a_planted_import_of_the_composition_root_is_caught(tree: Path) -> None:
    plant(tree, "delivery/dispatcher.py", "def _f():\n    from bot.app import App\n")
    assert root_violations(tree) - root_violations(ROOT) == {
        "bot.delivery.dispatcher imports bot.app"
    }


def test_a_planted_import_circle_is_caught(tree: Path) -> None:
    plant(tree, "core/learning/course.py", "def _f():\n    from bot.core.learning import quizzes\n")
    found = cycles(tree)
    assert any({"bot.core.learning.course", "bot.core.learning.quizzes"} <= set(c) for c in found)
