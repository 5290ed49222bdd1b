"""Evaluate question answering offline: retrieval recall@3, prompt size, latency and cost.

    python -m bench.qa_eval [--lessons DIR] [--questions FILE] [--json] [--misses]

Retrieval runs over the real lessons; prompts are built exactly as for the model (system prompt,
passages, question) and counted with o200k_base. No model is called.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import time
from pathlib import Path
from typing import Any

import yaml

from bot.config import ROOT, load_settings
from bot.content.loader import load_curriculum
from bot.content.prompts import load_prompts
from bot.core.qa.prompt import build_prompt
from bot.core.redaction import redact
from bot.llm.answering import qa_settings
from bot.llm.tokens import TiktokenCounter
from bot.retrieval.index import PassageIndex

QUESTIONS = Path(__file__).with_name("qa_questions.yaml")
ASSUMED_ANSWER_TOKENS = 250  # a brief answer (150 words / 300 Japanese characters) + citations
REPEAT = 20  # searches per question when timing


def percentile(values: list[float], share: float) -> float:
    """Return the nearest-rank percentile of `values` (share in 0-1)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered) + 0.5) - 1))]


def evaluate(lessons_dir: Path, questions_file: Path) -> dict[str, Any]:
    """Run every question through retrieval and prompt building; return the figures."""
    settings = load_settings(_env_file=None)
    qa = qa_settings(settings)
    curriculum = load_curriculum(lessons_dir)
    started = time.perf_counter()
    index = PassageIndex.from_curriculum(curriculum)
    build_ms = (time.perf_counter() - started) * 1000
    counter = TiktokenCounter()
    prompts = load_prompts(ROOT / "prompts")
    questions = yaml.safe_load(questions_file.read_text(encoding="utf-8"))
    known = {lesson.id for lesson in curriculum.lessons}

    hits: dict[str, list[bool]] = {"all": [], "ja": [], "en": []}
    by_style: dict[str, list[bool]] = {}
    first: list[bool] = []
    tokens: list[float] = []
    latency: list[float] = []
    misses: list[dict[str, Any]] = []
    off_topic: list[bool] = []
    unknown_labels = sorted({x for q in questions for x in q["lessons"]} - known)
    for question in questions:
        query = redact(question["q"]).query()
        for _ in range(REPEAT):
            t0 = time.perf_counter()
            passages = index.search(query, locale=question["lang"], limit=qa.passages)
            latency.append((time.perf_counter() - t0) * 1000)
        top = [hit[0] for hit in index.rank_lessons(query, limit=3)]
        labels = [x for x in question["lessons"] if x in known]
        if not question["lessons"]:
            off_topic.append(not top)
            continue
        if not labels:
            continue  # the lesson it needs is not written yet
        hit = any(label in top for label in labels)
        for key in ("all", question["lang"]):
            hits[key].append(hit)
        by_style.setdefault(question["style"], []).append(hit)
        first.append(bool(top) and top[0] in labels)
        if not hit:
            misses.append({"q": question["q"], "want": labels, "got": top})
        plan = build_prompt(
            prompts,
            counter,
            question=query,
            passages=passages,
            history=[],
            locale=question["lang"],
            canary="MANABI-CANARY-0000000000000000",
            budget=qa.prompt_tokens,
        )
        tokens.append(plan.tokens)

    price_in, price_out = qa.prices.get(qa.model, (0.0, 0.0))
    mean_tokens = statistics.mean(tokens) if tokens else 0.0
    cost = 1000 * (mean_tokens * price_in + ASSUMED_ANSWER_TOKENS * price_out) / 1_000_000
    return {
        "lessons": len(curriculum.lessons),
        "passages": len(index.passages),
        "questions": len(hits["all"]),
        "questions_ja": len(hits["ja"]),
        "questions_en": len(hits["en"]),
        "off_topic_questions": len(off_topic),
        "labels_not_in_curriculum": unknown_labels,
        "recall_at_3": _share(hits["all"]),
        "recall_at_3_ja": _share(hits["ja"]),
        "recall_at_3_en": _share(hits["en"]),
        "recall_at_3_by_style": {k: _share(v) for k, v in sorted(by_style.items())},
        "recall_at_1": _share(first),
        "off_topic_no_match": _share(off_topic),
        "prompt_tokens_median": statistics.median(tokens) if tokens else 0,
        "prompt_tokens_p95": percentile(tokens, 0.95) if tokens else 0,
        "prompt_token_budget": qa.prompt_tokens,
        "retrieval_ms_p50": round(statistics.median(latency), 3),
        "retrieval_ms_p95": round(percentile(latency, 0.95), 3),
        "index_build_ms": round(build_ms, 1),
        "model": qa.model,
        "price_usd_per_1m": {"input": price_in, "output": price_out},
        "assumed_answer_tokens": ASSUMED_ANSWER_TOKENS,
        "cost_usd_per_1000_questions": round(cost, 4),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}",
        "misses": misses,
    }


def _share(values: list[bool]) -> float:
    return round(sum(values) / len(values), 3) if values else 0.0


def main() -> None:
    """Print the figures as text (or JSON)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lessons", type=Path, default=ROOT / "lessons")
    parser.add_argument("--questions", type=Path, default=QUESTIONS)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--misses", action="store_true", help="list the questions missed")
    args = parser.parse_args()
    result = evaluate(args.lessons, args.questions)
    if not args.misses:
        result.pop("misses")
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=2))
        return
    for key, value in result.items():
        if key == "misses":
            for miss in value:
                print(f"  miss: {miss['q']}  want {miss['want']}  got {miss['got']}")
        else:
            print(f"{key}: {value}")


if __name__ == "__main__":
    main()
