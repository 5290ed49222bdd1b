"""A learner's right to erase: confirm, then delete every row that refers to them."""

from __future__ import annotations

from bot.core.actions import Delete
from bot.core.context import Turn
from bot.core.messages import Choice, Reply
from bot.core.texts import t
from bot.storage import learners as store
from bot.storage import officer_questions, outbox


def confirm_delete(turn: Turn) -> list[Reply]:
    """Ask the learner to confirm that everything should be erased."""
    choices = (
        Choice(turn.t("delete_yes"), Delete(yes=True), "danger"),
        Choice(turn.t("delete_no"), Delete(yes=False)),
    )
    return [Reply(text=turn.t("delete_confirm"), choices=choices, kind="confirm")]


async def delete(turn: Turn, confirmed: bool) -> list[Reply]:
    """Erase the learner's data when confirmed."""
    if not confirmed:
        turn.offer(())
        return [Reply(text=turn.t("delete_cancelled"), kind="notice")]
    locale = turn.locale
    # Their forwarded questions sit in officers' outbox rows, which are not theirs to cascade.
    asked = await officer_questions.question_ids_of(turn.session, learner_id=turn.learner.id)
    await outbox.delete_by_key_prefixes(turn.session, prefixes=[f"oq:{q}:" for q in asked])
    await store.delete_learner(turn.session, learner_id=turn.learner.id)
    turn.forget()
    return [Reply(text=t("deleted", locale), kind="notice")]
