"""Test-wise learners: how far surface cues get someone who never read a lesson.

    python -m bench.testwise [--lessons DIR] [--learners 200] [--json]

Each simulated learner sees every item as a member would (options in that learner's shuffled
display order, `Item.display_keys`) and answers from what it sees, never from the lesson:

- longest:   picks the longest option (for spot_the_error, the longest sentence);
- position:  picks the display position that most often holds the answer for that item type
             in the bank (a learner who has noticed "it's usually the third one");
- absolute:  an option with an absolute word (必ず, never, all, …) is wrong; a statement with one
             is false and one without is true; in spot_the_error, the sentence with one is wrong;
- false:     always answers "false" / "fabricated";
- combined:  scores each option by all of the cues above and picks the best.

Accuracy is over the items where the cue applies, averaged over the learners, for the lesson
bank and for each pre/post form, per language, against chance (1 / number of options). The exit
status is 1 if any cue beats chance by more than 10 points on at least 5 items.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from bot.config import ROOT
from bot.content.itemrules import CUE_MARGIN, CUE_MIN_ITEMS, has_absolute, option_texts
from bot.content.loader import check_curriculum
from bot.content.model import LOCALES, SHUFFLED_TYPES, Curriculum, Item, ItemType

LEARNERS = 200  # simulated learners; each sees its own display order
FALSE_KEYS = {ItemType.TRUE_FALSE: "false", ItemType.REAL_OR_FABRICATED: "fabricated"}
TEXT_TYPES = SHUFFLED_TYPES | {ItemType.SPOT_THE_ERROR}  # options whose wording differs


@dataclass(frozen=True)
class Row:
    """One learner's score on one bank in one language."""

    bank: str
    locale: str
    learner: str
    items: int
    accuracy: float
    chance: float

    @property
    def margin(self) -> float:
        """Points above chance (as a share: 0.10 is 10 points)."""
        return self.accuracy - self.chance

    @property
    def leaks(self) -> bool:
        """Whether this cue beats chance by more than the margin, on enough items to judge."""
        return self.items >= CUE_MIN_ITEMS and self.margin > CUE_MARGIN


@dataclass(frozen=True)
class Seen:
    """One item as one learner sees it: keys in display order and their texts."""

    item: Item
    keys: list[str]
    texts: list[str]

    @property
    def answer(self) -> str:
        """The key of the correct option."""
        return self.item.answer_key()


# A learner returns its pick (a key), or None when its cue has nothing to say about the item.
Learner = Callable[[Seen, str, "Habits"], str | None]


@dataclass(frozen=True)
class Habits:
    """What a learner has noticed about a bank: the usual answer position per item type."""

    position: dict[ItemType, int]  # 0-based display position


def _group(item: Item) -> ItemType:
    return ItemType.CHOICE if item.type in SHUFFLED_TYPES else item.type


def habits(seen: Sequence[Seen]) -> Habits:
    """The display position that most often holds the answer, for each item type."""
    counts: dict[ItemType, Counter[int]] = {}
    for view in seen:
        counts.setdefault(_group(view.item), Counter())[view.keys.index(view.answer)] += 1
    return Habits({kind: c.most_common(1)[0][0] for kind, c in counts.items()})


def longest(view: Seen, locale: str, _habits: Habits) -> str | None:
    """The longest option; ties go to the one shown first."""
    if view.item.type not in TEXT_TYPES:
        return None
    lengths = [len(text.strip()) for text in view.texts]
    return view.keys[lengths.index(max(lengths))]


def position(view: Seen, _locale: str, known: Habits) -> str | None:
    """The position where answers to this type of item usually are."""
    at = known.position.get(_group(view.item), 0)
    return view.keys[min(at, len(view.keys) - 1)]


def absolute(view: Seen, locale: str, _habits: Habits) -> str | None:
    """Absolute words mark the wrong option, the false statement, or the wrong sentence."""
    item = view.item
    if item.type is ItemType.TRUE_FALSE:
        return "false" if has_absolute(item.prompt.get(locale), locale) else "true"
    if item.type not in TEXT_TYPES:
        return None
    marked = [has_absolute(text, locale) for text in view.texts]
    if not any(marked):
        return None
    if item.type is ItemType.SPOT_THE_ERROR:
        return view.keys[marked.index(True)]
    unmarked = [key for key, m in zip(view.keys, marked, strict=True) if not m]
    return unmarked[0] if unmarked else view.keys[0]


def always_false(view: Seen, _locale: str, _habits: Habits) -> str | None:
    """ "False" to every statement, "fabricated" to every citation."""
    return FALSE_KEYS.get(view.item.type)


