"""A member asks Manabi to check an AI answer: by DM, a message shortcut or a message action.

The pasted text lives only in this turn's memory: it is never stored (the dialog remembers
only that a paste is awaited), never logged, and forgotten once the checklist is sent.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

from bot.core.context import Deferred, Turn
from bot.core.dialog import Awaiting
from bot.core.messages import Reply
from bot.core.qa.checking.marks import mark_choices
from bot.storage.learners import count_checked_answer

if TYPE_CHECKING:  # the claim finder and its patterns load at the first check, not at start
    from bot.core.qa.checking.checklist import Checklist
    from bot.core.qa.checking.lookups import Lookups

log = logging.getLogger(__name__)

# The words that ask for a check, alone (then paste) or followed by the answer; a longer
# word before the shorter one it starts with.
CHECK_WORDS = (
    "check",
    "確認してください",
    "確認して",
    "チェックしてください",
    "チェックして",
    "チェック",
)
CANCEL_WORDS = ("cancel", "やめる", "キャンセル")
# After the word: the end, a line break, a space, a colon or 。(so "checking" or "チェックリスト
# の作り方" stay questions).
_REQUEST = re.compile(
    r"^\s*(?:" + "|".join(map(re.escape, CHECK_WORDS)) + r")(?:\s*[:：。]\s*|\s+|$)",
    re.IGNORECASE,
)


def requested(text: str) -> str | None:
    """The answer to check when `text` asks for a check ("" when the word came alone), else
    None. The rest is returned exactly as written, so the checklist quotes it faithfully."""
    match = _REQUEST.match(text)
    return None if match is None else text[match.end() :]


class AnswerChecks:
    """The Coach's `check` hook: a checklist for a pasted answer, with lookups through the
    `Lookups` ports, run after the turn's transaction has committed. `open_lookups` gives the
    ports on first use (so that a process that never checks opens no HTTP client); None:
    offline checklists."""

    def __init__(self, open_lookups: Callable[[], Lookups] | None = None) -> None:
        self.open_lookups = open_lookups

    def ask_for_paste(self, turn: Turn) -> list[Reply]:
        """`check` alone: wait for the answer in the next message."""
        turn.set_awaiting(Awaiting("check"))
        return [Reply(text=turn.t("check_paste"), kind="notice")]

    async def pasted(self, turn: Turn, text: str) -> list[Reply] | Deferred[Checklist]:
        """The awaited paste arrived (or "cancel")."""
        turn.set_awaiting(None)
        if unicodedata.normalize("NFKC", text).strip().casefold() in CANCEL_WORDS:
            return [Reply(text=turn.t("check_cancelled"), kind="notice")]
        return self.check(turn, text)

    def check(self, turn: Turn, text: str) -> list[Reply] | Deferred[Checklist]:
        """Check `text` outside the transaction, then count it and reply with the checklist."""
        if not text.strip():
            return [Reply(text=turn.t("check_empty"), kind="notice")]
        locale, open_lookups = turn.locale, self.open_lookups

        async def work() -> Checklist:
            from bot.core.qa.checking.engine import check_answer

            lookups = open_lookups() if open_lookups is not None else None
            return await check_answer(text, locale, lookups)

        return Deferred(work=work, finish=self._finish)

    async def _finish(self, turn: Turn, checklist: Checklist) -> list[Reply]:
        """Count the practice (a member who has not started yet is not counted) and render,
        with buttons to mark each claim (numbered by the count, so no text need be kept)."""
        from bot.core.qa.checking.reply import render

        number = None
        if turn.learner.status != "new":
            number = await count_checked_answer(turn.session, learner_id=turn.learner.id)
        looked_up = sum(1 for item in checklist.items if item.lookup is not None)
        log.info(  # counts only: never the pasted text or a claim
            "answer checked", extra={"claims": len(checklist.items), "lookups": looked_up}
        )
        titles = {
            lesson.meta.id: lesson.meta.title.get(checklist.locale)
            for lesson in turn.curriculum.lessons
        }
        reply = render(checklist, titles)
        if number is None or not checklist.items:
            return [reply]
        claims = [item.claim.text for item in checklist.items]
        return [replace(reply, choices=mark_choices(number, claims, checklist.locale))]
