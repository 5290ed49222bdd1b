"""Route an inbound message or button press to a use case, in one transaction."""

from __future__ import annotations

import asyncio
import functools
import logging
from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import replace
from datetime import datetime
from typing import Any, Concatenate, ParamSpec, TypeVar

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.content.model import Curriculum
from bot.core import actions, presses
from bot.core.calendar import zone_or
from bot.core.commands import Command, parse, parse_language
from bot.core.context import CoachConfig, Deferred, Turn
from bot.core.dialog import Offer
from bot.core.followups import take_action, take_text
from bot.core.learning import (
    assessments,
    completion,
    lessons,
    onboarding,
    practice,
    preferences,
    privacy,
    progress,
    quizzes,
)
from bot.core.learning.feedback import follow_up
from bot.core.learning.home import HomeView, new_learner
from bot.core.learning.home import build as build_home
from bot.core.messages import Choice, Identity, Inbound, Reply
from bot.core.ports import Draft
from bot.core.qa.checking import checks
from bot.core.qa.checking.checks import AnswerChecks
from bot.core.qa.checking.marks import mark
from bot.core.suggestions import Suggestions, suggest
from bot.core.texts import t
from bot.storage import learners as store
from bot.storage.db import transaction
from bot.storage.models import Learner, Organisation

log = logging.getLogger(__name__)

MAX_TEXT_CHARS = 1000  # a question, comment or message to an officer
QuestionHandler = Callable[[Turn, str], Awaitable[list[Reply] | Deferred[Any]]]
Route = Callable[[Turn, Inbound], Awaitable[list[Reply] | Deferred[Any]]]


P = ParamSpec("P")
R = TypeVar("R")


def _counted(
    method: Callable[Concatenate[Coach, P], Coroutine[Any, Any, R]],
) -> Callable[Concatenate[Coach, P], Coroutine[Any, Any, R]]:
    """Count the call as in flight while it runs, so that shutdown can wait for it."""

    async def counted(coach: Coach, /, *args: P.args, **kwargs: P.kwargs) -> R:
        coach._in_flight += 1
        coach._idle.clear()
        try:
            return await method(coach, *args, **kwargs)
        finally:
            coach._in_flight -= 1
            if not coach._in_flight:
                coach._idle.set()

    functools.update_wrapper(counted, method)
    return counted


