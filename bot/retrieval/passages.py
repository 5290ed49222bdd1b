"""Split the curriculum into passages: lesson bodies, objectives, quiz explanations, and the
everyday questions a lesson answers (found by, never shown)."""

from __future__ import annotations

import re
from itertools import takewhile

from bot.content.model import LOCALES, Curriculum, Item, ItemType, Lesson
from bot.core.messages import Source
from bot.core.ports import Passage

# A passage is a few paragraphs: enough to ground an answer, small enough to fit several.
MAX_CHARS = {"ja": 320, "en": 700}
LINK = re.compile(r"\[([^\]]+)\]\((https://[^)\s]+)\)")
HEADING = re.compile(r"^\*\*[^*\n]+\*\*$")
LIST_START = re.compile(r"^\s*(?:[-*・]|\d+[.)．])\s+")
INTRODUCES = re.compile(r"[:：]\s*$|次の|以下の|the following", re.IGNORECASE)
QUIZ_LABELS = {"ja": ("クイズ", "正解"), "en": ("Quiz", "Answer")}
# The kinds of a question a member asked, as a passage of the lesson that answers it best, and of
# the others that answer it too.
MEMBER = "member"
MEMBER_ALSO = "member-also"
# ...and of one no lesson answers (the canteen menu, a bonus date), which belongs to no lesson.
MEMBER_NONE = "member-none"
SENTENCE_VERDICT = re.compile(r"^\s*(?:\d+\s*番[^。]*。|Sentence \d+[^.]*\.)\s*")


def lesson_sources(lesson: Lesson) -> tuple[Source, ...]:
    """Return a lesson's sources as the message type answers carry."""
    return tuple(Source(s.title, s.publisher, s.url) for s in lesson.meta.sources)


def split_body(body: str, locale: str) -> list[str]:
    """Split a lesson body into chunks of whole paragraphs (lists stay together)."""
    limit = MAX_CHARS.get(locale, MAX_CHARS["en"])
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", body) if p.strip()]
    chunks: list[str] = []
    current = ""
    for paragraph in paragraphs:
        paragraph = LINK.sub(r"\1", paragraph)
        heading = HEADING.match(paragraph) is not None  # a bold line opens the next chunk
        if current and (heading or len(current) + len(paragraph) > limit):
            chunks.append(current)
            current = ""
        current = f"{current}\n\n{paragraph}" if current else paragraph
    if current:
        chunks.append(current)
    return chunks


def item_text(item: Item, locale: str) -> str:
    """A quiz item as a passage: its question, choices, answer and explanation, so that an
    explanation is never read without what it explains. A spot-the-error item's AI answer holds
    a planted error, so only the explanation is kept, without "Sentence 3 is wrong" and without
    the wrong sentence it quotes: an excerpt must never pass the error on."""
    explanation = item.explanation.get(locale)
    if item.type is ItemType.SPOT_THE_ERROR:
        if item.passage is not None and isinstance(item.answer, int):
            wrong = getattr(item.passage, locale)[item.answer - 1]
            explanation = explanation.replace(wrong, "…")
        return SENTENCE_VERDICT.sub("", explanation, count=1)
    quiz, answer = QUIZ_LABELS.get(locale, QUIZ_LABELS["en"])
    colon = "：" if locale == "ja" else ": "
    keys = item.choice_keys()
    lettered = item.type is ItemType.CHOICE or bool(item.choices)

    def label(key: str) -> str:
        return (
            f"{key}) {item.choice_label(key, locale)}"
            if lettered
            else item.choice_label(key, locale)
        )

    lines = [f"{quiz}{colon}{item.prompt.get(locale)}"]
    lines += [f"- {label(key)}" for key in keys]
    lines.append(f"{answer}{colon}{label(item.answer_key())}")
    lines.append(explanation)
    return "\n".join(lines)


def with_whole_lists(text: str, before: str | None, after: str | None) -> str:
    """Mend a list that chunking separated from its intro: a passage that announces a list
    ("次の4つ：") gets the list from the next chunk, and one that opens with a list gets the
    sentence that announced it."""
    paragraphs = text.split("\n\n")
    if after is not None and INTRODUCES.search(paragraphs[-1]) and LIST_START.match(after):
        lists = takewhile(LIST_START.match, after.split("\n\n"))
        text = "\n\n".join([text, *lists])
    if before is not None and LIST_START.match(paragraphs[0]):
        intro = before.split("\n\n")[-1]
        if INTRODUCES.search(intro) and not LIST_START.match(intro):
            text = f"{intro}\n\n{text}"
    return text


def search_text(passage: Passage) -> str:
    """The words a passage is found by. A quiz is found by its question and explanation: its
    wrong choices would pull in questions about the very mistakes it warns against."""
    if passage.kind != "explanation" or "\n" not in passage.text:
        return passage.text
    quiz, answer = QUIZ_LABELS.get(passage.locale, QUIZ_LABELS["en"])
    lines = passage.text.splitlines()
    if not lines[0].startswith(quiz):
        return passage.text
    lines[0] = lines[0].removeprefix(quiz).lstrip("：: ")
    choices = next((n for n, line in enumerate(lines) if line.startswith("- ")), len(lines))
    after = next((n for n, line in enumerate(lines) if line.startswith(answer)), len(lines))
    return "\n".join([*lines[:choices], *lines[after + 1 :]])


def item_sources(item: Item, sources: tuple[Source, ...]) -> tuple[Source, ...]:
    """The source behind an item's answer when it names one, else all the lesson's sources."""
    if item.source is not None and item.source <= len(sources):
        return (sources[item.source - 1],)
    return sources


def lesson_passages(lesson: Lesson) -> list[Passage]:
    """Return every passage of one lesson, in both languages."""
    meta = lesson.meta
    sources = lesson_sources(lesson)
    passages: list[Passage] = []
    for locale in LOCALES:
        title = meta.title.get(locale)

        def add(
            text: str,
            kind: str,
            cites: tuple[Source, ...] = sources,
            locale: str = locale,
            title: str = title,
        ) -> None:
            passages.append(Passage(meta.id, title, text, 0.0, cites, locale, kind))

        for chunk in split_body(lesson.body.get(locale, ""), locale):
            add(chunk, "body")
        add("\n".join(f"- {objective.get(locale)}" for objective in meta.objectives), "objectives")
        for asked in meta.asked:
            add(asked.get(locale), "asked")
        for item in meta.items:
            add(item_text(item, locale), "explanation", item_sources(item, sources))
    return passages


def member_passages(curriculum: Curriculum) -> list[Passage]:
    """The questions members asked (lessons/questions.yaml) as passages of the lessons that answer
    them: the best lesson's as MEMBER, the others' as MEMBER_ALSO, and one no lesson answers as
    MEMBER_NONE of no lesson (""). Found by, never shown."""
    lessons = {lesson.id: lesson for lesson in curriculum.lessons}
    passages = []
    for question in curriculum.questions:
        if not question.lessons:
            passages.append(Passage("", "", question.q, 0.0, (), question.lang, MEMBER_NONE))
        for rank, lesson_id in enumerate(question.lessons):
            if lesson_id in lessons:
                title = lessons[lesson_id].meta.title.get(question.lang)
                kind = MEMBER if rank == 0 else MEMBER_ALSO
                passages.append(Passage(lesson_id, title, question.q, 0.0, (), question.lang, kind))
    return passages


def curriculum_passages(curriculum: Curriculum) -> list[Passage]:
    """Return the passages of every lesson, then the questions members asked."""
    own = [passage for lesson in curriculum.lessons for passage in lesson_passages(lesson)]
    return own + member_passages(curriculum)
