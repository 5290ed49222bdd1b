"""Ask an officer: a member forwards a question to their cohort's officers; a reply comes back."""

from __future__ import annotations

import logging
import re
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.core.context import Turn
from bot.core.dialog import Awaiting
from bot.core.messages import Reply
from bot.core.officers.floor import Floor
from bot.core.officers.roles import (
    NotAllowed,
    Refused,
    Scope,
    require_cohort,
    require_officer,
    scope_of,
)
from bot.core.redaction import redact
from bot.core.texts import t
from bot.storage import officer_questions as store
from bot.storage import outbox, reports, roster
from bot.storage.db import transaction
from bot.storage.models import Cohort, Learner, OfficerQuestion

log = logging.getLogger(__name__)

MAX_CHARS = 1500
# Plain kinds the dispatcher renders from the payload (see core.daily.PLAIN_KINDS).
TO_OFFICER, TO_MEMBER = "officer_question", "officer_reply"


def start(turn: Turn) -> list[Reply]:
    """The member wants to ask an officer: the next text they send is the question."""
    turn.set_awaiting(Awaiting("officer"))
    return [Reply(text=turn.t("ask_officer_prompt"), kind="notice")]


async def forward(turn: Turn, text: str) -> list[Reply]:
    """Send the member's question (personal data removed) to their cohort's officers."""
    cohorts = await roster.cohorts_of_learner(turn.session, learner_id=turn.learner.id)
    floor = Floor(turn.config.min_group_size)
    too_few = False
    for cohort in cohorts:
        officers = [
            o
            for o in await roster.cohort_officers(turn.session, cohort_id=cohort.id)
            if o.id != turn.learner.id
        ]
        if not officers:
            continue
        # The question names its cohort: among too few members, that names the asker.
        if floor.allows(await _who_could_ask(turn, cohort)):
            break
        too_few = True
    else:
        return [
            Reply(
                text=turn.t("ask_officer_too_few" if too_few else "ask_officer_none"), kind="notice"
            )
        ]
    cleaned = redact(text.strip()[:MAX_CHARS]).text
    question = await store.add_question(
        turn.session,
        values={
            "learner_id": turn.learner.id,
            "cohort_id": cohort.id,
            "text": cleaned,
            "asked_at": turn.now,
        },
    )
    for officer in officers:
        await _send(
            turn.session,
            f"oq:{question.id}:{officer.id}",
            TO_OFFICER,
            officer,
            turn.now,
            cohort=cohort.slug,
            id=question.id,
            text=inert(cleaned),
        )
    log.info("question forwarded", extra={"question": question.id, "officers": len(officers)})
    return [Reply(text=turn.t("ask_officer_sent"), kind="notice")]


def inert(text: str) -> str:
    """A member's text with nothing an officer's client would turn into a link or an image.

    `[shown](target)` shows one address and opens another (phishing), `![](url)` and `<img>`
    load a tracker in Teams, Slack reads `<target|shown>`, and both platforms link bare URLs,
    `www.` and bare domains and `mailto:` by themselves. So brackets become full-width, a
    scheme loses its colon (`hxxps[:]//`, `mailto[:]`) and every dot of a host name is
    bracketed (`example[.]com`): the officer still reads the address, as text."""
    text = text.translate(_INERT)
    text = _SCHEME.sub(_defang_scheme, text)
    text = _IPV4.sub(lambda m: m.group(0).replace(".", "[.]"), text)
    return _HOST_DOT.sub("[.]", text)


# Brackets that make links and tags; characters that hide a dot or reorder what is shown.
_INERT = str.maketrans(
    {"[": "［", "]": "］", "<": "＜", ">": "＞"}
    | dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u2060\ufeff\u202a\u202b\u202c\u202d\u202e"))
    | dict.fromkeys(map(ord, "\u2066\u2067\u2068\u2069"))
)
# Any `scheme://`, and the schemes clients link without `//` (`mailto:a@b`, `tel:…`).
_SCHEME = re.compile(
    r"(?<![A-Za-z0-9+.-])([A-Za-z][A-Za-z0-9+.-]*):(?=//)"
    r"|(?<![A-Za-z0-9])(mailto|tel|sms|callto|javascript|vbscript|data|file):(?=\S)",
    re.IGNORECASE,
)
# A dot between a letter or digit and a two-letter (or longer) label: a host name, in any
# script (`example.com`, `www.example.co.jp`, `例え.テスト`).
_HOST_DOT = re.compile(r"(?<=[^\W_])\.(?=[^\W\d_]{2})")
_IPV4 = re.compile(r"(?<![\d.])\d{1,3}(?:\.\d{1,3}){3}(?![\d.])")


