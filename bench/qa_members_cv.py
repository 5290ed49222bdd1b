"""Members' questions, measured without flattering them: each spent question set is scored with an
index that holds the questions of the other spent sets only (leave one set out), as
lessons/questions.yaml would hold them. Used to choose how much members' questions count
(docs/benchmarks.md); the sets never tuned on (fresh8, fresh9) are not read here.

    python -m bench.qa_members_cv [--member 1.0] [--also 0.5] [--share 1.0]
"""

from __future__ import annotations

import argparse
import random
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
    """A set's questions as lessons/questions.yaml holds them: redacted, with their known lessons
    (none for an off-topic one); a question whose lessons are not written yet is left out."""
    found = []
    for question in questions:
        lessons = [x for x in question["lessons"] if x in known][:3]
        if lessons or not question["lessons"]:  # off-topic ones too, with no lesson
            text = " ".join(redact(question["q"]).text.split())
            found.append(MemberQuestion(lang=question["lang"], q=text, lessons=lessons))
    return found


def main() -> None:
    """Print the mean recall over the left-out sets, overall and by language."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--member", type=float, default=ranking.RANKING[MEMBER])
    parser.add_argument("--also", type=float, default=ranking.RANKING[MEMBER_ALSO])
    parser.add_argument("--lessons", type=Path, default=ROOT / "lessons")
    parser.add_argument(
        "--share", type=float, default=1.0, help="use this share of the others' questions"
    )
    parser.add_argument("--off-topic", type=float, default=ranking.OFF_TOPIC)
    args = parser.parse_args()
    ranking.RANKING[MEMBER], ranking.RANKING[MEMBER_ALSO] = args.member, args.also
    ranking.OFF_TOPIC = args.off_topic
    curriculum = load_curriculum(args.lessons)
    known = {lesson.id for lesson in curriculum.lessons}
    sets = {name: yaml.safe_load(QUESTION_SETS[name].read_text(encoding="utf-8")) for name in SPENT}
    rows: dict[str, list[tuple[float, ...]]] = {"none": [], "others": []}
    for target in TARGETS:
        others = [q for name in SPENT if name != target for q in members(sets[name], known)]
        random.Random(7).shuffle(others)
        others = others[: round(len(others) * args.share)]
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
                    figures["on_topic_strong"],
                )
            )
    print(
        f"member {args.member}, also {args.also}, off-topic {args.off_topic}, share {args.share}; "
        f"mean over {', '.join(TARGETS)} (left out)"
    )
    print(
        f"  {'members questions':<20}{'r@1':>7}{'r@3':>7}{'ja r@1':>8}{'en r@1':>8}"
        f"{'off weak':>10}{'on strong':>11}"
    )
    for label, values in rows.items():
        means = [statistics.mean(row[i] for row in values) for i in range(6)]
        print(
            f"  {label:<20}"
            + "".join(f"{m:>{w}.3f}" for m, w in zip(means, (7, 7, 8, 8, 10, 11), strict=True))
        )


if __name__ == "__main__":
    main()
