"""The message shortcut "Check this answer": a private checklist for any message's text."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from bot.channels.slack.chat import SlackContext, dm_channel, post, respond_privately
from bot.channels.slack.listeners.messages import message_text
from bot.channels.slack.render import render_all
from bot.core.messages import Inbound, Reply

CHECK = "manabi_check"  # the callback_id in slack-manifest.yaml


def register(app: AsyncApp, ctx: SlackContext) -> None:
    """Listen to the "Check this answer" message shortcut."""

    async def on_check(
        ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient, respond: AsyncRespond
    ) -> None:
        """Ack at once, then reply with the checklist only the member sees (in their DM when
        Slack gives no response URL)."""

        async def show(inbound: Inbound, replies: list[Reply]) -> None:
            if body.get("response_url"):
                await respond_privately(respond, render_all(replies))
            else:
                await post(client, await dm_channel(client, inbound.identity.user_id), replies)

        text = message_text(body.get("message") or {})
        await ctx.serve(ack, client, body, show, text=text, check=True)

    app.message_shortcut(CHECK)(on_check)
