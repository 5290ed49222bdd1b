"""What a member sees for a question: a model answer with citations, or the offline answer."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

from bot.core.messages import Cited, Reply, Source
from bot.core.ports import Passage
from bot.core.qa.citations import Checked, keep_known_markers
from bot.core.qa.excerpts import (
    ASKS_CHECK,
    ASKS_TRUST,
    ASKS_WHO,
    NAMES_PERSONAL,
    NAMES_SECRETS,
    PREDICTS,
    asks_company_data,
    asks_how_ai_writes,
    asks_peoples_records,
    asks_to_use_ai,
    asks_why_ai_errs,
    excerpt,
    gives_asked,
    relevance,
    says_why,
    teaching,
    terms,
)
from bot.core.qa.prompt import CitedLesson
from bot.core.redaction import speaks_of_giving
from bot.core.texts import t

OFFLINE_LESSONS = 3
WEAK_LESSONS = 2  # on a weak match, the key points of this many lessons
WEAK_MATCH = 0.15  # below this, no lesson really answers the question (see docs/benchmarks.md)
CLOSE_MATCH = 0.6  # show a further lesson only if it matches at least this share as well
TIED = 4  # this many lessons sharing the best score: the question said too little to rank them
FULL_LESSONS = 2  # lessons shown with their passage; the others with their key point only
# A lesson that gives the kind of answer asked for (the reason, the steps, the rule) leads instead
# of the one found first, which does not, if it answers at least this share as well.
LEAD_SHARE = 0.5
# What a reply may take before its source list, to be read in a chat (roughly 120 English words);
# a further lesson is left out when it would take the reply past this multiple of it.
ANSWER_CHARS = {"ja": 600, "en": 750}
OVER_BUDGET = 1.15
# A quiz is shown instead of its lesson's own text only when what it teaches matches the
# question this much better: the lesson's words answer more directly than a quiz scenario.
QUIZ_OVER_OWN = 1.5
# The lesson's key point, in place of the passage found, only when it answers this much better:
# the passage says more (the steps, the list), the key point only sums it up.
POINT_OVER_OWN = 1.5
# A member's own case: these words say so on their own…
OWN_CASE = (
    *("査定", "連勤", "残業代", "解雇", "クビ", "雇い止め", "雇止め", "未払い", "給料", "減給"),
    *("降格", "退職勧奨", "パワハラ", "セクハラ", "my pay", "my salary", "my wage", "unpaid"),
    *("overtime pay", "fired", "dismiss", "laid off", "my contract", "my appraisal"),
    *("ハラスメント", "モラハラ", "harass"),
)
# …these only with "I" or "my": 評価 alone is as likely to be about an AI's evaluation.
CASE_WORDS = (
    *("評価", "契約", "給与", "残業", "シフト", "異動", "賃金", "有給"),
    *("evaluation", "review", "contract", "salary", "wage", "shift", "overtime"),
)
# "my boss" says it is the member's own workplace: with a case word, it is their case.
FIRST_PERSON = (
    *("私", "わたし", "僕", "ぼく", "俺", "自分", "うち", "上司", "店長"),
    *(" my ", " i ", " i'm ", " me ", "my boss", "my manager", "my supervisor"),
)


# On a weak match, the nearest lesson's key point is the answer when it shares this share of the
# question's words (or, in Japanese, pairs of characters and of readings).
TOPIC_SHARED = 0.12
NEAR_MATCH = 0.12  # …and only when the lesson was found nearly as well as a real match
TOPIC_TERMS = 3  # …and at least this many of them: one shared reading is chance
# Questions about AI and jobs, consultation or monitoring: not about checking an answer, even
# with "who" or "really" in them, so the checking routine does not answer them.
OFF_CHECKING = re.compile(
    r"仕事を奪|仕事がなくな|職を失|雇用|リストラ|置き換え|取って代わ|代わりにな|協議|団体交渉|監視|"
    r"見られ|モニタリング|\breplace|\btake (?:over )?(?:our|my|your) jobs?\b|\bjobs?\b|"
    r"\blay ?offs?\b|\bconsult|\bbargain|\bmonitor|\bsurveil|\bwatch(?:ing|ed)? (?:us|me)\b",
    re.IGNORECASE,
)
# A lesson's learning objective, and a passage that is only a heading.
OBJECTIVE = re.compile(
    r"(?:でき|られ|なれ)る。?$|^(?:you )?(?:can|will be able to|be able to)\b", re.IGNORECASE
)
HEADING = re.compile(r"#{1,6} [^\n]+|\*\*[^*\n]+\*\*[:：]?")
# A lesson whose key point is about what may be pasted into an AI answers a question that speaks
# of giving a text to one (pasting, typing, uploading, sharing). A question that merely holds a
# name or a number, about something else (a summary that misquotes, a rating), is not asking it.
ABOUT_PASTING = re.compile(r"貼|\bpaste", re.IGNORECASE)
# On a weak match, the lesson found first is still the answer when it was found nearly as well
# as a real match (NEAR_MATCH) and this many times as well as the next: a long question whose
# setting (a job, a workplace) thins its match with every lesson, but points to one.
CLEAR_LEAD = 1.3


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


def weak_match(passages: Sequence[Passage]) -> bool:
    """Whether no lesson really answers the question: the best score is low, or so many lessons
    share it that the question said too little to choose ("can I trust this?")."""
    if not passages:
        return False
    best = passages[0].score
    tied = {p.lesson_id for p in passages if p.score >= best}
    return best < WEAK_MATCH or len(tied) >= TIED


def by_lesson(passages: Sequence[Passage]) -> dict[str, list[Passage]]:
    """The passages grouped by lesson, lessons in the order they were found."""
    grouped: dict[str, list[Passage]] = {}
    for passage in passages:
        grouped.setdefault(passage.lesson_id, []).append(passage)
    return grouped


def lesson_text(found: Sequence[Passage], point: Passage | None, question: str) -> list[Passage]:
    """What to show of one lesson: the passage (or the key point) whose best sentence answers
    the question best. A quiz only when what it teaches answers clearly better than the
    lesson's own text, and then after the lesson's key point, which says the lesson's answer
    in its own words while the quiz works through one case."""
    if point is not None and is_objectives(point):
        point = None  # what the member will be able to do is not what the lesson says
    own = [p for p in found if p.kind != "explanation" and says_something(p)]
    own += [point] if point else []
    quizzes = [p for p in found if p.kind == "explanation"]
    if not own:
        return quizzes[:1] or [found[0]]
    score = {id(p): relevance(p.text, question) for p in own}
    best_own = max(own, key=lambda p: score[id(p)])  # the first of equals: the lesson's order
    passages = [p for p in own if p is not point]
    if best_own is point and passages:  # the key point only when it answers clearly better
        best_passage = max(passages, key=lambda p: score[id(p)])
        if score[id(point)] <= POINT_OVER_OWN * score[id(best_passage)]:
            best_own = best_passage
    if quizzes:
        quiz = quizzes[0]
        # clearly better; or better, and the kind of answer asked for where the lesson's is not
        over = QUIZ_OVER_OWN
        if gives_asked(teaching(quiz.text), question) and not gives_asked(best_own.text, question):
            over = 1.0
        if relevance(teaching(quiz.text), question) > over * score[id(best_own)]:
            return [point, quiz] if point else [quiz]
    return [best_own]


def is_objectives(passage: Passage) -> bool:
    """Whether a passage is a lesson's learning objectives ("…を説明できる", "You can explain…"):
    what the member will be able to do, not the lesson's answer."""
    if passage.kind == "objectives":
        return True
    lines = [line.strip(" -*・") for line in passage.text.strip().splitlines() if line.strip()]
    return bool(lines) and all(OBJECTIVE.search(line) for line in lines)