def combined(view: Seen, locale: str, known: Habits) -> str | None:
    """Every cue votes for an option (absolute words against one); the most votes win."""
    score = dict.fromkeys(view.keys, 0.0)
    for cue in (longest, position, always_false):
        pick = cue(view, locale, known)
        if pick is not None:
            score[pick] += 1
    item = view.item
    if item.type is ItemType.TRUE_FALSE or item.type is ItemType.SPOT_THE_ERROR:
        pick = absolute(view, locale, known)
        if pick is not None:
            score[pick] += 1
    elif item.type in SHUFFLED_TYPES:
        for key, text in zip(view.keys, view.texts, strict=True):
            if has_absolute(text, locale):
                score[key] -= 1
    best = max(score.values())
    return next(key for key in view.keys if score[key] == best)


CUES: dict[str, Learner] = {
    "longest": longest,
    "position": position,
    "absolute": absolute,
    "false": always_false,
    "combined": combined,
}


def see(item: Item, seed: str, locale: str) -> Seen:
    """The item as the learner `seed` sees it in `locale`."""
    keys = item.display_keys(seed)
    texts = option_texts(item, locale)
    return Seen(item, keys, [texts[key] for key in keys])


def score_bank(name: str, items: Sequence[Item], learners: int) -> list[Row]:
    """Every cue learner's accuracy on `items`, per language."""
    rows: list[Row] = []
    seeds = [f"testwise-{n}" for n in range(learners)]
    for locale in LOCALES:
        seen = [[see(item, seed, locale) for item in items] for seed in seeds]
        known = habits([view for views in seen for view in views])
        for cue_name, cue in CUES.items():
            hits = chance = 0.0
            answered = 0
            in_scope: set[str] = set()
            for views in seen:
                for view in views:
                    pick = cue(view, locale, known)
                    if pick is None:
                        continue
                    answered += 1
                    in_scope.add(view.item.id)
                    hits += pick == view.answer
                    chance += 1 / len(view.keys)
            if answered:
                rows.append(
                    Row(name, locale, cue_name, len(in_scope), hits / answered, chance / answered)
                )
    return rows


def evaluate(curriculum: Curriculum, learners: int = LEARNERS) -> list[Row]:
    """Score every cue on the lesson bank and on each pre/post form."""
    banks: list[tuple[str, list[Item]]] = [
        ("lessons", [item for lesson in curriculum.lessons for item in lesson.meta.items])
    ]
    banks += [(kind, list(meta.items)) for kind, meta in sorted(curriculum.assessments.items())]
    rows: list[Row] = []
    for name, items in banks:
        if items:
            rows += score_bank(name, items, learners)
    return rows


def format_rows(rows: Sequence[Row]) -> str:
    """The table: one row per bank, language and cue."""
    lines = [
        f"{'bank':<10}{'lang':<6}{'learner':<10}{'items':>6}{'accuracy':>10}{'chance':>9}"
        f"{'vs chance':>11}",
    ]
    for row in rows:
        flag = "  << beats chance" if row.leaks else ""
        lines.append(
            f"{row.bank:<10}{row.locale:<6}{row.learner:<10}{row.items:>6}"
            f"{100 * row.accuracy:>9.1f}%{100 * row.chance:>8.1f}%"
            f"{100 * row.margin:>+10.1f}{flag}"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Print the table (or JSON); exit 1 if any cue beats chance by more than 10 points."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lessons", type=Path, default=ROOT / "lessons")
    parser.add_argument("--learners", type=int, default=LEARNERS)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    curriculum, errors = check_curriculum(args.lessons, item_rules=False)
    if errors:
        print(
            f"warning: {len(errors)} problem(s) loading {args.lessons}; files with schema errors "
            "are left out (run `manabi lessons check`)",
            file=sys.stderr,
        )
    if curriculum is None or not (curriculum.lessons or curriculum.assessments):
        print(f"no items to score in {args.lessons}", file=sys.stderr)
        return 2
    rows = evaluate(curriculum, args.learners)
    if args.json:
        out = [{**asdict(row), "margin": row.margin, "leaks": row.leaks} for row in rows]
        print(json.dumps(out, ensure_ascii=False, indent=2))
    else:
        print(format_rows(rows))
        leaking = sum(row.leaks for row in rows)
        print(
            f"\n{len(curriculum.lessons)} lessons, {args.learners} learners; {leaking} row(s) "
            f"where a cue beats chance by more than {100 * CUE_MARGIN:.0f} points"
        )
    return 1 if any(row.leaks for row in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
