"""The message shortcut "Check this answer": a private checklist for any message's text."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from bot.channels.slack.chat import SlackContext, dm_channel, post
from bot.channels.slack.listeners.messages import message_text
from bot.channels.slack.render import render_all

CHECK = "manabi_check"  # the callback_id in slack-manifest.yaml


def register(app: AsyncApp, ctx: SlackContext) -> None:
    """Listen to the "Check this answer" message shortcut."""

    async def on_check(
        ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient, respond: AsyncRespond
    ) -> None:
        """Ack at once, then reply with the checklist only the member sees (in their DM when
        Slack gives no response URL)."""
        await ack()
        inbound = await ctx.inbound(client, body, text=message_text(body.get("message") or {}))
        if inbound is None:
            return
        replies = await ctx.coach.check(inbound, ctx.clock.now())
        if not body.get("response_url"):
            await post(client, await dm_channel(client, inbound.identity.user_id), replies)
            return
        for message in render_all(replies):
            await respond(response_type="ephemeral", replace_original=False, **message)

    app.message_shortcut(CHECK)(on_check)
