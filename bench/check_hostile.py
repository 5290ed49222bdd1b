"""How long the offline claim finder takes on hostile 4,000-character pastes: digit runs,
nested brackets, long katakana runs, repeated roles, counts and absolutes, each aimed at one of
its patterns. A pattern that backtracks shows here as a paste that takes long.

    python -m bench.check_hostile [--runs 5] [--limit 0.2]

Prints each paste's median time over --runs and exits 1 when any median is over --limit seconds.
`tests/test_check_claims.py` runs the same pastes for what they find, never for how long.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import time

from bot.core.qa.checking.finder import extract_claims

HOSTILE = [
    "1," * 2000,
    "1.2." * 1000,
    "Aa " * 1333,
    "Aa (Bb (Cc) Dd) " * 250,
    "(" * 2000 + ")" * 2000,
    "労働基準" * 999 + "法",
    "「" + "あ" * 3990,
    "Ministry of Aa, Bb, Cc and Dd " * 133,
    "ア" * 3996 + "事件判決",
    "アア・" * 1333,
    "部長 山本、" * 666,
    "two new reps " * 307,
    "Employers always pay, " * 181,
    "charity A " * 400,
    "Aa Institute for Bb " * 200,
    "The Aa Bb Times " * 250,
    "佐藤ら(" * 800,
    "連合の調査" * 800,
    "book " + "A" * 3990,
    "published in " + "Aa " * 1300,
    "Aa Bb, " + "x" * 3990,
    "Act on " + "Aa, and " * 490,
    '"' + "a" * 20 + '" ' + "Aa Bb of Cc " * 300,
    "said " + "x " * 1990,
    "「あああああ」を" * 490,
    "EU AI" * 790,
    "部の高田部長" * 660,
    "(the " + "Aa " * 1300 + "case)",
    "から1日" * 990,
]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--limit", type=float, default=0.2, help="seconds a paste may take")
    args = parser.parse_args(argv)
    extract_claims("労働基準法第36条")  # load the dictionary first: it is not the pastes' cost
    rows = []
    for text in HOSTILE:
        times = []
        for _ in range(args.runs):
            started = time.perf_counter()
            extract_claims(text)
            times.append(time.perf_counter() - started)
        rows.append({"paste": text[:24], "chars": len(text), "median_s": statistics.median(times)})
    slowest = max(rows, key=lambda row: row["median_s"])
    print(json.dumps(rows, ensure_ascii=False, indent=1))
    print(
        json.dumps(
            {
                "pastes": len(rows),
                "slowest_median_s": round(slowest["median_s"], 4),
                "slowest": slowest["paste"],
                "over_limit": sum(row["median_s"] > args.limit for row in rows),
                "machine": f"{platform.machine()}, {os.cpu_count()} CPUs, "
                f"Python {platform.python_version()}, load {os.getloadavg()[0]:.2f}",
            },
            ensure_ascii=False,
        )
    )
    return 1 if any(row["median_s"] > args.limit for row in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
