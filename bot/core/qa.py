"""Questions: free text that is not a command."""

from __future__ import annotations

from bot.core.context import Turn
from bot.core.messages import Choice, Reply


async def ask(turn: Turn, text: str) -> list[Reply]:
    """Answer a learner's question. Until answering lands, say what Manabi can do."""
    choices = (
        Choice(turn.t("btn_today"), "cmd:today"),
        Choice(turn.t("btn_progress"), "cmd:progress"),
    )
    turn.remember_choices(choices)
    return [
        Reply(text=f"{turn.t('qa_unavailable')}\n\n{turn.t('help')}", choices=choices, kind="help")
    ]
