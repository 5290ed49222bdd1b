"""Questions: free text that is not a command, answered from the lessons (design §7)."""

from __future__ import annotations

import logging
import re
import secrets
from collections import OrderedDict
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, time, timedelta
from typing import TYPE_CHECKING, Required, TypedDict, Unpack
from zoneinfo import ZoneInfo

from bot.content.prompts import Prompt
from bot.core.messages import Reply
from bot.core.ports import (
    Answerer,
    AnswerUnavailable,
    Completion,
    Draft,
    Passage,
    Retriever,
    StreamingAnswerer,
    TokenCounter,
)
from bot.core.qa import answers
from bot.core.qa.answers import Answer
from bot.core.qa.citations import check_links, leaks, repeats
from bot.core.qa.prompt import PromptPlan, build_prompt
from bot.core.qa.streaming import SafeParts
from bot.core.redaction import redact
from bot.core.texts import t

if TYPE_CHECKING:  # the chat turn and the database load only where a coach uses them (below):
    # `manabi ask` answers without either, and SQLAlchemy takes half a second to import.
    from bot.core.context import Deferred, Turn

log = logging.getLogger(__name__)
BudgetCheck = Callable[[int], Awaitable[str | None]]


class AskOptions(TypedDict, total=False):
    """How to answer one question (`prepare` and `answer` take these keywords)."""

    locale: Required[str]
    history: Sequence[tuple[str, str]]
    budget: BudgetCheck | None
    offline: bool
    fixed_locale: bool


FOLLOW_UP_CHARS = 16  # a question this short ("tell me more") is read with the one before it
# Words by which a longer question points back at the one before ("What about that for
# images?", その場合は…, もっと詳しく…, パートで働く人の場合は…).
REFERS_BACK = re.compile(
    r"それ|その|これ|この|あれ|あの|もっと|詳しく|具体的|他に|ほかに|例えば|たとえば|さっき|先ほど"
    r"|\b(?:it|its|that|this|those|these|they|them|more|else|example|above|earlier|previous)\b"
    r"|場合は|場合も|場合でも|でも同じ|も同じ|についても"
    r"|^\s*(?:and|but|also|so|what about|how about)\b",
    re.IGNORECASE,
)
HIRAGANA = re.compile(r"[\u3041-\u309f]")
JAPANESE = re.compile(r"[\u3041-\u30ff\u3400-\u9fff\uf900-\ufaff々]")
LATIN_WORD = re.compile(r"[A-Za-z]{2,}")
# A word that reads as romaji (kakunin, tsukutta, shihainin), and the particles and endings a
# Japanese sentence typed in romaji has and an English one does not ("no" and "to" are English
# words too, so they count only beside another).
ROMAJI_WORD = re.compile(r"(?:(?:([bcdfghjkmnprstwz])\1?[hsy]?|y)?[aiueo]|n(?![aiueoy]))+")
PARTICLES = frozenset(
    [
        "ni",
        "ga",
        "wo",
        "wa",
        "de",
        "mo",
        "ka",
        "ne",
        "yo",
        "kedo",
        "keredo",
        "desu",
        "masu",
        "deshita",
        "mashita",
        "kamo",
        "kana",
        "dakedo",
        "nano",
    ]
)
ROMAJI_SHARE = 0.8  # this share of a question's words read as romaji


@dataclass(frozen=True)
class QaSettings:
    """How questions are answered: model, token budgets and prices (taken from Settings)."""

    model: str = "gpt-4o-mini"
    # What one question may take: its prompt (passages and recent turns) and its answer.
    prompt_tokens: int = 1800
    answer_tokens: int = 450
    history_turns: int = 3
    passages: int = 4
    # What questions may cost: the prices, and the tokens a learner may use in a day and an
    # organisation in a month.
    prices: Mapping[str, tuple[float, float]] = field(default_factory=dict)  # USD per 1M tokens
    learner_daily_tokens: int = 20000
    org_monthly_tokens: int = 5_000_000
    retain_questions: bool = False

    def cost(self, model: str, tokens_in: int, tokens_out: int) -> float:
        """Estimate the cost in USD; `gpt-4o-mini-2024-07-18` is priced as `gpt-4o-mini`."""
        names = [name for name in self.prices if model.startswith(name)]
        if not names:
            return 0.0
        price_in, price_out = self.prices[max(names, key=len)]
        return (tokens_in * price_in + tokens_out * price_out) / 1_000_000


