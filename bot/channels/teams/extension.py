"""The Teams message action "Check this answer": the chosen message's text in, and the
checklist out as a dialog (task module) that only the member sees."""

from __future__ import annotations

import html
from collections.abc import Sequence
from html.parser import HTMLParser
from typing import Any

from bot.channels.teams import card_state, render
from bot.core.messages import Reply
from bot.core.texts import t

CHECK_COMMAND = "checkAnswer"  # the command id in the app manifest
FETCH_TASK = "composeExtension/fetchTask"
SUBMIT_ACTION = "composeExtension/submitAction"
BLOCKS = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre"}


class _Text(HTMLParser):
    """The text of a Teams message's HTML body: a line per block, links with their address."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._links: list[tuple[str | None, int]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in BLOCKS:
            self.parts.append("\n")
        if tag == "a":
            self._links.append((dict(attrs).get("href"), len(self.parts)))

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._links:
            href, start = self._links.pop()
            label = "".join(self.parts[start:])
            if href and href.startswith(("http://", "https://")) and label.strip() not in href:
                self.parts.append(f" ({href})")
        elif tag in BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def message_text(payload: object) -> str:
    """The text of the message a member chose (`messagePayload`), as plain text."""
    body = payload.get("body") if isinstance(payload, dict) else None
    if not isinstance(body, dict):
        return ""
    content = str(body.get("content") or "")
    if str(body.get("contentType") or "html").lower() != "html":
        return html.unescape(content)
    parser = _Text()
    parser.feed(content)
    parser.close()
    lines = (" ".join(line.split()) for line in "".join(parser.parts).splitlines())
    return "\n".join(line for line in lines if line)


def checklist_task(replies: Sequence[Reply], locale: str) -> dict[str, Any]:
    """The invoke response: a dialog with the replies (the checklist) as one Adaptive Card."""
    if not replies:  # a retried invoke that was answered already
        return {"task": {"type": "message", "value": t("teams_card_received", locale)}}
    # Without the claims' mark buttons: a press in a dialog would submit the dialog, and the
    # dialog cannot be rebuilt without the text, which is not kept. Marks are made in the chat.
    body = [
        block
        for reply in replies
        for block in card_state.without(render.card(reply))["body"]
        if block.get("type") != "ActionSet"
    ]
    card = {**render.card(replies[0]), "body": body}
    value = {
        "title": t("teams_check_title", replies[0].locale),
        "height": "large",
        "width": "large",
        "card": {"contentType": render.CARD_CONTENT_TYPE, "content": card},
    }
    return {"task": {"type": "continue", "value": value}}
