"""What a member or officer types or presses for feedback and for asking an officer."""

from __future__ import annotations

import re

from bot.core.actions import AskOfficer, Comment, OfficerReply, Rate
from bot.core.commands import normalise
from bot.core.context import Turn
from bot.core.learning import feedback
from bot.core.messages import Choice, Reply
from bot.core.officers import ask_officer
from bot.core.officers.roles import scope_of

ASK_WORDS = ("ask officer", "ask an officer", "officer", "担当者に聞く", "担当者に質問", "担当者")
CANCEL_WORDS = ("cancel", "skip", "やめる", "キャンセル", "スキップ")
REPLY = re.compile(r"^(?:reply|返信|回答)\s*#?(\d+)\s+(.+)$", re.DOTALL | re.IGNORECASE)


async def take_text(turn: Turn, text: str) -> list[Reply] | None:
    """Handle text the member was asked for, or an ask/reply command; None if it is not ours."""
    awaiting = turn.dialog.awaiting
    folded = normalise(text)
    if awaiting is not None:
        turn.set_awaiting(None)
        if folded in CANCEL_WORDS:
            return [Reply(text=turn.t("ask_officer_cancelled"), kind="notice")]
        if awaiting.what == "comment":
            return await feedback.save_comment(turn, awaiting, text)
        if awaiting.what == "reply" and (awaiting.id or "").isdigit():
            return await ask_officer.reply_as(turn, int(awaiting.id or 0), text)
        return await ask_officer.forward(turn, text)
    if folded in ASK_WORDS:
        return ask_officer.start(turn)
    match = REPLY.match(text.strip())
    if match:
        scope = await scope_of(turn.session, learner_id=turn.learner.id, locale=turn.locale)
        if not scope.is_officer:
            return None  # a member's "reply 3 …" is just a question
        return await ask_officer.reply_as(turn, int(match.group(1)), match.group(2))
    return None


async def take_action(
    turn: Turn,
    action: Rate | Comment | AskOfficer | OfficerReply,
    others: tuple[Choice, ...] = (),
    text: str | None = None,
) -> list[Reply]:
    """Handle a feedback or ask-an-officer button (`others`: the pressed message's buttons
    that still apply; `text`: what was typed into the button's form, if it has one)."""
    if isinstance(action, OfficerReply):
        return await ask_officer.reply_as(turn, action.question, text)
    if isinstance(action, Rate):
        return await feedback.rate(turn, action, others)
    if isinstance(action, Comment):
        return feedback.start_comment(turn, action)
    return ask_officer.start(turn)
