"""Build the chat prompt for a question: system prompt, passages and recent turns in a budget."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from bot.content.prompts import Prompt
from bot.core.messages import Source
from bot.core.ports import Passage, TokenCounter

LANGUAGES = {"ja": "Japanese (日本語)", "en": "English"}
PER_MESSAGE = 3  # role and separators of each chat message, as the API counts them
QUESTION_SHARE = 0.25  # a long question may use at most this share of the budget
HISTORY_ANSWER_CHARS = 400


@dataclass(frozen=True)
class CitedLesson:
    """A lesson given to the model under a number, e.g. [1], with its sources."""

    number: int
    lesson_id: str
    title: str
    sources: tuple[Source, ...]


@dataclass(frozen=True)
class PromptPlan:
    """The messages to send, the lessons they hold, and their size in tokens."""

    messages: list[dict[str, str]]
    lessons: tuple[CitedLesson, ...]
    passages: tuple[Passage, ...]
    tokens: int


def number_lessons(passages: Sequence[Passage]) -> tuple[CitedLesson, ...]:
    """Number the lessons of `passages` in order of first appearance."""
    lessons: dict[str, CitedLesson] = {}
    for passage in passages:
        if passage.lesson_id not in lessons:
            lessons[passage.lesson_id] = CitedLesson(
                len(lessons) + 1, passage.lesson_id, passage.lesson_title, passage.sources
            )
    return tuple(lessons.values())


def format_passages(passages: Sequence[Passage]) -> str:
    """Write the passages grouped by numbered lesson, each with its source links."""
    blocks = []
    for lesson in number_lessons(passages):
        lines = [f"[{lesson.number}] Lesson: {lesson.title} (id: {lesson.lesson_id})"]
        lines += [f"Source: {s.title} ({s.publisher}) {s.url}" for s in lesson.sources]
        lines += [p.text for p in passages if p.lesson_id == lesson.lesson_id]
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) if blocks else "(no lesson passage matches this question)"


def clean_question(text: str) -> str:
    """Keep the question from closing the block it is quoted in."""
    return re.sub(r"-{3,}", "—", text).strip()


def shorten(text: str, counter: TokenCounter, tokens: int) -> str:
    """Cut `text` to at most `tokens` tokens (roughly, on characters), marking the cut."""
    if counter.count(text) <= tokens:
        return text
    keep = len(text)
    while keep > 0 and counter.count(text[:keep]) > tokens:
        keep = int(keep * 0.8)
    return text[:keep] + "…"


def build_prompt(
    prompts: Mapping[str, Prompt],
    counter: TokenCounter,
    *,
    question: str,
    passages: Sequence[Passage],
    history: Sequence[tuple[str, str]],
    locale: str,
    canary: str,
    budget: int,
) -> PromptPlan:
    """Fit the system prompt, the best passages and the newest turns into `budget` tokens."""
    system = prompts["qa.system"].render(language=LANGUAGES.get(locale, "Japanese"), canary=canary)
    question = shorten(clean_question(question), counter, int(budget * QUESTION_SHARE))

    def user(chosen: Sequence[Passage]) -> str:
        return prompts["qa.question"].render(passages=format_passages(chosen), question=question)

    def size(messages: Sequence[dict[str, str]]) -> int:
        return PER_MESSAGE + sum(PER_MESSAGE + counter.count(m["content"]) for m in messages)

    chosen: list[Passage] = []
    for passage in passages:
        candidate = [*chosen, passage]
        if size([{"content": system}, {"content": user(candidate)}]) <= budget:
            chosen = candidate
    messages = [{"role": "system", "content": system}, {"role": "user", "content": user(chosen)}]
    for asked, answered in reversed(history):
        turn = [
            {"role": "user", "content": clean_question(asked)},
            {"role": "assistant", "content": answered[:HISTORY_ANSWER_CHARS]},
        ]
        trial = [messages[0], *turn, *messages[1:]]
        if size(trial) > budget:
            break
        messages = trial
    return PromptPlan(messages, number_lessons(chosen), tuple(chosen), size(messages))
