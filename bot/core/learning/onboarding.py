"""First contact: what Manabi is, language, consent, then the first lesson."""

from __future__ import annotations

from bot.core.actions import Consent, Language
from bot.core.commands import format_clock
from bot.core.context import Turn
from bot.core.learning import lessons
from bot.core.messages import Choice, Reply
from bot.core.texts import t
from bot.storage import learners as store


def welcome(turn: Turn) -> list[Reply]:
    """Greet a new learner in both languages and ask which one they want."""
    choices = (Choice("日本語", Language("ja"), "primary"), Choice("English", Language("en")))
    text = f"{t('welcome', 'ja')}\n\n{t('welcome', 'en')}"
    return [Reply(text=text, choices=choices, kind="welcome")]


def choose_language(turn: Turn, locale: str) -> list[Reply]:
    """Set the language, then explain what is kept and ask for consent."""
    turn.learner.locale = locale
    if turn.learner.consent_at is not None:  # a language change from a settings button
        return [Reply(text=turn.t("lang_set"), kind="notice")]
    choices = (
        Choice(turn.t("consent_yes"), Consent(yes=True), "primary"),
        Choice(turn.t("consent_no"), Consent(yes=False)),
    )
    return [Reply(text=turn.t("consent"), choices=choices, kind="consent")]


async def consent(turn: Turn, agreed: bool) -> list[Reply]:
    """Record consent and give the first lesson; on refusal keep nothing. (Only a new learner
    gets here: after onboarding a consent button is stale, and erasing asks first.)"""
    if turn.learner.consent_at is not None:  # never erase a learner without asking
        return [Reply(text=turn.t("press_stale_onboarded"), kind="stale")]
    if not agreed:
        locale = turn.locale
        await store.delete_learner(turn.session, learner_id=turn.learner.id)
        turn.forget()
        return [Reply(text=t("declined", locale), kind="notice")]
    learner = turn.learner
    learner.consent_at = turn.now
    learner.status = "active"
    turn.restart_dialog()
    intro = Reply(
        text=turn.t("onboarded", time=format_clock(learner.delivery_minute), tz=learner.timezone),
        kind="notice",
    )
    return [intro, *await lessons.today(turn)]
