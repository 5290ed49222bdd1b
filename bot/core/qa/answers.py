"""What a member sees for a question: a model answer with citations, or the offline answer."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from bot.core.messages import Reply, Source
from bot.core.ports import Passage
from bot.core.qa.citations import Checked
from bot.core.qa.prompt import CitedLesson
from bot.core.texts import t

OFFLINE_LESSONS = 3
WEAK_MATCH = 0.12  # below this, no lesson really answers the question (see docs/benchmarks.md)
CLOSE_MATCH = 0.6  # show a further lesson only if it matches at least this share as well
EXCERPT_CHARS = {"ja": 240, "en": 480}


@dataclass(frozen=True)
class Answer:
    """An answer to one question, with what it cites and what it cost."""

    question: str  # redacted
    locale: str
    outcome: str  # model / offline / budget / error / blocked
    text: str = ""
    title: str | None = None
    lessons: tuple[str, ...] = ()
    sources: tuple[Source, ...] = ()
    notes: tuple[str, ...] = ()
    prompt_tokens: int = 0
    tokens_in: int = 0
    tokens_out: int = 0
    model: str | None = None

    def reply(self) -> Reply:
        """Return the answer as a channel-neutral reply."""
        return Reply(
            text=self.text,
            sources=self.sources,
            kind="answer",
            title=self.title,
            notes=self.notes,
            locale=self.locale,
        )


def redaction_notes(removed: Sequence[str], locale: str) -> tuple[str, ...]:
    """Tell the member which kinds of personal data were removed, if any."""
    if not removed:
        return ()
    kinds = ("、" if locale == "ja" else ", ").join(t(f"qa_kind_{k}", locale) for k in removed)
    return (t("qa_note_redacted", locale, kinds=kinds),)


def unique_sources(groups: Iterable[Sequence[Source]]) -> tuple[Source, ...]:
    """Return the sources of several lessons once each, in order."""
    seen: dict[str, Source] = {}
    for sources in groups:
        for source in sources:
            seen.setdefault(source.url, source)
    return tuple(seen.values())


def excerpt(text: str, locale: str) -> str:
    """Shorten a passage to a readable excerpt, at a sentence end when possible."""
    limit = EXCERPT_CHARS.get(locale, EXCERPT_CHARS["en"])
    if len(text) <= limit:
        return text
    cut = text[:limit]
    for marks in (("。", ". "), ("\n",)):  # a sentence end if there is one, else a line end
        end = max(cut.rfind(mark) for mark in marks)
        if end > limit // 2:
            return cut[: end + 1].rstrip() + "…"
    return cut.rstrip() + "…"


def offline(base: Answer, passages: Sequence[Passage], note: str | None = None) -> Answer:
    """The best lesson passages with their lessons and sources, labelled as not an AI answer."""
    locale = base.locale
    notes = (*base.notes, t(note, locale)) if note else base.notes
    first: dict[str, Passage] = {}
    for passage in passages:
        first.setdefault(passage.lesson_id, passage)
    best = max((p.score for p in first.values()), default=0.0)
    shown = [p for p in first.values() if p.score >= best * CLOSE_MATCH][:OFFLINE_LESSONS]
    if not shown:
        return replace(base, text=t("qa_no_match", locale), notes=notes)
    quote = "「{}」" if locale == "ja" else '"{}"'
    if best < WEAK_MATCH:  # probably off-topic: name the nearest lessons, quote nothing
        titles = "\n".join(f"- {quote.format(p.lesson_title)}" for p in shown)
        return replace(
            base,
            text=f"{t('qa_weak_match', locale)}\n{titles}",
            lessons=tuple(p.lesson_id for p in shown),
            notes=notes,
        )
    parts = [t("qa_offline_intro", locale)]
    parts += [f"**{quote.format(p.lesson_title)}**\n{excerpt(p.text, locale)}" for p in shown]
    return replace(
        base,
        text="\n\n".join(parts),
        title=t("qa_offline_title", locale),
        lessons=tuple(p.lesson_id for p in shown),
        sources=unique_sources(p.sources for p in shown),
        notes=notes,
    )


def from_model(base: Answer, checked: Checked, lessons: Sequence[CitedLesson]) -> Answer:
    """The model's checked answer, followed by the numbered lessons it cites."""
    locale = base.locale
    cited = [lesson for lesson in lessons if lesson.number in checked.markers] or list(lessons)
    lines = [t("qa_lesson_line", locale, n=c.number, title=c.title) for c in cited]
    text = checked.text
    if lines:
        text = f"{text}\n\n{t('qa_lessons_label', locale)}\n" + "\n".join(lines)
    notes = (*base.notes, t("qa_note_links", locale)) if checked.removed_urls else base.notes
    return replace(
        base,
        text=text,
        title=t("qa_model_title", locale),
        lessons=tuple(c.lesson_id for c in cited),
        sources=unique_sources(c.sources for c in cited),
        notes=notes,
    )