def says_something(passage: Passage) -> bool:
    """Whether a passage has content to show: not a lesson's objectives, nor only a heading
    ("**確かめる手順**") whose text is in another passage."""
    return not is_objectives(passage) and not HEADING.fullmatch(passage.text.strip())


def show(passage: Passage, locale: str, question: str) -> str:
    """One passage as the member reads it: a key point with its label, a quiz from its start,
    anything else cut around the sentence that best answers `question`."""
    if passage.kind == "key_point":  # one paragraph, or a lesson's objectives as a list
        point = excerpt(passage.text, locale)
        return t("qa_key_point", locale, point=f"\n{point}" if "\n" in point else point)
    return excerpt(passage.text, locale, question, quiz=passage.kind == "explanation")


def offline(
    base: Answer,
    passages: Sequence[Passage],
    note: str | None = None,
    *,
    question: str = "",
    key_points: Mapping[str, Passage] | None = None,
) -> Answer:
    """The best lesson passages with their lessons and sources, labelled as not an AI answer.

    Of each lesson, the passage (or key point, from `key_points` by lesson id) that best answers
    `question`, cut around its best sentence. On a weak match: what Manabi can help with, the
    key points of the nearest lessons and how to ask again."""
    locale = base.locale
    notes = (*base.notes, t(note, locale)) if note else base.notes
    points = key_points or {}
    grouped = by_lesson(passages)
    best = max((found[0].score for found in grouped.values()), default=0.0)
    close = [found for found in grouped.values() if found[0].score >= best * CLOSE_MATCH]
    shown = close[:OFFLINE_LESSONS]
    officer = f"\n\n{t('qa_ask_officer_hint', locale)}" if about_own_case(question) else ""
    if not shown:
        return replace(base, text=t("qa_no_match", locale) + officer, notes=notes)
    # probably off-topic or too vague (no lesson clearly ahead): the nearest lessons' key points
    if weak_match(passages) and not clear_lead(passages):
        # lessons with a key point first, those whose key point shares most with the question
        near = sorted(
            (found[0] for found in shown),
            key=lambda p: (
                -relevance(points[p.lesson_id].text, question) if p.lesson_id in points else 1.0
            ),
        )[:WEAK_LESSONS]
        why = asks_why_ai_errs(question)
        may = asks_to_use_ai(question)
        if why or too_vague(passages, question):
            return core_answer(base, near, notes, officer, why=why, may=may)
        usable = {
            p.lesson_id: points[p.lesson_id]
            for p in near
            if p.lesson_id in points and not is_objectives(points[p.lesson_id])
        }
        if near and answers_topic(near[0], usable.get(near[0].lesson_id), passages, question):
            # the nearest lesson's key point is on the question's topic: it is the answer
            parts = [t("qa_offline_intro", locale)]
            for p in near:
                if p.lesson_id in usable:
                    parts.append(key_point(p.lesson_title, usable[p.lesson_id], locale, question))
            return citing(base, "\n\n".join(parts) + officer, near, notes)
        if may:  # whether they may use AI for something no lesson is about: the ground rules
            return core_answer(base, near, notes, officer, may=True)
        lines = [t("qa_weak_match", locale)]
        for p in near:
            point = usable.get(p.lesson_id)
            lines.append(f"- **{quoted(p.lesson_title, locale)}**")
            if point is not None:
                lines.append(f"  {excerpt(point.text, locale).replace(chr(10), ' ')}")
        lines.append(f"\n{t('qa_rephrase', locale)}")
        return replace(
            base,
            text="\n".join(lines) + officer,
            lessons=tuple(p.lesson_id for p in near),
            notes=notes,
        )
    texts_of = [lesson_text(f, points.get(f[0].lesson_id), question) for f in close]
    kept = answering(texts_of, question)[:OFFLINE_LESSONS]
    chosen = [texts_of[n] for n in kept]
    # How well each lesson answers: what is shown of it, weighed by how well the lesson matched.
    weight = [answers_best(texts_of[n], question) * close[n][0].score for n in kept]
    # The lesson found first leads, shown whole, unless another answers better and with the
    # kind of answer asked for (the reason, the steps, the rule) where the first does not; the
    # next best is shown whole too while the reply stays short enough to read in a chat; the
    # others by their key point in one line, for the member to follow up.
    asked = [gives_what_is_asked(texts, question) for texts in chosen]
    better = [n for n, _ in enumerate(chosen) if asked[n] and weight[n] > LEAD_SHARE * weight[0]]
    lead = max(better, key=lambda n: weight[n]) if better and not asked[0] else 0
    aside = {n for n, texts in enumerate(chosen) if off_pasting(points, texts, question)}
    if lead in aside and len(aside) < len(chosen):  # not asked what may be pasted: the others lead
        lead = min((n for n in range(len(chosen)) if n not in aside), key=lambda n: -weight[n])
    rest = sorted(
        (n for n in range(len(chosen)) if n != lead), key=lambda n: (n in aside, -weight[n], n)
    )
    full = [lead, *rest][:FULL_LESSONS]
    parts = [t("qa_offline_intro", locale)]
    wholes = {n: whole(chosen[n], locale, question) for n in full}
    if asks_why_ai_errs(question) and not says_why(wholes[lead], question):
        # asked why an AI gets things wrong, and the lesson shown does not say: how AI writes
        parts.insert(0, t("qa_core_why", locale))
    elif asks_how_ai_writes(question) and not PREDICTS.search(wholes[lead]):
        parts.insert(0, t("qa_core_how", locale))  # asked how it writes, and not told here
    if asks_company_data(question) and not any(NAMES_SECRETS.search(w) for w in wholes.values()):
        # asked about company data, and what is shown is about personal data: the rule for it
        parts.insert(0, t("qa_company_data", locale))
    elif asks_peoples_records(question) and not any(
        NAMES_PERSONAL.search(w) for w in wholes.values()
    ):
        # asked whether records about people may go in, and what is shown does not say
        parts.insert(0, t("qa_peoples_records", locale))
    budget = ANSWER_CHARS.get(locale, ANSWER_CHARS["en"]) - sum(len(p) for p in parts)
    budget -= sum(len(wholes[n]) for n in full[:1])  # the best answer is shown whatever its size
    for n in full[1:]:
        if len(wholes[n]) > budget:
            del wholes[n]
        else:
            budget -= len(wholes[n])
    shown_texts: list[list[Passage]] = []
    # The lessons shown whole come first, the lead first: the reply opens with what answers;
    # then the others, those that answer best first.
    order = sorted(
        range(len(chosen)), key=lambda n: (n != lead, n not in wholes, n in aside, -weight[n], n)
    )
    for n in order:
        texts = chosen[n]
        point = points.get(texts[0].lesson_id)
        if n in wholes or point is None:
            part = wholes.get(n) or whole(texts, locale, question)
        else:
            part = key_point(texts[0].lesson_title, point, locale, question)
            if len(part) > budget * OVER_BUDGET and len(shown_texts) > 1 and (n or n in aside):
                # one line of one further lesson is kept, for the member to follow up; the
                # lesson found first always keeps its line
                continue
            budget -= len(part)
        parts.append(part)
        shown_texts.append(texts)
    return citing(base, "\n\n".join(parts) + officer, [texts[-1] for texts in shown_texts], notes)


