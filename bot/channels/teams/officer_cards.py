"""Adaptive Cards for officers in Teams: the announcement form, its preview, an announcement's
status, the report, and a short notice. Every button names its step in `data`; whatever else
the data holds is re-checked on the server (bot/channels/teams/officers.py)."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from bot.channels.teams.render import CARD_SCHEMA, CARD_VERSION, to_card_markdown
from bot.core.officers.announcements import (
    Draft,
    Preview,
    Status,
    preview_counts,
    status_text,
)
from bot.core.texts import t

VERB = "officer"  # the Action.Execute verb of officer cards (members' buttons use "manabi")
STEP_KEY = "officer"  # data[STEP_KEY]: preview / send / discard / status / cancel
PREVIEW, SEND, DISCARD, STATUS, CANCEL = "preview", "send", "discard", "status", "cancel"
STEPS = (PREVIEW, SEND, DISCARD, STATUS, CANCEL)
MAX_CHARS = 3000  # as the core's limit: longer text is refused there, with a reason


def _card(
    body: list[dict[str, Any]], actions: list[dict[str, Any]] | None = None
) -> dict[str, Any]:
    content: dict[str, Any] = {
        "type": "AdaptiveCard",
        "$schema": CARD_SCHEMA,
        "version": CARD_VERSION,
        "body": body,
    }
    if actions:
        content["actions"] = actions
    return content


def _text(text: str, **extra: Any) -> dict[str, Any]:
    return {"type": "TextBlock", "text": text, "wrap": True, **extra}


def _button(title: str, data: dict[str, Any], style: str | None = None) -> dict[str, Any]:
    """Action.Execute with an Action.Submit fallback, as the members' buttons."""
    action: dict[str, Any] = {"type": "Action.Execute", "title": title, "verb": VERB, "data": data}
    fallback: dict[str, Any] = {"type": "Action.Submit", "title": title, "data": data}
    if style:
        action["style"] = fallback["style"] = style
    action["fallback"] = fallback
    return action


def notice(text: str) -> dict[str, Any]:
    """A card that only says something (a refusal, a closed form); no buttons."""
    return _card([_text(to_card_markdown(text))])


def discarded(locale: str) -> dict[str, Any]:
    """The preview after Cancel: nothing was sent."""
    return notice(t("announcement_discarded", locale))


def form(
    choices: list[tuple[str, str]],
    locale: str,
    values: dict[str, Any] | None = None,
    error: str | None = None,
) -> dict[str, Any]:
    """The announcement form: cohort (only those in the officer's scope), the text in Japanese
    and English, an optional send date and time; filled again with `values` after an error."""
    values = values or {}
    options = [
        {"title": f"{org} / {cohort}", "value": f"{org}|{cohort}"} for org, cohort in choices
    ]
    chosen = str(values.get("cohort") or (options[0]["value"] if len(options) == 1 else ""))
    body: list[dict[str, Any]] = [
        _text(t("slack_announce_title", locale), weight="Bolder", size="Medium")
    ]
    if error:
        body.append(_text(error, color="Attention"))
    body += [
        {
            "type": "Input.ChoiceSet",
            "id": "cohort",
            "label": t("slack_cohort", locale),
            "choices": options,
            "value": chosen,
            "isRequired": True,
            "errorMessage": t("slack_cohort", locale),
        },
        _field("ja", "日本語", values),
        _field("en", "English", values),
        {
            "type": "Input.Date",
            "id": "date",
            "label": t("slack_send_at", locale),
            "value": str(values.get("date") or ""),
        },
        {"type": "Input.Time", "id": "time", "value": str(values.get("time") or "")},
    ]
    return _card(body, [_button(t("slack_preview", locale), {STEP_KEY: PREVIEW}, "positive")])


def _field(name: str, label: str, values: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": "Input.Text",
        "id": name,
        "label": label,
        "isMultiline": True,
        "maxLength": MAX_CHARS,
        "value": str(values.get(name) or ""),
    }


def preview(result: Preview, draft: Draft, locale: str, zone: str) -> dict[str, Any]:
    """What each language group will see, how many get it and when; Send or Cancel. The
    Send button carries the draft (checked again on send) and the preview's key (sent once)."""
    counts = preview_counts(result, locale)
    when = (
        t("announcement_scheduled", locale, when=local_time(draft.at, zone))
        if draft.at
        else t("slack_now", locale)
    )
    lines = [counts, when]
    if result.enrolled > result.recipients:
        lines.append(t("announcement_not_reached", locale, n=result.enrolled - result.recipients))
    body = [
        _text(t("slack_announce_title", locale), weight="Bolder", size="Medium"),
        _text("\n\n".join(lines)),
    ]
    for language, text in result.texts.items():
        body.append(_text(language, isSubtle=True, size="Small", separator=True))
        body.append(_text(to_card_markdown(text)))
    send = {
        STEP_KEY: SEND,
        "cohort": f"{draft.organisation}|{draft.cohort}",
        "ja": draft.text_ja,
        "en": draft.text_en,
        "at": draft.at.isoformat() if draft.at else "",
        "key": result.key,
    }
    actions = [
        _button(t("slack_send", locale), send, "positive"),
        _button(t("slack_cancel", locale), {STEP_KEY: DISCARD}),
    ]
    return _card(body, actions)


def status(result: Status, locale: str, zone: str, now: datetime) -> dict[str, Any]:
    """An announcement's counts, with Refresh, and Cancel while it has not gone yet."""
    lines = [status_text(result, locale)]
    actions = [_button(t("btn_refresh_status", locale), {STEP_KEY: STATUS, "id": result.id})]
    if result.state == "scheduled" and result.scheduled_for > now:
        lines.append(
            t("announcement_scheduled", locale, when=local_time(result.scheduled_for, zone))
        )
        cancel = {STEP_KEY: CANCEL, "id": result.id}
        actions.append(_button(t("btn_cancel_announcement", locale), cancel, "destructive"))
    return _card([_text("\n\n".join(lines))], actions)


def report(text: str, locale: str) -> dict[str, Any]:
    """The officer's cohorts' report (aggregates only), and how to announce."""
    return _card(
        [
            _text(t("home_officer", locale), weight="Bolder", size="Medium"),
            _text(to_card_markdown(text)),
            _text(t("teams_officer_hint", locale), isSubtle=True, size="Small"),
        ]
    )


def local_time(moment: datetime, zone: str) -> str:
    """A time as the reader reads it: in their zone, with the zone's name."""
    return f"{moment.astimezone(ZoneInfo(zone)).strftime('%Y-%m-%d %H:%M')} ({zone})"
