"""Print the offline answers (no model) to chosen questions, for judging them by hand.

    python -m bench.qa_offline_answers [--set independent] [--pick 0,3,5] [--json]

Each question is answered exactly as `manabi ask --offline` answers it: redaction, retrieval over
the real lessons, the offline composition. The judgements of one run are in docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import asyncio
import json
from pathlib import Path
from typing import Any

import yaml

from bench.qa_eval import QUESTION_SETS
from bot.config import ROOT, load_settings
from bot.llm.answering import build_answering
from bot.retrieval.cache import build_course

# Twenty of the independent set across styles and both languages (its item numbers, from 0).
PICKED = (0, 3, 5, 12, 73, 77, 25, 29, 35, 85, 89, 40, 45, 96, 99, 58, 63, 104, 64, 114)


async def answer_all(questions: list[dict[str, Any]], lessons: Path) -> list[dict[str, Any]]:
    """Answer each question offline; its text, the lessons shown and the labelled ones."""
    settings = load_settings(_env_file=None)
    course = build_course(lessons)
    answering, _ = build_answering(settings, course.curriculum, offline=True, index=course.index)
    found = []
    for question in questions:
        answer = await answering.answer(question["q"], locale=question["lang"])
        found.append(
            {
                "q": question["q"],
                "style": question["style"],
                "want": question["lessons"],
                "shown": list(answer.lessons),
                "notes": list(answer.notes),
                "answer": answer.text,
            }
        )
    return found


def main() -> None:
    """Print the answers as text (or JSON)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", default="independent", choices=sorted(QUESTION_SETS))
    parser.add_argument("--pick", help="comma-separated item numbers (default: the twenty)")
    parser.add_argument("--lessons", type=Path, default=ROOT / "lessons")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    questions = yaml.safe_load(QUESTION_SETS[args.set].read_text(encoding="utf-8"))
    picked = [int(n) for n in args.pick.split(",")] if args.pick else PICKED
    answers = asyncio.run(answer_all([questions[n] for n in picked], args.lessons))
    if args.json:
        print(json.dumps(answers, ensure_ascii=False, indent=2))
        return
    for number, answer in zip(picked, answers, strict=True):
        print(f"=== #{number} [{answer['style']}] {answer['q']}")
        print(f"    want {answer['want']}  shown {answer['shown']}  notes {answer['notes']}")
        print(answer["answer"])
        print()


if __name__ == "__main__":
    main()
