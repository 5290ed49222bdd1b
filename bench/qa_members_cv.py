"""Members' questions, measured without flattering them: each spent question set is scored with an
index that holds the questions of the other spent sets only (leave one set out), as
lessons/questions.yaml would hold them. Used to choose how much members' questions count
(docs/benchmarks.md); the sets never tuned on (fresh8, fresh9) are not read here.

    python -m bench.qa_members_cv [--member 1.0] [--also 0.5]
"""

from __future__ import annotations

import argparse
import statistics
from pathlib import Path
from typing import Any

import yaml

from bench.qa_eval import QUESTION_SETS, score_set
from bot.config import ROOT
from bot.content.loader import load_curriculum
from bot.content.model import MemberQuestion
from bot.core.redaction import redact
from bot.retrieval import index as ranking
from bot.retrieval.index import PassageIndex
from bot.retrieval.passages import MEMBER, MEMBER_ALSO

SPENT = (
    "fresh",
    "fresh2",
    "fresh3",
    "fresh4",
    "fresh5",
    "fresh6",
    "fresh7",
    "dev",
    "independent",
    "held-out",
)
TARGETS = SPENT[:7]  # the sets written the same way: 60-70 questions in five styles


def members(questions: list[dict[str, Any]], known: set[str]) -> list[MemberQuestion]:
    """A set's on-topic questions as lessons/questions.yaml holds them: redacted, known lessons."""
    found = []
    for question in questions:
        lessons = [x for x in question["lessons"] if x in known][:3]
        if lessons:
            text = " ".join(redact(question["q"]).text.split())
            found.append(MemberQuestion(lang=question["lang"], q=text, lessons=lessons))
    return found


def main() -> None:
    """Print the mean recall over the left-out sets, overall and by language."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--member", type=float, default=ranking.RANKING[MEMBER])
    parser.add_argument("--also", type=float, default=ranking.RANKING[MEMBER_ALSO])
    parser.add_argument("--lessons", type=Path, default=ROOT / "lessons")
    args = parser.parse_args()
    ranking.RANKING[MEMBER], ranking.RANKING[MEMBER_ALSO] = args.member, args.also
    curriculum = load_curriculum(args.lessons)
    known = {lesson.id for lesson in curriculum.lessons}
    sets = {name: yaml.safe_load(QUESTION_SETS[name].read_text(encoding="utf-8")) for name in SPENT}
    rows: dict[str, list[tuple[float, ...]]] = {"none": [], "others": []}
    for target in TARGETS:
        others = [q for name in SPENT if name != target for q in members(sets[name], known)]
        for label, questions in (("none", []), ("others", others)):
            course = curriculum.model_copy(update={"questions": questions})
            figures = score_set(PassageIndex.from_curriculum(course), sets[target], known)
            groups = figures["by_group"]
            rows[label].append(
                (
                    groups["all"]["r@1"],
                    groups["all"]["r@3"],
                    groups["lang:ja"]["r@1"],
                    groups["lang:en"]["r@1"],
                    figures["off_topic_weak"],
                )
            )
    print(f"member {args.member}, also {args.also}; mean over {', '.join(TARGETS)} (left out)")
    print(
        f"  {'members questions':<20}{'r@1':>7}{'r@3':>7}{'ja r@1':>8}{'en r@1':>8}{'off weak':>10}"
    )
    for label, values in rows.items():
        means = [statistics.mean(row[i] for row in values) for i in range(5)]
        print(
            f"  {label:<20}"
            + "".join(f"{m:>{w}.3f}" for m, w in zip(means, (7, 7, 8, 8, 10), strict=True))
        )


if __name__ == "__main__":
    main()
