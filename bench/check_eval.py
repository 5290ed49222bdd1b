"""Claim-extraction quality on bench/check_answers.yaml: `python -m bench.check_eval`
(`--set PATH` scores another set written the same way; several `--set`s are scored pooled).

A predicted claim matches a gold claim when their spans overlap and their kinds agree (the
kind-agnostic figures drop the second condition). Each language's answers are split by id
order: the first half is where the rules were first developed, the second half was held out
until its figures were read; the rules have since been tuned on the whole set (see
docs/benchmarks.md), so only a set never read while writing rules estimates unseen answers.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from bot.core.qa.checking.claims import KINDS, Claim, needs_source_note
from bot.core.qa.checking.finder import extract_claims
from bot.core.qa.checking.tagger import Silent

DATA = Path(__file__).with_name("check_answers.yaml")
Extract = Callable[[str], list[Claim]]  # the claims found in a text


@dataclass
class Tally:
    """Counts for recall and precision, overall and by kind."""

    gold: Counter[str] = field(default_factory=Counter)
    found: Counter[str] = field(default_factory=Counter)  # gold claims matched
    predicted: Counter[str] = field(default_factory=Counter)
    correct: Counter[str] = field(default_factory=Counter)  # predicted claims matched
    any_found: int = 0  # kind-agnostic
    any_correct: int = 0
    no_check: int = 0
    violations: list[str] = field(default_factory=list)
    unsourced_right: int = 0
    answers: int = 0
    misses: list[str] = field(default_factory=list)
    extras: list[str] = field(default_factory=list)

    def summary(self) -> dict[str, Any]:
        """Recall, precision and the rest as plain numbers."""
        gold, predicted = sum(self.gold.values()), sum(self.predicted.values())
        return {
            "answers": self.answers,
            "gold": gold,
            "predicted": predicted,
            "recall": _ratio(sum(self.found.values()), gold),
            "precision": _ratio(sum(self.correct.values()), predicted),
            "recall_any_kind": _ratio(self.any_found, gold),
            "precision_any_kind": _ratio(self.any_correct, predicted),
            "no_check_sentences": self.no_check,
            "no_check_violations": len(self.violations),
            "unsourced_accuracy": _ratio(self.unsourced_right, self.answers),
            "by_kind": {
                kind: {
                    "gold": self.gold[kind],
                    "recall": _ratio(self.found[kind], self.gold[kind]),
                    "predicted": self.predicted[kind],
                    "precision": _ratio(self.correct[kind], self.predicted[kind]),
                }
                for kind in KINDS
                if self.gold[kind] or self.predicted[kind]
            },
        }


def _ratio(part: int, whole: int) -> float | None:
    """part / whole to three places, or None for an empty whole."""
    return round(part / whole, 3) if whole else None


def occurrences(text: str, needle: str) -> list[tuple[int, int]]:
    """Every span where `needle` occurs in `text`."""
    found, start = [], text.find(needle)
    while start >= 0:
        found.append((start, start + len(needle)))
        start = text.find(needle, start + 1)
    return found


def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    """Do two half-open spans share a character?"""
    return a[0] < b[1] and b[0] < a[1]


def score(answer: dict[str, Any], tally: Tally, extract: Extract = extract_claims) -> None:
    """Add one answer's matches to `tally` (claims found by `extract`, the finder by default)."""
    text: str = answer["text"]
    claims = extract(text)
    gold = []
    for item in answer["claims"]:
        spans = occurrences(text, item["text"])
        if not spans:
            raise SystemExit(f"{answer['id']}: gold claim {item['text']!r} is not in the text")
        gold.append((item["kind"], item["text"], spans))
    tally.answers += 1
    for kind, label, spans in gold:
        tally.gold[kind] += 1
        near = [c for c in claims if any(overlaps((c.start, c.end), s) for s in spans)]
        tally.found[kind] += any(c.kind == kind for c in near)
        tally.any_found += bool(near)
        if not any(c.kind == kind for c in near):
            tally.misses.append(f"{answer['id']}: {kind} {label!r}")
    for claim in claims:
        tally.predicted[claim.kind] += 1
        near_kinds = [k for k, _, spans in gold if any(overlaps(_span(claim), s) for s in spans)]
        tally.correct[claim.kind] += claim.kind in near_kinds
        tally.any_correct += bool(near_kinds)
        if claim.kind not in near_kinds:
            tally.extras.append(f"{answer['id']}: {claim.kind} {claim.text!r}")
    for sentence in answer.get("no_check", []):
        tally.no_check += 1
        for span in occurrences(text, sentence.strip()):
            for claim in claims:
                if overlaps(_span(claim), span):
                    tally.violations.append(f"{answer['id']}: {claim.kind} {claim.text!r}")
    tally.unsourced_right += needs_source_note(claims) == bool(answer.get("unsourced"))


