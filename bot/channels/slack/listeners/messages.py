"""Direct messages and @-mentions: free text and typed commands, to the coach."""

from __future__ import annotations

import re
from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from bot.channels.slack.chat import SlackContext, converse
from bot.channels.slack.stream import StreamTarget

MENTION = re.compile(r"<@[A-Z0-9]+(\|[^>]*)?>")
_LINK = re.compile(r"<(https?://[^|>\s]+)(?:\|([^>]*))?>")
_REFERENCE = re.compile(r"<[@#!][^|>]*(?:\|([^>]*))?>")  # <@U123>, <#C1|general>, <!here>


def message_text(message: dict[str, Any]) -> str:
    """A Slack message's text as its author wrote it: links as their address (with the label
    when it differs), mentions and channels as their label (if any), Slack's escapes undone."""

    def link(match: re.Match[str]) -> str:
        url, label = match.group(1), match.group(2)
        return url if not label or label in url else f"{label} ({url})"

    text = _LINK.sub(link, str(message.get("text") or ""))
    text = _REFERENCE.sub(lambda match: match.group(1) or "", text)
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def is_from_member(event: dict[str, Any]) -> bool:
    """A member's own new message: not a bot's (ours included), not an edit or a deletion."""
    return not event.get("subtype") and not event.get("bot_id") and bool(event.get("user"))


def register(app: AsyncApp, ctx: SlackContext) -> None:
    """Listen to DMs (message.im) and mentions in channels (app_mention)."""

    async def on_message(
        body: dict[str, Any], event: dict[str, Any], client: AsyncWebClient
    ) -> None:
        """A DM to the app: a command, a choice number, or a question."""
        if event.get("channel_type") != "im" or not is_from_member(event):
            return
        text, event_id = message_text(event), body.get("event_id")
        inbound = await ctx.inbound(client, body, text=text, event_id=event_id)
        if inbound is None:
            return
        # A model answer streams as a reply to the question (Slack streams only replies).
        who = inbound.identity
        target = StreamTarget(event["channel"], event["ts"], who.workspace, who.user_id)
        await converse(
            ctx, client, event["channel"], inbound, thread_ts=event.get("thread_ts"), stream=target
        )

    async def on_mention(
        body: dict[str, Any], event: dict[str, Any], client: AsyncWebClient
    ) -> None:
        """An @Manabi in a channel: answer in a thread."""
        if not is_from_member(event):
            return
        text = message_text({"text": MENTION.sub("", event.get("text") or "")}).strip()
        inbound = await ctx.inbound(client, body, text=text, event_id=body.get("event_id"))
        if inbound is None:
            return
        thread = event.get("thread_ts") or event["ts"]
        await converse(ctx, client, event["channel"], inbound, thread_ts=thread, shared=True)

    app.event("message")(on_message)
    app.event("app_mention")(on_mention)
