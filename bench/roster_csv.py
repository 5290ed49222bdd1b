"""Write a roster CSV for `manabi roster import`: N good rows with M bad rows mixed in.

    python -m bench.roster_csv --good 1000 --bad 10 --out /tmp/roster.csv

Good rows use Slack user ids (U0000001, …) in workspace T0BENCH, spread over cohorts, with one
officer per cohort; bad rows each break one rule, so the import reports them by row number.
"""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path
from typing import TextIO

HEADER = ["user_id", "email", "workspace", "cohort", "role", "locale", "timezone"]
BAD = [  # one broken rule each, with the reason the import gives
    (["not-a-user", "", "T0BENCH", "c1", "member", "ja", "Asia/Tokyo"], "Slack user id"),
    (["U9BAD00002", "", "T0BENCH", "", "member", "ja", "Asia/Tokyo"], "needs a cohort"),
    (["U9BAD00003", "", "T0BENCH", "c1", "boss", "ja", "Asia/Tokyo"], "role must be"),
    (["U9BAD00004", "", "T0BENCH", "c1", "member", "fr", "Asia/Tokyo"], "locale must be"),
    (["U9BAD00005", "", "T0BENCH", "c1", "member", "ja", "Mars/Olympus"], "time zone"),
    (["", "", "T0BENCH", "c1", "member", "ja", "Asia/Tokyo"], "email or a user id"),
    (["", "not-an-email", "T0BENCH", "c1", "member", "ja", "Asia/Tokyo"], "not an email"),
    (["U9BAD00008", "", "", "c1", "member", "ja", "Asia/Tokyo"], "no workspace"),
    (["U9BAD00009", "", "T0BENCH", "c" * 70, "member", "ja", "Asia/Tokyo"], "needs a cohort"),
    (["U9BAD00010", "", "T0BENCH", "c1", "member", "xx-YY", "UTC"], "locale must be"),
]


def rows(good: int, bad: int, cohorts: int = 10) -> list[list[str]]:
    """Return the data rows: `good` valid ones with `bad` broken ones spread among them."""
    out = []
    every = max(good // max(bad, 1), 1)
    broken = 0
    for n in range(1, good + 1):
        cohort = f"c{n % cohorts + 1}"
        role = "officer" if n <= cohorts else "member"
        locale = "en" if n % 4 == 0 else "ja"
        out.append([f"U{n:07d}", "", "T0BENCH", cohort, role, locale, "Asia/Tokyo"])
        if broken < bad and n % every == 0:
            out.append(BAD[broken % len(BAD)][0])
            broken += 1
    return out


def bad_row_numbers(good: int, bad: int) -> list[int]:
    """The spreadsheet row numbers (header = 1) of the broken rows."""
    return [i + 2 for i, row in enumerate(rows(good, bad)) if row in [b[0] for b in BAD]]


def _write(target: TextIO, good: int, bad: int) -> None:
    writer = csv.writer(target, lineterminator="\n")
    writer.writerow(HEADER)
    writer.writerows(rows(good, bad))


def main(argv: list[str] | None = None) -> int:
    """Write the CSV to --out (or standard output)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--good", type=int, default=1000)
    parser.add_argument("--bad", type=int, default=10)
    parser.add_argument("--out")
    args = parser.parse_args(argv)
    if args.out:
        with Path(args.out).open("w", newline="", encoding="utf-8") as target:
            _write(target, args.good, args.bad)
    else:
        _write(sys.stdout, args.good, args.bad)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