def clear_lead(passages: Sequence[Passage]) -> bool:
    """Whether, on a weak match, the lesson found first stands clearly ahead of the others
    (CLEAR_LEAD) and was found nearly as well as a real match (NEAR_MATCH)."""
    grouped = by_lesson(passages)
    scores = [found[0].score for found in grouped.values()]
    if not scores or scores[0] < NEAR_MATCH:
        return False
    return len(scores) == 1 or scores[0] >= CLEAR_LEAD * max(scores[1:])


def off_pasting(points: Mapping[str, Passage], texts: Sequence[Passage], question: str) -> bool:
    """Whether a lesson is about what may be pasted into an AI, and the question does not speak
    of giving a text to one."""
    point = points.get(texts[0].lesson_id)
    return (
        point is not None
        and bool(ABOUT_PASTING.search(point.text))
        and not speaks_of_giving(question)
    )


def citing(base: Answer, text: str, shown: Sequence[Passage], notes: tuple[str, ...]) -> Answer:
    """An offline answer that cites the lessons of `shown` (a passage of each), in order."""
    return replace(
        base,
        text=text,
        title=t("qa_offline_title", base.locale),
        lessons=tuple(p.lesson_id for p in shown),
        sources=unique_sources(p.sources for p in shown),
        notes=notes,
    )