class Coach:
    """The learning loop behind every channel: one call per inbound message or button."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        curriculum: Curriculum,
        config: CoachConfig,
        ask: QuestionHandler,
        checks: AnswerChecks | None = None,
    ) -> None:
        self.sessions = sessions
        self.curriculum = curriculum
        self.config = config
        self.ask = ask
        self.checks = checks or AnswerChecks()  # offline checklists unless lookups are given
        self._calendars: dict[int, str] = {}  # organisation id -> holiday calendar
        self._in_flight = 0
        self._idle = asyncio.Event()
        self._idle.set()

    async def drain(self) -> None:
        """Wait for messages being handled to finish (the caller bounds the wait). Called
        before the database closes, so no member's turn is cut off half-way."""
        await self._idle.wait()

    @_counted
    async def handle(
        self, inbound: Inbound, now: datetime, draft: Draft | None = None
    ) -> list[Reply]:
        """Process one inbound message (once, even if the platform retries) and reply.

        Slow work (a model call) is deferred: it runs after the first transaction commits and
        its result is recorded in a second, short one, so no lock or connection is held while
        waiting on the network. With a `draft`, a model answer is shown there as it is
        written; the replies returned are the final word (see `core.ports.Draft`)."""
        return await self._handle(inbound, now, self._route, draft)

    @_counted
    async def check(self, inbound: Inbound, now: datetime) -> list[Reply]:
        """Check the AI answer in `inbound.text` (a message a member chose in a message shortcut
        or action) and reply privately with a checklist; the text is neither stored nor logged.
        Lookups run between two short transactions, like a model call."""
        return await self._handle(inbound, now, self._check)

    async def _handle(
        self, inbound: Inbound, now: datetime, route: Route, draft: Draft | None = None
    ) -> list[Reply]:
        platform = inbound.identity.platform
        locale = inbound.locale if inbound.locale in ("ja", "en") else self.config.default_locale
        try:
            async with transaction(self.sessions) as session:
                if inbound.event_id and not await store.claim_event(
                    session, key=f"{platform}:{inbound.event_id}", now=now
                ):
                    log.info("duplicate event ignored", extra={"platform": platform})
                    return []
                if _is_foreign(inbound):  # before loading: a bystander's press makes no one
                    return presses.foreign(locale)
                turn = await self._turn(session, inbound, now)
                locale, learner_id = turn.locale, turn.learner.id
                if turn.learner.status == "unreachable":  # they wrote to us: reachable again
                    turn.learner.status = "active" if turn.learner.consent_at else "new"
                routed = await route(turn, inbound)
                replies = [] if isinstance(routed, Deferred) else routed
                if turn.deleted:
                    self._forget(learner_id)
                else:
                    replies = turn.present(await follow_up(turn, replies))  # feedback buttons
                    if turn.learner.status != "new":
                        turn.learner.last_active_at = now
                if not isinstance(routed, Deferred):
                    return _in_locale(replies, turn.locale)
            return await self._finish_deferred(routed, learner_id, now, draft)
        except Exception:
            # The traceback stays in the log (without message text); the member gets a kind word.
            log.exception("inbound handling failed", extra={"platform": platform})
            return [Reply(text=t("error", locale), kind="error", locale=locale)]

    async def first_time(self, key: str, now: datetime) -> bool:
        """Claim an inbound request's key; False when it was seen before (a replay)."""
        async with transaction(self.sessions) as session:
            return await store.claim_event(session, key=key, now=now)

    def _forget(self, learner_id: int) -> None:
        """Drop anything about a deleted learner kept outside the database."""
        forget = getattr(self.ask, "forget", None)
        if callable(forget):
            forget(learner_id)

    async def _finish_deferred(
        self, deferred: Deferred[Any], learner_id: int, now: datetime, draft: Draft | None
    ) -> list[Reply]:
        """Run deferred work outside any transaction (streaming it to `draft` when both can),
        then record it in a short one."""
        if draft is not None and deferred.stream is not None:
            result = await deferred.stream(draft)
        else:
            result = await deferred.work()
        async with transaction(self.sessions) as session:
            learner = await session.get(Learner, learner_id)
            if learner is None:  # the learner deleted their data meanwhile: keep nothing
                return []
            turn = await self._load_turn(session, learner, now)
            replies = await follow_up(turn, await deferred.finish(turn, result))
            return _in_locale(turn.present(replies), turn.locale)

    @_counted
    async def home(
        self,
        identity: Identity,
        now: datetime,
        locale: str | None = None,
        timezone: str | None = None,
    ) -> HomeView:
        """The learner's home page (progress and settings); read-only, creates no one."""
        async with transaction(self.sessions) as session:
            learner = await _learner(session, identity)
            if learner is None:
                chosen = locale if locale in ("ja", "en") else self.config.default_locale
                zone = zone_or(timezone, self.config.default_timezone)
                return new_learner(chosen, self.config.default_delivery_minute, zone)
            return await build_home(await self._load_turn(session, learner, now))

    async def suggest(
        self,
        identity: Identity,
        now: datetime,
        *,
        beside_channel: bool,
        locale: str | None = None,
        timezone: str | None = None,
    ) -> Suggestions:
        """The prompts to offer a member who opens the assistant pane (read-only)."""
        home = await self.home(identity, now, locale=locale, timezone=timezone)
        return suggest(home, beside_channel=beside_channel)

    @_counted
    async def open_chat(self, identity: Identity, now: datetime) -> list[Reply]:
        """What a learner sees on opening the chat: the question they were on, if any. (Due
        lessons and nudges come through the outbox.)"""
        async with transaction(self.sessions) as session:
            learner = await _learner(session, identity)
            if learner is None or learner.status == "new":
                return []
            turn = await self._load_turn(session, learner, now)
            quiz = turn.dialog.quiz
            if quiz is None or not quiz.queue:
                return []
            replies = [Reply(text=turn.t("welcome_back"), kind="notice")]
            return turn.present([*replies, *await quizzes.current(turn)])

    async def _turn(self, session: AsyncSession, inbound: Inbound, now: datetime) -> Turn:
        """Load the learner (one query when known), creating them on first contact."""
        ident = inbound.identity
        # A double click arrives as two concurrent presses: the row is held while one is judged.
        learner = await _learner(session, ident, lock=inbound.action is not None)
        if learner is None:
            org = await store.get_or_create_organisation(
                session, slug=store.DEFAULT_ORG, now=now, calendar=self.config.default_calendar
            )
            locale = inbound.locale if inbound.locale in ("ja", "en") else None
            learner, _created = await store.get_or_create_learner(
                session,
                platform=ident.platform,
                workspace=ident.workspace,
                user_id=ident.user_id,
                now=now,
                defaults={
                    "locale": locale or self.config.default_locale,
                    "timezone": zone_or(inbound.timezone, self.config.default_timezone),
                    "delivery_minute": self.config.default_delivery_minute,
                    "status": "new",
                    "organisation_id": org.id,
                },
            )
        if inbound.conversation_ref and learner.conversation_ref != inbound.conversation_ref:
            learner.conversation_ref = inbound.conversation_ref  # stored for proactive messages
        return await self._load_turn(session, learner, now)

    async def _load_turn(self, session: AsyncSession, learner: Learner, now: datetime) -> Turn:
        calendar = self.config.default_calendar
        if learner.organisation_id is not None:
            if learner.organisation_id not in self._calendars:
                org = await session.get(Organisation, learner.organisation_id)
                self._calendars[learner.organisation_id] = org.calendar if org else calendar
            calendar = self._calendars[learner.organisation_id]
        return Turn(session, learner, now, self.curriculum, self.config, calendar)

    async def _check(self, turn: Turn, inbound: Inbound) -> list[Reply] | Deferred[Any]:
        return self.checks.check(turn, inbound.text or "")

    async def _route(self, turn: Turn, inbound: Inbound) -> list[Reply] | Deferred[Any]:
        if inbound.action:  # with the text typed into the pressed card's form, if any
            return await self._action(turn, inbound.action, form=inbound.text)
        text = (inbound.text or "").strip()
        command = parse(text)
        if command is not None and command.name == "number":
            return await self._number(turn, int(command.arg))
        awaiting = turn.dialog.awaiting
        if awaiting is not None and awaiting.what == "check":
            if command is None:
                return await self.checks.pasted(turn, text)
            turn.set_awaiting(None)  # a command instead of the paste: the paste is not awaited
        if command is None:  # a check request may be long, and needs no onboarding first
            pasted = checks.requested(text)
            if pasted == "":
                return self.checks.ask_for_paste(turn)
            if pasted is not None:
                return self.checks.check(turn, pasted)
        if turn.learner.status == "new":
            locale = parse_language(text)
            if locale and any(
                isinstance(actions.decode(v), actions.Language) for v in _offered(turn)
            ):
                return onboarding.choose_language(turn, locale)
            return onboarding.welcome(turn)
        if command is None:
            if len(text) > MAX_TEXT_CHARS:  # say so, rather than answer a cut-down question
                return [
                    Reply(text=turn.t("too_long", n=len(text), max=MAX_TEXT_CHARS), kind="notice")
                ]
            followed = await take_text(turn, text)  # feedback, ask an officer
            if followed is not None:
                return followed
            if text.startswith(("/", "!")):
                word = text.split()[0]
                return [
                    Reply(
                        text=f"{turn.t('unknown_command', word=word)}\n\n{turn.t('help')}",
                        kind="help",
                    )
                ]
            return await self.ask(turn, text)
        return await self._command(turn, command)

    async def _command(self, turn: Turn, command: Command) -> list[Reply]:
        name, arg = command.name, command.arg
        if name == "start":
            if turn.learner.status == "stopped":
                turn.learner.status = "active"
            return await lessons.today(turn)
        simple: dict[str, Callable[[Turn], Awaitable[list[Reply]] | list[Reply]]] = {
            "help": _help,
            "today": lessons.today,
            "quiz": _quiz,
            "review": practice.review,
            "progress": progress.show,
            "pause": preferences.pause,
            "resume": preferences.resume,
            "stop": preferences.stop,
            "delete": privacy.confirm_delete,
            "pretest": lambda turn: assessments.take(turn, "pretest"),
            "posttest": lambda turn: assessments.take(turn, "posttest"),
        }
        if name in simple:
            result = simple[name](turn)
            return result if isinstance(result, list) else await result
        with_arg = {
            "time": preferences.set_time,
            "lang": preferences.set_language,
            "tz": preferences.set_timezone,
        }
        return with_arg[name](turn, arg)

    async def _number(self, turn: Turn, number: int) -> list[Reply] | Deferred[Any]:
        """A typed number picks one of the choices offered last."""
        offered = _offered(turn)
        if not offered:
            return await self._route_text(turn, str(number))
        if not 1 <= number <= len(offered):
            dialog = turn.dialog
            again = [
                Choice(label, action)
                for label, value in zip(dialog.labels or offered, offered, strict=False)
                if (action := actions.decode(value)) is not None
            ]
            return [
                Reply(
                    text=t("choose_again", turn.locale, max=len(offered)),
                    choices=tuple(again),
                    kind="notice",
                )
            ]
        return await self._action(turn, offered[number - 1], typed=True)

    async def _route_text(self, turn: Turn, text: str) -> list[Reply] | Deferred[Any]:
        if turn.learner.status == "new":
            return onboarding.welcome(turn)
        return await self.ask(turn, text)

    async def _action(
        self, turn: Turn, value: str, typed: bool = False, form: str | None = None
    ) -> list[Reply]:
        """A button press (or a typed number), read into its typed action; a press that is
        repeated or stale changes nothing (core/presses.py). A repeated click says nothing, but
        a number typed again is answered, so that the member does not wait in silence."""
        pressed = actions.read(value)
        if pressed is None:
            log.warning("unknown action", extra={"action_kind": value.partition(":")[0][:20]})
            return _help(turn)
        verdict = presses.judge(turn, pressed)
        if verdict != "valid":
            log.info("press not taken", extra={"verdict": verdict})
            silent = verdict == "repeat" and not typed
            return [] if silent else presses.stale(turn, pressed)
        offer = turn.dialog.find_offer(pressed.offer)
        if offer is not None:
            turn.use_offer(offer.id, pressed.action.encode())
        action = pressed.action
        if isinstance(action, actions.Language):
            return onboarding.choose_language(turn, action.locale)
        if isinstance(action, actions.Consent):
            return await onboarding.consent(turn, action.yes)
        if isinstance(action, actions.Answer | actions.Confidence):
            graded = await quizzes.answer(turn, action)
            if graded.verdict != "valid":
                log.info("answer not taken", extra={"verdict": graded.verdict})
                silent = graded.verdict == "repeat" and not typed
                return [] if silent else presses.stale(turn, pressed)
            if graded.finished is None:
                return graded.replies
            return [*graded.replies, *await completion.finish(turn, graded.finished)]
        if isinstance(action, actions.Delete):
            return await privacy.delete(turn, action.yes)
        if isinstance(action, actions.Mark):
            return await mark(turn, action)
        if isinstance(
            action, actions.Rate | actions.Comment | actions.AskOfficer | actions.OfficerReply
        ):
            # A rating leaves the message's other buttons (e.g. "review") as they were.
            others = _others(offer, lambda other: not isinstance(other, actions.Rate))
            return await take_action(turn, action, others, form)  # feedback, officers
        if checks.requested(action.text) == "":  # the "check an answer" button
            return self.checks.ask_for_paste(turn)
        return await self._command(turn, parse(action.text) or Command("help"))


