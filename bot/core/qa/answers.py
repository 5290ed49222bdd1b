"""What a member sees for a question: a model answer with citations, or the offline answer."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

from bot.core.messages import Cited, Reply, Source
from bot.core.ports import Passage
from bot.core.qa.citations import Checked, keep_known_markers
from bot.core.qa.excerpts import excerpt
from bot.core.qa.prompt import CitedLesson
from bot.core.texts import t

OFFLINE_LESSONS = 3
WEAK_MATCH = 0.15  # below this, no lesson really answers the question (see docs/benchmarks.md)
CLOSE_MATCH = 0.6  # show a further lesson only if it matches at least this share as well
# A member's own case: these words say so on their own…
OWN_CASE = (
    *("査定", "連勤", "残業代", "解雇", "クビ", "雇い止め", "雇止め", "未払い", "給料", "減給"),
    *("降格", "退職勧奨", "パワハラ", "セクハラ", "my pay", "my salary", "my wage", "unpaid"),
    *("overtime pay", "fired", "dismiss", "laid off", "my contract", "my appraisal"),
)
# …these only with "I" or "my": 評価 alone is as likely to be about an AI's evaluation.
CASE_WORDS = ("評価", "契約", "給与", "残業", "シフト", "異動", "evaluation", "review", "contract")
FIRST_PERSON = ("私", "わたし", "僕", "ぼく", "俺", "自分", "うち", " my ", " i ", " i'm ", " me ")


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
    cited: tuple[Cited, ...] = ()
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
            cited=self.cited,
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


def about_own_case(question: str) -> bool:
    """Whether the member asks about their own case (pay, evaluation, hours, contract,
    dismissal): something only their union can look into."""
    text = f" {unicodedata.normalize('NFKC', question).casefold()} "
    if any(word in text for word in OWN_CASE):
        return True
    return any(word in text for word in CASE_WORDS) and any(w in text for w in FIRST_PERSON)


def offline(
    base: Answer,
    passages: Sequence[Passage],
    note: str | None = None,
    *,
    question: str = "",
    key_points: Mapping[str, Passage] | None = None,
) -> Answer:
    """The best lesson passages with their lessons and sources, labelled as not an AI answer.

    Each passage is cut around the sentence that best matches `question`. On a weak match the
    lessons' key points (`key_points`, by lesson id) are shown instead of the passages."""
    locale = base.locale
    notes = (*base.notes, t(note, locale)) if note else base.notes
    first: dict[str, Passage] = {}
    for passage in passages:
        first.setdefault(passage.lesson_id, passage)
    best = max((p.score for p in first.values()), default=0.0)
    shown = [p for p in first.values() if p.score >= best * CLOSE_MATCH][:OFFLINE_LESSONS]
    officer = f"\n\n{t('qa_ask_officer_hint', locale)}" if about_own_case(question) else ""
    if not shown:
        return replace(base, text=t("qa_no_match", locale) + officer, notes=notes)
    quote = "「{}」" if locale == "ja" else '"{}"'
    if best < WEAK_MATCH:  # probably off-topic: the nearest lessons and what each is about
        points = key_points or {}
        lines = [t("qa_weak_match", locale)]
        for p in shown:
            point = points.get(p.lesson_id)
            lines.append(f"- **{quote.format(p.lesson_title)}**")
            if point is not None:
                lines.append(f"  {excerpt(point.text, locale).replace(chr(10), ' ')}")
        return replace(
            base,
            text="\n".join(lines) + officer,
            lessons=tuple(p.lesson_id for p in shown),
            notes=notes,
        )
    parts = [t("qa_offline_intro", locale)]
    parts += [
        f"**{quote.format(p.lesson_title)}**\n"
        f"{excerpt(p.text, locale, question, quiz=p.kind == 'explanation')}"
        for p in shown
    ]
    return replace(
        base,
        text="\n\n".join(parts) + officer,
        title=t("qa_offline_title", locale),
        lessons=tuple(p.lesson_id for p in shown),
        sources=unique_sources(p.sources for p in shown),
        notes=notes,
    )


def from_model(base: Answer, checked: Checked, lessons: Sequence[CitedLesson]) -> Answer:
    """The model's checked answer, followed by the numbered lessons it cites. An answer that
    cites none of them is credited to no lesson, and the member is told so."""
    locale = base.locale
    checked = keep_known_markers(checked, len(lessons))
    cited = [lesson for lesson in lessons if lesson.number in checked.markers]
    lines = [t("qa_lesson_line", locale, n=c.number, title=c.title) for c in cited]
    text = checked.text
    if lines:
        text = f"{text}\n\n{t('qa_lessons_label', locale)}\n" + "\n".join(lines)
    notes = (*base.notes, t("qa_note_links", locale)) if checked.removed_urls else base.notes
    if not cited:
        notes = (*notes, t("qa_uncited", locale))
    return replace(
        base,
        text=text,
        title=t("qa_model_title", locale),
        lessons=tuple(c.lesson_id for c in cited),
        sources=unique_sources(c.sources for c in cited),
        cited=tuple(
            Cited(c.number, c.title, c.sources[0].url if c.sources else None) for c in cited
        ),
        notes=notes,
    )
