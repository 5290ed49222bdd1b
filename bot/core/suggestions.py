"""What Manabi suggests when a member opens its assistant pane: prompts that fit where they are."""

from __future__ import annotations

from dataclasses import dataclass

from bot.core.learning.home import HomeView
from bot.core.texts import t

MAX_PROMPTS = 4  # Slack shows at most four


@dataclass(frozen=True)
class Prompt:
    """A suggested prompt: its label, and the message it sends when chosen (Slack's suggested
    prompts take the two as `title` and `message`)."""

    title: str
    message: str


@dataclass(frozen=True)
class Suggestions:
    """The prompts offered at the start of an assistant thread, with their heading and the
    thread's title, in the member's language."""

    locale: str
    heading: str
    thread_title: str
    prompts: tuple[Prompt, ...]


def suggest(home: HomeView, *, beside_channel: bool) -> Suggestions:
    """Prompts that fit: "get started" for someone new, else today's lesson and, when questions
    are due, a review; "check this message" when the pane is open beside a channel; and always
    how to check an AI's answer."""
    loc = home.locale
    prompts: list[Prompt] = []
    if home.summary is None:
        prompts.append(Prompt(t("btn_start", loc), t("assistant_msg_start", loc)))
    else:
        prompts.append(Prompt(t("btn_today", loc), t("assistant_msg_today", loc)))
        if home.summary.due:
            prompts.append(Prompt(t("btn_review", loc), t("assistant_msg_review", loc)))
        if beside_channel:
            prompts.append(Prompt(t("assistant_check_title", loc), t("assistant_msg_check", loc)))
    prompts.append(Prompt(t("assistant_howto_title", loc), t("assistant_msg_howto", loc)))
    return Suggestions(
        locale=loc,
        heading=t("assistant_heading", loc),
        thread_title=t("assistant_thread_title", loc),
        prompts=tuple(prompts[:MAX_PROMPTS]),
    )