def _span(claim: Claim) -> tuple[int, int]:
    """A claim's span as a tuple."""
    return (claim.start, claim.end)


def split(answers: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """Dev (first half of each language by id) and held-out (the rest)."""
    parts: dict[str, list[dict[str, Any]]] = {"dev": [], "held_out": []}
    for lang in sorted({a["lang"] for a in answers}):
        mine = sorted((a for a in answers if a["lang"] == lang), key=lambda a: a["id"])
        half = (len(mine) + 1) // 2
        parts["dev"] += mine[:half]
        parts["held_out"] += mine[half:]
    return parts


def rules_only(text: str) -> list[Claim]:
    """The finder without the learned tagger: what the rules find alone."""
    return extract_claims(text, model=Silent())


def evaluate(answers: list[dict[str, Any]], extract: Extract = extract_claims) -> dict[str, Any]:
    """Figures for dev, held-out and whole, each overall and per language."""
    result: dict[str, Any] = {}
    parts = {**split(answers), "whole": answers}
    for name, subset in parts.items():
        result[name] = {"all": _run(subset, extract)[0].summary()}
        for lang in sorted({a["lang"] for a in subset}):
            mine = (a for a in subset if a["lang"] == lang)
            result[name][lang] = _run(mine, extract)[0].summary()
    return result


def _run(
    answers: Iterable[dict[str, Any]], extract: Extract = extract_claims
) -> tuple[Tally, None]:
    """Score `answers` into one tally."""
    tally = Tally()
    for answer in answers:
        score(answer, tally, extract)
    return tally, None


def latency(answers: list[dict[str, Any]], extract: Extract = extract_claims) -> dict[str, float]:
    """Milliseconds to extract one answer's claims (after a warm-up that loads the dictionary)."""
    extract(answers[0]["text"])
    times = []
    for answer in answers:
        started = time.perf_counter()
        extract(answer["text"])
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return {
        "p50": round(statistics.median(times), 1),
        "p95": round(times[int(0.95 * (len(times) - 1))], 1),
    }


def table(summary: dict[str, Any]) -> str:
    """Recall and precision by kind as a Markdown table."""
    lines = ["| kind | gold | recall | predicted | precision |", "|---|---:|---:|---:|---:|"]
    for kind, row in summary["by_kind"].items():
        lines.append(
            f"| {kind} | {row['gold']} | {_fmt(row['recall'])} | {row['predicted']} "
            f"| {_fmt(row['precision'])} |"
        )
    return "\n".join(lines)


def _fmt(value: float | None) -> str:
    """A ratio with two decimals, or a dash."""
    return "–" if value is None else f"{value:.2f}"


def main(argv: list[str] | None = None) -> int:
    """Print the figures as Markdown (or JSON), and optionally the misses and extras."""
    parser = argparse.ArgumentParser(prog="python -m bench.check_eval")
    parser.add_argument(
        "--set",
        "--data",
        dest="data",
        type=Path,
        action="append",
        help="an evaluation set to score (default: bench/check_answers.yaml); given more than "
        "once, the sets are scored pooled",
    )
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--errors", choices=("dev", "held_out", "whole"), help="list errors")
    parser.add_argument(
        "--rules-only", action="store_true", help="without the learned tagger (for comparison)"
    )
    args = parser.parse_args(argv)
    extract = rules_only if args.rules_only else extract_claims
    answers = [
        answer
        for path in args.data or [DATA]
        for answer in yaml.safe_load(path.read_text(encoding="utf-8"))
    ]
    if args.errors:
        tally, _ = _run({**split(answers), "whole": answers}[args.errors], extract)
        for line in ["misses:", *tally.misses, "extras:", *tally.extras, "violations:"]:
            print(line)
        print("\n".join(tally.violations))
        return 0
    result = evaluate(answers, extract)
    result["latency_ms"] = latency(answers, extract)
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=2))
        return 0
    timing = result.pop("latency_ms")
    print(f"extraction per answer: p50 {timing['p50']} ms, p95 {timing['p95']} ms\n")
    for name, parts in result.items():
        for lang, summary in parts.items():
            print(
                f"## {name} / {lang}: {summary['answers']} answers, recall "
                f"{_fmt(summary['recall'])}, precision {_fmt(summary['precision'])} "
                f"(any kind: {_fmt(summary['recall_any_kind'])} / "
                f"{_fmt(summary['precision_any_kind'])}); no-check violations "
                f"{summary['no_check_violations']}/{summary['no_check_sentences']}; "
                f"unsourced right {_fmt(summary['unsourced_accuracy'])}\n"
            )
            print(table(summary) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
