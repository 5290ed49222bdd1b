"""Render core replies for Teams: Markdown text, and Adaptive Cards (v1.5) for choices."""

from __future__ import annotations

import re
from itertools import groupby
from typing import Any

from bot.channels.teams import card_state
from bot.core.messages import Choice, Reply
from bot.core.texts import t

CARD_CONTENT_TYPE = "application/vnd.microsoft.card.adaptive"
CARD_SCHEMA = "http://adaptivecards.io/schemas/adaptive-card.json"
CARD_VERSION = "1.5"
VERB = "manabi"  # the one Action.Execute verb; the action value travels in `data`
DATA_KEY = "manabi"  # data[DATA_KEY] holds the core action value, e.g. "ans:12:item:b"
LABEL_KEY = "label"  # the button's label, to say what was chosen on the closed card
ABOUT_KEY = "about"  # the card's first line, kept on the closed card
FORM_KEY = "text"  # the text box of a button that takes text (Choice.prompt), sent in its data
FORM_MAX = 1500
STYLES = {"primary": "positive", "danger": "destructive"}
LIST_ITEM = re.compile(r"^\s*(?:[-*]|\d+\.)\s")


def to_teams_markdown(text: str) -> str:
    """Turn our Markdown subset into Teams message Markdown (paragraphs, lists, bold, links)."""
    text = text.replace("<", "&lt;").replace(">", "&gt;")  # Teams would run some HTML
    blocks = []
    for block in re.split(r"\n\s*\n", text.strip()):
        lines = [line.rstrip() for line in block.splitlines() if line.strip()]
        for is_list, run in groupby(lines, key=lambda line: bool(LIST_ITEM.match(line))):
            if is_list:
                blocks.append("\n".join(_bullet(line) for line in run))
            else:
                # A lone line break inside a paragraph is swallowed by Teams; keep it visible.
                blocks.append("<br>".join(run))
    return "\n\n".join(blocks)


def to_card_markdown(text: str) -> str:
    """Turn our Markdown subset into Adaptive Card TextBlock Markdown."""
    blocks = []
    for block in re.split(r"\n\s*\n", text.strip()):
        lines = [line.rstrip() for line in block.splitlines() if line.strip()]
        blocks.append("\n".join(_bullet(line) if LIST_ITEM.match(line) else line for line in lines))
    return "\n\n".join(blocks)


def _bullet(line: str) -> str:
    stripped = line.strip()
    return "- " + stripped[2:] if stripped.startswith("* ") else stripped


def needs_card(reply: Reply) -> bool:
    """Is this reply a card: it has buttons, or it replaces a card?"""
    return bool(reply.choices) or reply.replace_original


def message_text(reply: Reply) -> str:
    """The Teams Markdown of a reply without buttons: title, text, sources and notes."""
    parts = []
    if reply.title:
        parts.append(f"**{to_teams_markdown(reply.title)}**")
    parts.append(to_teams_markdown(reply.text))
    if reply.sources:
        label = t("sources_label", reply.locale)
        items = "\n".join(
            f"- [{_link_text(s.title)}]({s.url}) ({to_teams_markdown(s.publisher)})"
            for s in reply.sources
        )
        parts.append(f"**{label}**\n\n{items}")
    parts.extend(f"※ {to_teams_markdown(note)}" for note in reply.notes)
    return "\n\n".join(parts)


def _link_text(title: str) -> str:
    return to_teams_markdown(title).replace("[", "(").replace("]", ")")


def card(reply: Reply) -> dict[str, Any]:
    """An Adaptive Card v1.5 for a reply: Action.Execute buttons with Action.Submit fallback."""
    body: list[dict[str, Any]] = []
    if reply.title:
        body.append(_text_block(reply.title, weight="Bolder", size="Medium"))
    body.append(_text_block(to_card_markdown(reply.text)))
    if reply.sources:
        label = t("sources_label", reply.locale)
        lines = "\n".join(
            f"- [{s.title.replace(']', ')')}]({s.url}) ({s.publisher})" for s in reply.sources
        )
        body.append(_text_block(f"**{label}**", spacing="Medium"))
        body.append(_text_block(lines, spacing="Small"))
    for note in reply.notes:
        body.append(_text_block(f"※ {note}", size="Small", isSubtle=True))
    content: dict[str, Any] = {
        "type": "AdaptiveCard",
        "$schema": CARD_SCHEMA,
        "version": CARD_VERSION,
        "body": body,
    }
    about = _summary(reply)
    own = [choice for choice in reply.choices if not choice.row]
    for row, group in groupby((c for c in reply.choices if c.row), lambda c: c.row):
        body.append(_text_block(row, spacing="Medium"))  # the member's words, as is
        body.append({"type": "ActionSet", "actions": [_action(c, about) for c in group]})
    if own:
        content["actions"] = [_action(choice, about) for choice in own]
    if any(choice.row for choice in reply.choices):  # claims to mark: updated in place
        return card_state.keep(content)
    return content