def _help(turn: Turn) -> list[Reply]:
    choices = (
        Choice(turn.t("btn_today"), actions.Command("today")),
        Choice(turn.t("btn_progress"), actions.Command("progress")),
        Choice(turn.t("btn_check"), actions.Command("check")),
    )
    return [Reply(text=turn.t("help"), choices=choices, kind="help")]


async def _quiz(turn: Turn) -> list[Reply]:
    quiz = turn.dialog.quiz
    if quiz is not None and quiz.queue:
        return await quizzes.current(turn)
    return await lessons.today(turn)


async def _learner(
    session: AsyncSession, identity: Identity, *, lock: bool = False
) -> Learner | None:
    """The learner behind a platform identity, if known."""
    return await store.find_learner(
        session,
        platform=identity.platform,
        workspace=identity.workspace,
        user_id=identity.user_id,
        lock=lock,
    )


def _in_locale(replies: list[Reply], locale: str) -> list[Reply]:
    return [replace(reply, locale=locale) for reply in replies]


def _others(offer: Offer | None, keep: Callable[[actions.Action], bool]) -> tuple[Choice, ...]:
    """The buttons of a pressed message that still apply after the press."""
    if offer is None:
        return ()
    return tuple(
        Choice(label, action)
        for value, label in zip(offer.values, offer.labels, strict=False)
        if (action := actions.decode(value)) is not None and keep(action)
    )


def _is_foreign(inbound: Inbound) -> bool:
    """A button that was offered to someone else than the member who pressed it."""
    pressed = actions.read(inbound.action) if inbound.action else None
    ident = inbound.identity
    owner = actions.owner_tag(ident.platform, ident.workspace, ident.user_id)
    return pressed is not None and presses.is_foreign(pressed, owner)


def _offered(turn: Turn) -> list[str]:
    return turn.dialog.choices
