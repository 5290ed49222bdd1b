"""Proactive messages as the learner sees them: one place that turns an outbox payload into
replies (daily lesson, nudge, announcement, digest)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from bot.core.actions import OfficerReply
from bot.core.context import Turn
from bot.core.learning import lessons, nudges, onboarding
from bot.core.messages import Choice, Reply
from bot.core.officers.digest import payload_image
from bot.core.texts import t
from bot.storage.lessons import find_delivery

# Kinds composed in the learner's turn (they set quiz and dialog state). Every other kind is
# rendered from its payload alone ({"text": {"ja", "en"}, "title"?, "image"?}), e.g.:
TURN_KINDS = frozenset({"lesson", "nudge", "invite"})
PLAIN_KINDS = frozenset({"announcement", "digest", "officer_question", "officer_reply"})


def may_receive(status: str, kind: str, payload: dict[str, Any]) -> bool:
    """Can a learner with this status get this kind of message? Never the unreachable."""
    if kind == "lesson":
        return status == "active"
    if kind == "nudge":  # the last nudge pauses the learner and tells them so
        return status == "active" or (status == "paused" and bool(payload.get("last")))
    if kind == "invite":  # only to a member who has not started (or declined) yet
        return status == "new"
    return status in ("active", "paused")


def render(kind: str, payload: dict[str, Any], locale: str) -> list[Reply]:
    """Render an announcement or a digest from its payload, in the learner's language."""
    text = payload.get("text")
    if isinstance(text, dict):
        text = text.get(locale) or text.get("ja") or text.get("en")
    if not text:
        return []
    title = t("announcement_title", locale) if kind == "announcement" else payload.get("title")
    image = payload_image(payload, locale)  # the officers' weekly chart
    choices: tuple[Choice, ...] = ()
    question = payload.get("question")
    if kind == "officer_question" and isinstance(question, int):
        reply = Choice(
            t("btn_officer_reply", locale),
            OfficerReply(question),
            style="primary",
            prompt=t("officer_reply_field", locale),
        )
        choices = (reply,)
    return [
        Reply(text=str(text), title=title, kind=kind, locale=locale, image=image, choices=choices)
    ]


async def compose(
    turn: Turn, kind: str, payload: dict[str, Any], known: lessons.Known | None = None
) -> list[Reply]:
    """Compose one proactive message; an empty list means there is nothing to send any more
    (`known`: for a lesson, what a batch loaded for this learner; see lessons.load_known)."""
    if not may_receive(turn.learner.status, kind, payload):
        return []
    if kind == "lesson":
        replies = await daily_lesson(
            turn,
            str(payload.get("local_date") or ""),
            retry=bool(payload.get("retry")),
            known=known,
        )
    elif kind == "nudge":
        replies = nudges.nudge(turn, int(payload.get("step") or 1), bool(payload.get("last")))
    elif kind == "invite":  # the same welcome as on first contact, with the language choice
        replies = onboarding.welcome(turn)
    else:
        replies = render(kind, payload, turn.locale)
    return turn.present([replace(reply, locale=turn.locale) for reply in replies])


async def daily_lesson(
    turn: Turn, local_date: str, *, retry: bool = False, known: lessons.Known | None = None
) -> list[Reply]:
    """Today's lesson and quiz, as if the learner typed "today" — unless the day is over, the
    lesson is done, or (on a first attempt) the learner already opened it themselves."""
    if local_date != turn.today.isoformat():
        return []
    if known is None:
        delivery = await find_delivery(
            turn.session, learner_id=turn.learner.id, local_date=turn.today, kind="lesson"
        )
    else:
        delivery = known.delivery
    opened = delivery is not None and delivery.state != "planned"
    if opened and (not retry or (delivery is not None and delivery.state == "completed")):
        return []
    replies = await lessons.today(turn, known)
    # Nothing to push when there is no lesson left (the course is done): no daily "all done".
    return replies if any(reply.kind == "lesson" for reply in replies) else []