class RecentTurns:
    """The last few questions and answers per learner, in memory only and for a short time."""

    def __init__(self, keep: int, ttl: timedelta = timedelta(minutes=30), size: int = 5000):
        self.keep, self.ttl, self.size = keep, ttl, size
        self._turns: OrderedDict[int, list[tuple[datetime, str, str]]] = OrderedDict()

    def recent(self, learner_id: int, now: datetime) -> list[tuple[str, str]]:
        """Return the learner's recent (question, answer) pairs, oldest first."""
        turns = [x for x in self._turns.get(learner_id, []) if now - x[0] < self.ttl]
        return [(q, a) for _at, q, a in turns[-self.keep :]] if self.keep else []

    def forget(self, learner_id: int) -> None:
        """Drop a learner's recent exchanges (they deleted their data)."""
        self._turns.pop(learner_id, None)

    def add(self, learner_id: int, now: datetime, question: str, answer: str) -> None:
        """Remember one exchange (the question already redacted)."""
        if not self.keep:
            return
        turns = [*self._turns.pop(learner_id, []), (now, question, answer)]
        self._turns[learner_id] = turns[-self.keep :]
        while len(self._turns) > self.size:
            self._turns.popitem(last=False)


def question_language(text: str, fallback: str) -> str:
    """The language a question is written in: Japanese if it has hiragana (a Japanese sentence
    has its particles), English if it has a few words of Latin letters ("What is 36協定?"),
    Japanese if it has other Japanese script, else the member's setting."""
    if HIRAGANA.search(text) or typed_in_romaji(text):
        return "ja"
    if len(LATIN_WORD.findall(text)) >= 2:
        return "en"
    return "ja" if JAPANESE.search(text) else fallback


def typed_in_romaji(text: str) -> bool:
    """Whether a question in Latin letters is Japanese typed in romaji ("hoteru no furonto ni …
    kita kedo"): nearly all its words read as romaji, and it has two or more Japanese particles
    or endings, one of them not an English word as well."""
    words = [w for w in LATIN_WORD.findall(text.casefold()) if w != "ai"]
    if len(words) < 3:
        return False
    romaji = sum(bool(ROMAJI_WORD.fullmatch(w)) for w in words)
    particles = {w for w in words if w in PARTICLES or w in ("no", "to")}
    return (
        romaji >= ROMAJI_SHARE * len(words) and len(particles) >= 2 and bool(particles & PARTICLES)
    )


def match_strength(passages: Sequence[Passage]) -> str:
    """How well the passages match the question: strong, weak or none (told to the model)."""
    if not passages:
        return "none"
    return "weak" if answers.weak_match(passages) else "strong"


@dataclass(frozen=True)
class PendingAnswer:
    """A question ready for the model: what is known so far, the prompt and the passages."""

    base: Answer
    plan: PromptPlan
    passages: list[Passage]

    @property
    def locale(self) -> str:
        """The language to answer in."""
        return self.base.locale


