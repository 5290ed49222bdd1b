"""Measure the redactor on personal data as members type it (bench/redaction_cases.yaml).

    python -m bench.redaction [--cases FILE] [--json] [--misses]

The cases were written apart from the redactor. Definitions (per language, and for the first
half of the cases by order, the held-out second half, and all):

- recall of a kind: the share of its gold spans that are caught. A gold span is caught when
  none of its letters or digits (Unicode categories L* and N*) survives, that is when each of
  them lies inside a span the redactor replaces (of any kind: a name taken away as part of an
  address is gone all the same). "same kind" counts only spans replaced as their own kind.
- false positives: inputs without personal data in which anything at all was replaced.
- over-redaction: letters and digits outside every gold span that were replaced, as a share of
  all letters and digits outside gold spans (honorifics, labels and look-alikes count here).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import time
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from bot.core.redaction import find

CASES = Path(__file__).with_name("redaction_cases.yaml")
TARGET = 0.95


def _counted(char: str) -> bool:
    return unicodedata.category(char)[0] in "LN"


@dataclass
class Tally:
    """Counts for one slice of the cases (a half, a language)."""

    gold: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    caught: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    same_kind: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    negatives: int = 0
    false_positives: int = 0
    outside: int = 0  # letters and digits outside gold spans
    over: int = 0  # … of which replaced

    def recall(self, kind: str) -> float:
        return self.caught[kind] / self.gold[kind] if self.gold[kind] else float("nan")


def gold_positions(text: str, spans: list[dict[str, str]]) -> list[tuple[str, int, int]]:
    """Locate each gold span in its input (repeated texts take successive occurrences)."""
    located: list[tuple[str, int, int]] = []
    for span in spans:
        start = -1
        while True:
            start = text.find(span["text"], start + 1)
            if start < 0:
                raise ValueError(f"span {span['text']!r} is not in {text!r}")
            end = start + len(span["text"])
            if not any(s == start and e == end for _, s, e in located):
                break
        located.append((span["kind"], start, end))
    return located


def score(case: dict[str, Any], tallies: list[Tally], misses: list[str]) -> None:
    text = case["text"]
    found = find(text)
    covered: dict[int, str] = {}
    for item in found:
        for index in range(item.start, item.end):
            covered[index] = item.kind
    gold = gold_positions(text, case["spans"])
    in_gold = {i for _, start, end in gold for i in range(start, end)}
    for tally in tallies:
        if not gold:
            tally.negatives += 1
            tally.false_positives += bool(found)
        for kind, start, end in gold:
            chars = [i for i in range(start, end) if _counted(text[i])]
            tally.gold[kind] += 1
            tally.caught[kind] += all(i in covered for i in chars)
            tally.same_kind[kind] += all(covered.get(i) == kind for i in chars)
        outside = [i for i in range(len(text)) if i not in in_gold and _counted(text[i])]
        tally.outside += len(outside)
        tally.over += sum(i in covered for i in outside)
    for kind, start, end in gold:
        if not all(i in covered for i in range(start, end) if _counted(text[i])):
            misses.append(f"miss {kind:<12} {text[start:end]!r} in {text!r}")
    extra = "".join(
        text[i] if i in covered and i not in in_gold and _counted(text[i]) else " "
        for i in range(len(text))
    ).split()
    if extra:
        misses.append(f"over {' '.join(extra)!r} in {text!r}")


def run(cases: list[dict[str, Any]]) -> tuple[dict[str, Tally], list[str], float]:
    half = (len(cases) + 1) // 2
    tallies: dict[str, Tally] = defaultdict(Tally)
    misses: list[str] = []
    started = time.perf_counter()
    for index, case in enumerate(cases):
        part = "first half" if index < half else "second half"
        lang = case["lang"]
        keys = [part, "all", f"{part} {lang}", f"all {lang}"]
        score(case, [tallies[key] for key in keys], misses)
    elapsed = (time.perf_counter() - started) / max(1, len(cases))
    return tallies, misses, elapsed


def report(tallies: dict[str, Tally], cases: int, per_input: float) -> dict[str, Any]:
    kinds = sorted({kind for tally in tallies.values() for kind in tally.gold})
    slices = [s for s in ("first half", "second half", "all") if s in tallies]
    out: dict[str, Any] = {
        "machine": (
            f"{platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}"
        ),
        "cases": cases,
        "ms_per_input": round(per_input * 1000, 2),
        "slices": {},
    }
    for name in [*slices, *sorted(k for k in tallies if k not in slices)]:
        tally = tallies[name]
        out["slices"][name] = {
            "recall": {k: [tally.caught[k], tally.gold[k]] for k in kinds if tally.gold[k]},
            "same_kind": {k: tally.same_kind[k] for k in kinds if tally.gold[k]},
            "false_positives": [tally.false_positives, tally.negatives],
            "over_redaction": [tally.over, tally.outside],
        }
    return out


def print_table(result: dict[str, Any]) -> None:
    print(f"{result['cases']} inputs; {result['machine']}; {result['ms_per_input']} ms per input")
    print("A gold span is caught when none of its letters or digits survives the redaction.")
    slices = result["slices"]
    names = list(slices)
    kinds = sorted({k for s in slices.values() for k in s["recall"]})
    print(f"\n{'recall':<14}" + "".join(f"{n:>16}" for n in names))
    for kind in kinds:
        cells = []
        for name in names:
            caught, gold = slices[name]["recall"].get(kind, [0, 0])
            cells.append(f"{caught / gold:.2f} ({caught}/{gold})" if gold else "-")
        print(f"{kind:<14}" + "".join(f"{c:>16}" for c in cells))
    for label, key in (("false pos.", "false_positives"), ("over-redact.", "over_redaction")):
        cells = []
        for name in names:
            part, whole = slices[name][key]
            share = f"{part / whole:.3f}" if key == "over_redaction" and whole else ""
            cells.append(f"{share} ({part}/{whole})" if share else f"{part}/{whole}")
        print(f"{label:<14}" + "".join(f"{c:>16}" for c in cells))
    overall = slices["all"]["recall"]
    good = [k for k in kinds if overall[k][0] / overall[k][1] >= TARGET]
    print(f"\nkinds at or above {TARGET} recall on all inputs: {', '.join(good)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cases", type=Path, default=CASES)
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--misses", action="store_true", help="list misses and over-redaction")
    args = parser.parse_args()
    cases = yaml.safe_load(args.cases.read_text(encoding="utf-8"))
    find("warm-up: 山田さん")  # load the analyser and the name list before timing
    tallies, misses, per_input = run(cases)
    result = report(tallies, len(cases), per_input)
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=2))
    else:
        print_table(result)
    if args.misses:
        print("\n" + "\n".join(misses))


if __name__ == "__main__":
    main()
