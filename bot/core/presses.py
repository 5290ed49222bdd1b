"""Which button presses count: a button is valid only for the learner and the dialog state it
was offered for, once.

Every button shown to a learner is stamped (`Turn.present`) with a tag of that learner and the
id of its offer (the message it is on). A press by someone else, a second press of a used offer
and a press on a message that no longer applies are told apart here; none of them changes
anything. Quiz answers are checked by the quiz itself (`quizzes.answer`): an answer to a
question of the current quiz is valid once, whichever question is showing; an officer's Reply
by the question (`ask_officer`): valid for the officers it went to, until it is answered.
"""

from __future__ import annotations

from typing import Literal

from bot.core.actions import (
    Answer,
    Confidence,
    Consent,
    Delete,
    Language,
    Mark,
    OfficerReply,
    Pressed,
)
from bot.core.context import Turn
from bot.core.dialog import LIVE_CHECKLISTS, MAX_CLAIMS
from bot.core.learning import onboarding, privacy
from bot.core.messages import Reply
from bot.core.texts import t

Verdict = Literal["valid", "repeat", "stale"]


def is_foreign(pressed: Pressed, owner: str) -> bool:
    """A button offered to another member (e.g. in a channel thread)."""
    return pressed.owner is not None and pressed.owner != owner


def foreign(locale: str) -> list[Reply]:
    """What the member who pressed someone else's button is told; nothing else happens."""
    return [Reply(text=t("press_not_yours", locale), kind="not_yours", locale=locale)]


def judge(turn: Turn, pressed: Pressed) -> Verdict:
    """Is this press valid now, a repeat of a used one, or from a message that is stale?"""
    action = pressed.action
    if isinstance(action, Answer | Confidence):  # the quiz judges its answers
        return "stale" if turn.learner.status == "new" else "valid"
    if isinstance(action, OfficerReply):  # the question judges: its officers, answered once
        return "valid"
    if isinstance(action, Mark):  # each claim of a recent checklist, once
        return judge_mark(turn, action)
    state = turn.dialog.offer_state(pressed.offer, action.encode())
    if state == "used":
        return "repeat"
    onboarding_action = isinstance(action, Language | Consent)
    if turn.learner.status == "new":  # only the welcome and consent buttons apply
        if not onboarding_action:
            return "stale"
        return "valid" if state in ("live", "unstamped") else "stale"
    if onboarding_action:  # onboarding is over: only the Home's language buttons still apply
        return "valid" if isinstance(action, Language) and state == "unstamped" else "stale"
    if isinstance(action, Delete):  # destructive: only from the confirmation just shown
        return "valid" if state == "live" else "stale"
    return "valid" if state in ("live", "unstamped") else "stale"


def judge_mark(turn: Turn, mark: Mark) -> Verdict:
    """A claim's mark is valid once, on one of the learner's latest checklists."""
    latest = turn.learner.answers_checked or 0
    recent = latest - LIVE_CHECKLISTS < mark.checklist <= latest
    if turn.learner.status == "new" or not recent or not 1 <= mark.claim <= MAX_CLAIMS:
        return "stale"
    return "repeat" if marked_key(mark) in turn.dialog.marked else "valid"


def marked_key(mark: Mark) -> str:
    """How a marked claim is remembered: its checklist and its place, never its text."""
    return f"{mark.checklist}/{mark.claim}"


def stale(turn: Turn, pressed: Pressed) -> list[Reply]:
    """A kind word for a press on a message that no longer applies, and where the learner is
    now; a stale "delete" asks again, in the current state. Nothing is changed."""
    action = pressed.action
    if turn.learner.status == "new":  # e.g. the Home's "start": the welcome, with no remark
        notice = [_notice(turn, turn.t("press_stale"))] if pressed.offer is not None else []
        return [*notice, *onboarding.welcome(turn)]
    if isinstance(action, Delete) and action.yes:
        return [_notice(turn, turn.t("press_stale_delete")), *privacy.confirm_delete(turn)]
    if isinstance(action, Consent | Language):
        return [_notice(turn, turn.t("press_stale_onboarded"))]
    quiz = turn.dialog.quiz
    if quiz is not None and quiz.queue:
        where = turn.t("press_where_quiz", n=quiz.position, total=quiz.total)
    else:
        where = turn.t("press_where_idle")
    return [_notice(turn, f"{turn.t('press_stale')}\n{where}")]


def _notice(turn: Turn, text: str) -> Reply:
    return Reply(text=text, kind="stale")