class QuestionAnswering:
    """The Coach's `ask` hook: redact, retrieve, budget, ask the model or answer offline."""

    def __init__(
        self,
        *,
        retriever: Retriever,
        counter: TokenCounter | None = None,
        prompts: Mapping[str, Prompt] | None = None,
        answerer: Answerer | None = None,
        settings: QaSettings | None = None,
        canary: str | None = None,
    ) -> None:
        self.retriever = retriever
        self.counter = counter
        self.prompts = prompts or {}
        self.answerer = answerer if counter is not None and prompts else None
        self.settings = settings or QaSettings()
        self.canary = canary or f"MANABI-CANARY-{secrets.token_hex(8)}"
        self.memory = RecentTurns(self.settings.history_turns)

    async def __call__(self, turn: Turn, text: str) -> list[Reply] | Deferred[Answer]:
        """Answer a learner's question; the model call is deferred until the turn has committed."""
        from bot.core.context import Deferred

        history = self.memory.recent(turn.learner.id, turn.now)

        async def over_budget(estimate: int) -> str | None:
            return await self._over_budget(turn, estimate)

        prepared = await self.prepare(text, locale=turn.locale, history=history, budget=over_budget)
        if isinstance(prepared, Answer):
            return await self._finish(turn, prepared)

        async def work() -> Answer:
            return await self.complete(prepared)

        async def stream(draft: Draft) -> Answer:
            return await self.stream(prepared, draft)

        return Deferred(work=work, finish=self._finish, stream=stream)

    def forget(self, learner_id: int) -> None:
        """Forget what this learner asked recently (called when they delete their data)."""
        self.memory.forget(learner_id)

    async def _finish(self, turn: Turn, result: Answer) -> list[Reply]:
        """Record the question's tokens and cost, remember the exchange, and reply."""
        await self._record(turn, result)
        log.info(  # counts and ids only: never the question or the answer
            "question answered",
            extra={
                "outcome": result.outcome,
                "model": result.model,
                "tokens_in": result.tokens_in,
                "tokens_out": result.tokens_out,
                "lessons": ",".join(result.lessons),
            },
        )
        self.memory.add(turn.learner.id, turn.now, result.question, result.text)
        return [result.reply()]

    async def answer(self, text: str, **options: Unpack[AskOptions]) -> Answer:
        """Answer one question; no database (the CLI calls this directly). With `fixed_locale`
        the answer is in `locale` whatever the question's language."""
        prepared = await self.prepare(text, **options)
        return prepared if isinstance(prepared, Answer) else await self.complete(prepared)

    async def prepare(
        self,
        text: str,
        *,
        locale: str,
        history: Sequence[tuple[str, str]] = (),
        budget: BudgetCheck | None = None,
        offline: bool = False,
        fixed_locale: bool = False,
    ) -> Answer | PendingAnswer:
        """Redact, retrieve, build the prompt and check budgets: an offline Answer, or a
        PendingAnswer that needs the model. The answer is in the question's language."""
        redacted = redact(text)
        locale = locale if fixed_locale else question_language(redacted.text, locale)
        notes = answers.redaction_notes(redacted.removed, locale)
        # Placeholders stay in the search: [my-number] says the question is about personal data.
        passages = self._search(redacted.text, locale, history)
        base = Answer(question=redacted.text, locale=locale, notes=notes, outcome="offline")
        if offline or not passages or self.answerer is None or self.counter is None:
            return self._offline(base, passages)  # nothing to ground a model answer on
        plan = build_prompt(
            self.prompts,
            self.counter,
            question=redacted.text,
            passages=passages,
            history=history,
            locale=locale,
            canary=self.canary,
            budget=self.settings.prompt_tokens,
            match=match_strength(passages),
        )
        base = replace(base, prompt_tokens=plan.tokens)
        note = await budget(plan.tokens + self.settings.answer_tokens) if budget else None
        if note:
            return self._offline(replace(base, outcome="budget"), passages, note)
        return PendingAnswer(base, plan, passages)

    def _offline(self, base: Answer, passages: list[Passage], note: str | None = None) -> Answer:
        """The offline answer, with the key point of each lesson it may show (shown on a weak
        match, and instead of a quiz when the lesson's own words answer better)."""
        key_points: dict[str, Passage] = {}
        for lesson_id in answers.by_lesson(passages):
            point = self.retriever.key_point(lesson_id, locale=base.locale)
            if point is not None:
                key_points[lesson_id] = point
        return answers.offline(base, passages, note, question=base.question, key_points=key_points)

    async def complete(self, pending: PendingAnswer) -> Answer:
        """Ask the model (no database here), then check the answer's links and canary."""
        assert self.answerer is not None
        try:
            completion = await self.answerer.complete(
                pending.plan.messages, max_tokens=self.settings.answer_tokens
            )
        except AnswerUnavailable:
            return self._unavailable(pending)
        return self._checked(pending, completion)

    async def parts(self, pending: PendingAnswer) -> AsyncIterator[str | Answer]:
        """Ask the model for the answer as it writes it: yield parts of the checked text as
        they become safe to show (core/qa/streaming.py), then the final Answer, which is the
        offline answer when the model fails, even after some parts. A model that cannot
        stream gives no parts, only the Answer."""
        answerer = self.answerer
        if not isinstance(answerer, StreamingAnswerer):
            yield await self.complete(pending)
            return
        plan, locale = pending.plan, pending.locale
        allowed = [s.url for lesson in plan.lessons for s in lesson.sources]
        gate = SafeParts(allowed, t("qa_unverified_link", locale), len(plan.lessons))
        leaked = False
        completion: Completion | None = None
        try:
            async for piece in answerer.stream(
                plan.messages, max_tokens=self.settings.answer_tokens
            ):
                if isinstance(piece, Completion):
                    completion = piece
                    continue
                part = gate.feed(piece)
                # A prompt leak stops the parts at once; the final check replaces it all.
                leaked = leaked or self._leaks(gate.raw, plan)
                if part and not leaked:
                    yield part
        except AnswerUnavailable:
            yield self._unavailable(pending)
            return
        if completion is None:
            yield self._unavailable(pending)
            return
        rest = gate.finish()
        if rest and not leaked:
            yield rest
        yield self._checked(pending, completion)

    async def stream(self, pending: PendingAnswer, draft: Draft) -> Answer:
        """Like `complete`, but show the checked parts on `draft` as the model writes them."""
        final: Answer | None = None
        # Begun before the model is asked, so a channel can say "Thinking…" while it thinks.
        await draft.begin(t("qa_model_title", pending.locale))
        async for part in self.parts(pending):
            if isinstance(part, Answer):
                final = part
                continue
            await draft.write(part)
        assert final is not None
        return final

    def _unavailable(self, pending: PendingAnswer) -> Answer:
        """The offline answer when the model could not answer."""
        base = replace(pending.base, outcome="error")
        return self._offline(base, pending.passages, "qa_note_unavailable")

    def _leaks(self, text: str, plan: PromptPlan) -> bool:
        return leaks(text, self.canary) or repeats(text, plan.messages[0])

    def _checked(self, pending: PendingAnswer, completion: Completion) -> Answer:
        """The model's answer with its links and lesson markers checked, or the offline answer
        when it leaked the system prompt."""
        base, plan, passages, locale = pending.base, pending.plan, pending.passages, pending.locale
        assert self.counter is not None
        used = replace(
            base,
            model=completion.model,
            tokens_in=completion.tokens_in or plan.tokens,
            tokens_out=completion.tokens_out or self.counter.count(completion.text),
        )
        if self._leaks(completion.text, plan):
            log.warning(
                "answer leaked the system prompt; replaced", extra={"model": completion.model}
            )
            return self._offline(replace(used, outcome="blocked"), passages, "qa_note_blocked")
        allowed = [s.url for lesson in plan.lessons for s in lesson.sources]
        checked = check_links(completion.text, allowed, t("qa_unverified_link", locale))
        result = answers.from_model(replace(used, outcome="model"), checked, plan.lessons)
        if not result.lessons:
            log.warning("model answer cites no lesson", extra={"model": completion.model})
        return result

    def _search(self, query: str, locale: str, history: Sequence[tuple[str, str]]) -> list[Passage]:
        """Find passages; a follow-up ("tell me more") is searched with the question before it."""
        limit = self.settings.passages
        passages = self.retriever.search(query, locale=locale, limit=limit)
        weak = not passages or answers.weak_match(passages)
        short = len(query.strip()) <= FOLLOW_UP_CHARS
        # A question the lessons hardly match is read with the one before it only when it points
        # back at it: a new question on another subject is not pulled to the last one's lessons.
        if history and (short or (weak and REFERS_BACK.search(query))):
            previous = history[-1][0]
            passages = self.retriever.search(f"{query} {previous}", locale=locale, limit=limit)
        return passages

    async def _over_budget(self, turn: Turn, estimate: int) -> str | None:
        """Return the note to show when this question would pass a token budget, else None."""
        from bot.storage import usage
        from bot.storage.models import Organisation

        learner, settings = turn.learner, self.settings
        midnight = datetime.combine(turn.today, time(0), ZoneInfo(learner.timezone))
        spent = await usage.learner_tokens_since(
            turn.session, learner_id=learner.id, since=midnight
        )
        if spent + estimate > settings.learner_daily_tokens:
            return "qa_note_budget_learner"
        if learner.organisation_id is None:
            return None
        org = await turn.session.get(Organisation, learner.organisation_id)
        limit = org.monthly_token_budget if org and org.monthly_token_budget else None
        spent = await usage.organisation_tokens_since(
            turn.session, organisation_id=learner.organisation_id, since=turn.today.replace(day=1)
        )
        if spent + estimate > (limit or settings.org_monthly_tokens):
            return "qa_note_budget_org"
        return None

    async def _record(self, turn: Turn, result: Answer) -> None:
        """Record the question (text only when retention is on) and the organisation's usage."""
        from bot.storage import usage

        learner = turn.learner
        # the tokens recorded are the ones priced
        model, tokens_in, tokens_out = result.model, result.tokens_in, result.tokens_out
        await usage.record_question(
            turn.session,
            learner_id=learner.id,
            organisation_id=learner.organisation_id,
            asked_at=turn.now,
            day=turn.today,
            outcome=result.outcome,
            model=model,
            tokens_in=tokens_in,
            tokens_out=tokens_out,
            cost_usd=self.settings.cost(model or "", tokens_in, tokens_out),
            cited_lessons=",".join(result.lessons),
            text=result.question if self.settings.retain_questions else None,
        )