def _defang_scheme(match: re.Match[str]) -> str:
    scheme = match.group(1) or match.group(2)
    if scheme.lower() in ("http", "https"):
        scheme = "hxxp" + scheme[4:].lower()
    return scheme + "[:]"


async def _who_could_ask(turn: Turn, cohort: Cohort) -> set[int]:
    """The members of a cohort who have started (and the asker): whom a question could be from."""
    states = await reports.member_states(turn.session, cohort_id=cohort.id, active_since=turn.now)
    return {who for who, began, _, _ in states if began} | {turn.learner.id}


def start_reply(turn: Turn, question_id: int) -> list[Reply]:
    """An officer pressed Reply where the press carries no text: their next message is it."""
    turn.set_awaiting(Awaiting("reply", id=str(question_id)))
    return [Reply(text=turn.t("officer_reply_prompt", id=question_id), kind="notice")]


async def reply_as(turn: Turn, question_id: int, answer: str | None) -> list[Reply]:
    """The learner in this turn replies to a question (from its button, or typed), if they
    are an officer it went to; without an answer yet, they are asked for it."""
    scope = await scope_of(turn.session, learner_id=turn.learner.id, locale=turn.locale)
    try:
        require_officer(scope)  # a member learns nothing about the question, not even that
        if answer is None or not answer.strip():
            await _answerable(turn.session, scope, question_id)
            return start_reply(turn, question_id)
        await reply_in(turn.session, scope, question_id, answer, turn.now)
    except Refused as exc:
        return [Reply(text=str(exc), kind="notice")]
    return [Reply(text=turn.t("officer_reply_sent"), kind="notice")]


async def reply(
    sessions: async_sessionmaker[AsyncSession],
    scope: Scope,
    question_id: int,
    answer: str,
    now: datetime,
) -> None:
    """An officer of the member's cohort answers; the answer goes to the member's DM."""
    async with transaction(sessions) as session:
        await reply_in(session, scope, question_id, answer, now)


async def reply_in(
    session: AsyncSession, scope: Scope, question_id: int, answer: str, now: datetime
) -> None:
    """Record an officer's answer and queue it to the member, in an open transaction."""
    answer = answer.strip()
    if not answer:
        raise Refused("officer_reply_empty", scope.locale)
    question, member = await _answerable(session, scope, question_id)
    question.answer = answer[:MAX_CHARS]
    question.answered_by = scope.learner_id
    question.answered_at = now
    await _send(
        session,
        f"oq:{question.id}:reply",
        TO_MEMBER,
        member,
        now,
        question=question.text,
        answer=question.answer,
    )


async def _answerable(
    session: AsyncSession, scope: Scope, question_id: int
) -> tuple[OfficerQuestion, Learner]:
    """The question and its asker, if this actor may answer it and nobody has yet."""
    question = await store.get_question(session, question_id=question_id)
    cohort = await session.get(Cohort, question.cohort_id) if question else None
    member = await session.get(Learner, question.learner_id) if question else None
    if question is None or cohort is None or member is None:
        raise Refused("unknown_question", scope.locale)
    require_cohort(scope, cohort)
    # Only those it was sent to (`forward`): the cohort's officers, not an admin, not the asker.
    if cohort.id not in scope.cohorts or scope.learner_id == question.learner_id:
        raise NotAllowed("not_allowed_cohort", scope.locale)
    if question.answered_at is not None:
        raise Refused("officer_question_answered", scope.locale)
    return question, member


async def _send(
    session: AsyncSession, key: str, kind: str, learner: Learner, now: datetime, **values: object
) -> None:
    text_key = "officer_question" if kind == TO_OFFICER else "officer_reply"
    payload: dict[str, object] = {
        "text": {locale: t(text_key, locale, **values) for locale in ("ja", "en")}
    }
    if kind == TO_OFFICER:
        payload["question"] = values["id"]  # for the Reply button (core/daily.py)
    await outbox.enqueue(
        session, dedupe_key=key, kind=kind, learner=learner, payload=payload, now=now
    )