def buttons_card(reply: Reply) -> dict[str, Any]:
    """A card with only a reply's buttons, for a message whose text carries the rest (a
    streamed answer's final message)."""
    content = card(reply)
    content["body"] = []
    return content


def closed_card(data: object, note: str) -> dict[str, Any]:
    """What a pressed card becomes when its buttons no longer apply: its first line and a note
    (what was chosen, or that the buttons are no longer active), and no buttons."""
    about = data.get(ABOUT_KEY) if isinstance(data, dict) else None
    body = [_text_block(str(about)[:200])] if about else []
    body.append(_text_block(note, size="Small", isSubtle=True))
    return {"type": "AdaptiveCard", "$schema": CARD_SCHEMA, "version": CARD_VERSION, "body": body}


def pressed_label(data: object) -> str:
    """The label of the pressed button, from its data."""
    label = data.get(LABEL_KEY) if isinstance(data, dict) else None
    return str(label)[:80] if label else ""


def _text_block(text: str, **extra: Any) -> dict[str, Any]:
    return {"type": "TextBlock", "text": text, "wrap": True, **extra}


def _action(choice: Choice, about: str) -> dict[str, Any]:
    """Action.Execute (Universal Actions) that falls back to Action.Submit on older clients;
    a button that takes text opens a text box with that button under it (Action.ShowCard)."""
    data = {DATA_KEY: choice.value, LABEL_KEY: choice.label[:80], ABOUT_KEY: about}
    if choice.prompt:
        field = {
            "type": "Input.Text",
            "id": FORM_KEY,
            "label": choice.prompt,
            "isMultiline": True,
            "isRequired": True,
            "maxLength": FORM_MAX,
            "errorMessage": choice.prompt,
        }
        plain = Choice(choice.label, choice.action, choice.style, choice.stamp)
        form = {"type": "AdaptiveCard", "body": [field], "actions": [_action(plain, about)]}
        return {"type": "Action.ShowCard", "title": choice.label, "card": form}
    action: dict[str, Any] = {
        "type": "Action.Execute",
        "title": choice.label,
        "verb": VERB,
        "data": data,
        "fallback": {"type": "Action.Submit", "title": choice.label, "data": data},
    }
    if choice.style in STYLES:
        action["style"] = STYLES[choice.style]
        action["fallback"]["style"] = STYLES[choice.style]
    return action


def attachment(reply: Reply) -> dict[str, Any]:
    """The card of a reply as a message attachment."""
    return {"contentType": CARD_CONTENT_TYPE, "content": card(reply)}


def activity_json(reply: Reply) -> dict[str, Any]:
    """A reply as the JSON of an outgoing `message` activity (no addressing)."""
    if needs_card(reply):
        return {
            "type": "message",
            "locale": reply.locale,
            "attachments": [attachment(reply)],
            # A short text for notifications and clients that cannot show the card.
            "summary": _summary(reply),
        }
    return {
        "type": "message",
        "locale": reply.locale,
        "textFormat": "markdown",
        "text": message_text(reply),
    }


def _summary(reply: Reply) -> str:
    first = (reply.title or reply.text).strip().splitlines()
    plain = re.sub(r"\*\*|\[|\]\([^)]*\)", "", first[0] if first else "")
    return plain[:120]


def form_text(data: object) -> str | None:
    """The text typed into a pressed button's text box, if it has one."""
    value = data.get(FORM_KEY) if isinstance(data, dict) else None
    return value[: FORM_MAX * 2] if isinstance(value, str) and value.strip() else None


def action_value(data: object) -> str | None:
    """The core action value in an Action.Execute or Action.Submit payload, if any."""
    if isinstance(data, dict):
        value = data.get(DATA_KEY)
        if isinstance(value, str) and 0 < len(value) <= 200:
            return value
    return None
