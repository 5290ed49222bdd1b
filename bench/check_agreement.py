"""How far two writers who labelled the same answers agree, scored the way bench.check_eval
scores the finder: `python -m bench.check_agreement` takes the first writer's claims as gold and
the second writer's as found (swap the two and recall and precision swap).

By default it pools the pairs in PAIRS: sets whose answers a second writer labelled again,
seeing only the texts, the feature's definition and the conventions. What two careful people
reach on the same answers is the most a finder can be expected to reach against either.
`--pair FIRST SECOND` (repeatable) scores other pairs.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

import yaml

from bench.check_eval import Tally, score, table
from bot.core.qa.checking.claims import Claim

BENCH = Path(__file__).parent
PAIRS = (
    ("check_answers_fresh21.yaml", "check_second_fresh21.yaml"),
    ("check_answers_fresh22.yaml", "check_second_fresh22.yaml"),
)


def as_found(answer: dict[str, Any]) -> list[Claim]:
    """A writer's claims as if a finder had found them, each at its first occurrence."""
    claims = []
    for item in answer["claims"]:
        start = answer["text"].find(item["text"])
        if start < 0:
            raise SystemExit(f"{answer['id']}: {item['text']!r} is not in the text")
        claims.append(Claim(item["text"], item["kind"], start, start + len(item["text"])))
    return claims


def agreement(pairs: list[tuple[Path, Path]]) -> dict[str, dict[str, Any]]:
    """Recall and precision of the second writer against the first, per language."""
    tallies: dict[str, Tally] = {}
    for first_path, second_path in pairs:
        first = yaml.safe_load(first_path.read_text(encoding="utf-8"))
        second = {a["id"]: a for a in yaml.safe_load(second_path.read_text(encoding="utf-8"))}
        for answer in first:
            other = second.get(answer["id"])
            if other is None or other["text"] != answer["text"]:
                raise SystemExit(f"{second_path.name}: {answer['id']} is not the same answer")
            tally = tallies.setdefault(answer["lang"], Tally())
            score(answer, tally, lambda _text, other=other: as_found(other))
    return {lang: tally.summary() for lang, tally in sorted(tallies.items())}


def main(argv: list[str] | None = None) -> int:
    """Print the agreement as Markdown (or JSON)."""
    parser = argparse.ArgumentParser(prog="python -m bench.check_agreement")
    parser.add_argument("--pair", nargs=2, type=Path, action="append", metavar=("FIRST", "SECOND"))
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    if args.pair:
        pairs = [(first, second) for first, second in args.pair]
    else:
        pairs = [(BENCH / first, BENCH / second) for first, second in PAIRS]
    result = agreement(pairs)
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=2))
        return 0
    for lang, summary in result.items():
        print(
            f"## second writer against the first / {lang}: {summary['answers']} answers, recall "
            f"{summary['recall']:.3f}, precision {summary['precision']:.3f}\n"
        )
        print(table(summary) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
