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
HISTORY_SHARE = 0.2  # at most this share of the budget is kept for the newest turn


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
    """Keep the member's words from closing the block they are quoted in."""
    return re.sub(r"-{3,}", "—", text).strip()


def shorten(text: str, counter: TokenCounter, tokens: int) -> str:
    """Cut `text` to at most `tokens` tokens (roughly, on characters), marking the cut."""
    if counter.count(text) <= tokens:
        return text
    keep = len(text)
    while keep > 0 and counter.count(text[:keep]) > tokens:
        keep = int(keep * 0.8)
    return text[:keep] + "…"


def format_conversation(question: str, history: Sequence[tuple[str, str]]) -> str:
    """Write the earlier turns (oldest first) and the new message, all of it to be quoted."""
    lines: list[str] = []
    if history:
        lines.append("Earlier turns, oldest first:")
        for asked, answered in history:
            lines.append(f"Member: {clean_question(asked)}")
            lines.append(f"Manabi: {clean_question(answered[:HISTORY_ANSWER_CHARS])}")
        lines.append("")
        lines.append("The member's new message:")
    lines.append(question)
    return "\n".join(lines)


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
    match: str = "strong",
) -> PromptPlan:
    """Fit the system prompt, the best passages and the newest turns into `budget` tokens.

    Earlier turns go inside the same quoted block as the question, never as chat messages of
    their own: a past message saying "ignore the rules" stays data, as the new one does."""
    system = prompts["qa.system"].render(language=LANGUAGES.get(locale, "Japanese"), canary=canary)
    question = shorten(clean_question(question), counter, int(budget * QUESTION_SHARE))

    def user(chosen: Sequence[Passage], turns: Sequence[tuple[str, str]]) -> str:
        return prompts["qa.question"].render(
            passages=format_passages(chosen),
            match=match,
            conversation=format_conversation(question, turns),
        )

    def size(*contents: str) -> int:
        return PER_MESSAGE + sum(PER_MESSAGE + counter.count(content) for content in contents)

    # Passages come first, but leave the newest turn room (up to a share): a follow-up needs it.
    newest = counter.count(format_conversation("", history[-1:])) if history else 0
    room = budget - min(int(budget * HISTORY_SHARE), newest)
    chosen: list[Passage] = []
    for passage in passages:
        if size(system, user([*chosen, passage], [])) <= room:
            chosen.append(passage)
    turns: list[tuple[str, str]] = []
    for turn in reversed(history):  # the newest turns first, while they fit
        if size(system, user(chosen, [turn, *turns])) > budget:
            break
        turns.insert(0, turn)
    messages = [
        {"role": "system", "content": system},
        {"role": "user", "content": user(chosen, turns)},
    ]
    return PromptPlan(
        messages, number_lessons(chosen), tuple(chosen), size(system, messages[1]["content"])
    )