def answering(chosen: Sequence[Sequence[Passage]], question: str) -> list[int]:
    """The lessons to show, in the order found: a further lesson whose text shares nothing with
    the question (not a word, nor the kind of sentence it asks for) is left out when another
    does, so that a lesson found after it can take its place. The lesson found first stays: it
    may have been found by words the member did not use (a synonym, a reading)."""
    sharing = [n for n, texts in enumerate(chosen) if answers_best(texts, question) > 0]
    return sorted({0, *sharing}) if sharing else list(range(len(chosen)))


def whole(texts: Sequence[Passage], locale: str, question: str) -> str:
    """One lesson shown whole: its title and what is shown of it."""
    title = f"**{quoted(texts[0].lesson_title, locale)}**"
    return title + "\n" + "\n".join(show(p, locale, question) for p in texts)


def key_point(title: str, point: Passage, locale: str, question: str) -> str:
    """One lesson by its title and key point, for the member to follow up."""
    return f"**{quoted(title, locale)}**\n{show(point, locale, question)}"


def quoted(title: str, locale: str) -> str:
    """A lesson's title in the quotation marks of the member's language."""
    return f"「{title}」" if locale == "ja" else f'"{title}"'


def gives_what_is_asked(texts: Sequence[Passage], question: str) -> bool:
    """Whether what is shown of one lesson gives the kind of answer the question asks for."""
    return any(
        gives_asked(teaching(p.text) if p.kind == "explanation" else p.text, question)
        for p in texts
    )


