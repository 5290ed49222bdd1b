"""The member marks each claim of their checklist checked ✔, wrong ✘ or unsure ?.

Only counts are kept (per learner: claims marked checked / wrong / unsure) and, until the
checklist is old, which places were marked (so that a second press changes nothing): never a
claim's text. The buttons carry the checklist's number and the claim's place, nothing more.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.core.actions import MARKS, Mark
from bot.core.context import Turn
from bot.core.dialog import LIVE_CHECKLISTS, MAX_CLAIMS
from bot.core.messages import Choice, Reply
from bot.core.presses import marked_key
from bot.core.texts import t
from bot.storage.learners import count_claim_mark

ROW_CHARS = 60  # a claim as quoted beside its buttons


def mark_choices(checklist: int, claims: Sequence[str], locale: str) -> tuple[Choice, ...]:
    """Three buttons under each of the first MAX_CLAIMS claims of checklist number `checklist`."""
    return tuple(
        Choice(t(f"check_mark_{letter}", locale), Mark(checklist, place, letter), row=_row(text))
        for place, text in enumerate(claims[:MAX_CLAIMS], 1)
        for letter in MARKS
    )


async def mark(turn: Turn, action: Mark) -> list[Reply]:
    """Count a valid mark (judged in core/presses.py) and say it where the buttons were."""
    latest = turn.learner.answers_checked or 0
    turn.mark_claim(marked_key(action), live=latest - LIVE_CHECKLISTS)
    await count_claim_mark(turn.session, learner_id=turn.learner.id, mark=MARKS[action.mark])
    return [
        Reply(
            text=turn.t(f"check_marked_{action.mark}", n=action.claim),
            kind="claim_marked",
            replace_original=True,
        )
    ]


def _row(text: str) -> str:
    text = " ".join(text.split())
    return f"「{text if len(text) <= ROW_CHARS else text[: ROW_CHARS - 1] + '…'}」"
