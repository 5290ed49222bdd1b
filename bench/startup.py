"""Start-up wall time of the one-shot commands: `manabi ask --offline --json` and a first
`manabi try` reply, each run as a fresh process (median and p95 of --runs runs), and the CPU time
(user + system) each run used: on a machine others share, the wall time mostly measures them,
while the CPU time stays close to what the command itself costs.

    python -m bench.startup [--runs 10] [--json] [--no-bytecode]

Runs in a scratch working directory, so the database and the caches (var/) are its own, with
no model configured. "warm" runs find the caches; "cold" runs delete them first, so they load,
check and index every lesson. Two warm-up runs of `try`, not counted, create the database and an
onboarded learner and answer one question.

The package's bytecode is compiled first, as an installed package has it (pip compiles it on
install). A checkout run with PYTHONDONTWRITEBYTECODE=1 never writes it and compiles every
module it imports from `bot/` from source at each start (about 0.1 s of CPU for `try`).
--no-bytecode skips the compilation; delete bot/**/__pycache__ first to measure that case.
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bot.config import ROOT

QUESTION = "AIの答えが自信満々なら、正しいと思っていいですか？"
MODEL_VARIABLES = ("OPENAI_API_KEY", "OPENAI_BASE_URL", "AZURE_OPENAI_API_KEY", "DATABASE_URL")


def percentile(values: list[float], share: float) -> float:
    """Return the nearest-rank percentile of `values` (share in 0-1)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered) + 0.5) - 1))]


def timed(command: list[str], cwd: Path, stdin: str = "", expect: str = "") -> tuple[float, float]:
    """Run one command to its end; return its wall time and the CPU time (user + system, all its
    threads) it used, in seconds. It must print `expect`."""
    env = {k: v for k, v in os.environ.items() if k not in MODEL_VARIABLES}
    env |= {
        "MANABI_LESSONS_DIR": str(ROOT / "lessons"),
        "MANABI_PROMPTS_DIR": str(ROOT / "prompts"),
    }
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, env=env, input=stdin, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0 or expect not in done.stdout:
        raise SystemExit(f"{' '.join(command)} failed:\n{done.stdout[-2000:]}\n{done.stderr}")
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return elapsed, cpu


def measure(runs: int, bytecode: bool = True) -> dict[str, Any]:
    """Time each case `runs` times in a scratch directory."""
    if bytecode:
        compileall.compile_dir(ROOT / "bot", quiet=1)
    manabi = [sys.executable, "-m", "bot"]
    ask = [*manabi, "ask", "--offline", "--json", QUESTION]
    try_ = [*manabi, "try", "--user", "bench"]
    figures: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as scratch:
        cwd = Path(scratch)
        timed(try_, cwd, stdin="start\n1\n1\n")  # the database, an onboarded learner, the cache
        timed(try_, cwd, stdin=QUESTION + "\n")  # a planned lesson: its days' holidays
        answered = '"outcome": "offline"'
        cases = {
            "ask_offline_json_warm": (ask, "", False, answered),
            "ask_offline_json_cold": (ask, "", True, answered),
            "try_first_reply_warm": (try_, QUESTION + "\n", False, "📖"),
        }
        for name, (command, stdin, cold, expect) in cases.items():
            times, cpus = [], []
            for _ in range(runs):
                if cold:
                    shutil.rmtree(cwd / "var" / "cache", ignore_errors=True)
                wall, cpu = timed(command, cwd, stdin, expect)
                times.append(wall)
                cpus.append(cpu)
            figures[name] = {
                "median_s": round(statistics.median(times), 3),
                "p95_s": round(percentile(times, 0.95), 3),
                "cpu_median_s": round(statistics.median(cpus), 3),
                "cpu_min_s": round(min(cpus), 3),
                "runs": runs,
            }
    load = os.getloadavg()
    figures["machine"] = {
        "nproc": os.cpu_count(),
        "load_average": [round(x, 2) for x in load],
        "python": sys.version.split()[0],
        "bytecode": "compiled first" if bytecode else "as found",
        "PYTHONDONTWRITEBYTECODE": os.environ.get("PYTHONDONTWRITEBYTECODE", ""),
    }
    return figures


def main() -> None:
    """Print the figures as text (or JSON)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--json", action="store_true")
    parser.add_argument(
        "--no-bytecode", action="store_true", help="do not compile bot/ first (as a checkout)"
    )
    args = parser.parse_args()
    figures = measure(args.runs, bytecode=not args.no_bytecode)
    if args.json:
        print(json.dumps(figures, indent=2))
        return
    for name, value in figures.items():
        print(f"{name}: {value}")


if __name__ == "__main__":
    main()
