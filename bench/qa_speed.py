"""How fast question answering is without a model: the passage index over every lesson, built
at start-up, and an offline answer (no key configured) as one whole turn, database included.

    python -m bench.qa_speed [--runs 20] [--lessons DIR]

Prints the median and p95 of each, with the machine (CPUs, load average). Nothing leaves the
machine: the database is a temporary SQLite file and no model is configured. The questions are
the evaluation set in bench/qa_questions.yaml, each asked by a member of its language.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import statistics
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import yaml

from bot.config import ROOT, load_settings
from bot.content.loader import load_curriculum
from bot.content.model import Curriculum
from bot.core.context import CoachConfig
from bot.core.conversation import Coach
from bot.core.messages import Identity, Inbound
from bot.llm.answering import build_answering
from bot.retrieval.index import PassageIndex
from bot.storage.db import create_engine, session_factory, upgrade

QUESTIONS = Path(__file__).with_name("qa_questions.yaml")
NOW = datetime(2026, 12, 1, 0, 0, tzinfo=UTC)  # a Tuesday, after the default delivery time


def percentile(values: list[float], share: float) -> float:
    """Return the nearest-rank percentile of `values` (share in 0-1)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered) + 0.5) - 1))]


def summary(name: str, seconds: list[float]) -> str:
    """One line: median and p95 in milliseconds over the runs."""
    median, p95 = statistics.median(seconds) * 1000, percentile(seconds, 0.95) * 1000
    return f"{name:<34} median {median:8.1f} ms   p95 {p95:8.1f} ms   ({len(seconds)} runs)"


def time_index_builds(curriculum: Curriculum, runs: int) -> list[float]:
    """Build the passage index over every lesson `runs` times; the time of each."""
    seconds = []
    for _ in range(runs):
        started = time.perf_counter()
        PassageIndex.from_curriculum(curriculum)
        seconds.append(time.perf_counter() - started)
    return seconds


async def time_offline_answers(curriculum: Curriculum, runs: int) -> list[float]:
    """Ask `runs` questions with no model configured; the time of each whole turn."""
    questions = yaml.safe_load(QUESTIONS.read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as tmp:
        engine = create_engine(f"sqlite+aiosqlite:///{tmp}/qa_speed.db")
        await upgrade(engine)
        answering, _ = build_answering(load_settings(_env_file=None), curriculum, offline=True)
        coach = Coach(session_factory(engine), curriculum, CoachConfig(), ask=answering)
        members = {lang: Identity("console", "local", f"member-{lang}") for lang in ("ja", "en")}
        for lang, member in members.items():
            await coach.handle(Inbound(member, text="start"), NOW)
            await coach.handle(Inbound(member, action=f"lang:{lang}"), NOW)
            await coach.handle(Inbound(member, action="consent:yes"), NOW)
        seconds = []
        for n in range(runs + 1):  # the first turn warms caches and is not counted
            question = questions[n % len(questions)]
            inbound = Inbound(members[question["lang"]], text=question["q"])
            started = time.perf_counter()
            replies = await coach.handle(inbound, NOW)
            elapsed = time.perf_counter() - started
            assert replies and replies[0].kind == "answer", question["q"]
            if n:
                seconds.append(elapsed)
        await engine.dispose()
    return seconds


def main() -> None:
    """Measure and print."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20, help="runs of each measurement")
    parser.add_argument("--lessons", type=Path, default=ROOT / "lessons")
    args = parser.parse_args()
    curriculum = load_curriculum(args.lessons)
    passages = len(PassageIndex.from_curriculum(curriculum).passages)
    load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
    print(
        f"# {platform.machine()} · {os.cpu_count()} CPUs · load average {load} · "
        f"Python {platform.python_version()}"
    )
    print(f"# {len(curriculum.lessons)} lessons, {passages} passages")
    print(summary("index build, every lesson", time_index_builds(curriculum, args.runs)))
    offline = asyncio.run(time_offline_answers(curriculum, args.runs))
    print(summary("offline answer, whole turn", offline))


if __name__ == "__main__":
    main()