def answers_best(texts: Sequence[Passage], question: str) -> float:
    """How well what is shown of one lesson answers `question`: its best sentence (of a quiz,
    what it teaches, not its scenario)."""
    return max(
        relevance(teaching(p.text) if p.kind == "explanation" else p.text, question) for p in texts
    )


def answers_topic(
    nearest: Passage, point: Passage | None, passages: Sequence[Passage], question: str
) -> bool:
    """Whether, on a weak match, the nearest lesson's key point answers the question after all:
    its lesson is the one found first, nearly as well as a real match (NEAR_MATCH), and the key
    point shares the question's topic (at least TOPIC_SHARED of the question's words or
    readings, and TOPIC_TERMS of them)."""
    if point is None or nearest.lesson_id != passages[0].lesson_id:
        return False
    if passages[0].score < NEAR_MATCH:
        return False  # far from any lesson: shared words are chance ("lunch near the office")
    wanted = terms(question)
    shared = len(wanted & terms(point.text))
    return shared >= TOPIC_TERMS and shared >= TOPIC_SHARED * len(wanted)


def too_vague(passages: Sequence[Passage], question: str) -> bool:
    """Whether a weak match is a question on the course's topic that says too little to choose a
    lesson ("can I trust this?", "is this real", "who decides?", "what should I check before I
    hand it out?"), rather than one off the topic: many lessons share the best score, or it asks
    whether to trust, who decides or how to check."""
    best = passages[0].score
    tied = {p.lesson_id for p in passages if p.score >= best}
    cues = (ASKS_TRUST, ASKS_WHO, ASKS_CHECK)
    if OFF_CHECKING.search(question):
        return False  # about jobs, consultation or monitoring: not a checking question
    return len(tied) >= TIED or any(cue.search(question) for cue in cues)


def core_answer(
    base: Answer,
    near: Sequence[Passage],
    notes: tuple[str, ...],
    officer: str,
    *,
    why: bool = False,
    may: bool = False,
) -> Answer:
    """The course's core routine as a short, honest general answer, for a question too vague to
    choose a lesson: how to check an answer (or an image or a voice) and who decides; then the
    nearest lessons by name, cited, and how to ask for a closer answer or a checklist. Asked
    why an AI gets things wrong (`why`), it first says how generative AI writes; asked whether
    they may use AI for something (`may`), the ground rules for using it at work."""
    locale = base.locale
    titles = ("、" if locale == "ja" else ", ").join(quoted(p.lesson_title, locale) for p in near)
    text = t("qa_core_answer", locale)
    if why:
        text = f"{t('qa_core_why', locale)}\n\n{text}"
    elif may:
        text = f"{t('qa_core_may', locale)}\n\n{text}"
    if near:
        text += "\n\n" + t("qa_core_lessons", locale, titles=titles)
    if not why:  # a why-question has had its answer; the routine and the lessons follow it
        text += f"\n\n{t('qa_rephrase', locale)}"
    return citing(base, text + officer, near, notes)


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
