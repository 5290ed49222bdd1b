"""The /manabi slash command: any command, from anywhere, answered privately."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from bot.channels.slack.chat import SlackContext, respond_privately
from bot.channels.slack.render import render_all
from bot.core.messages import Inbound, Reply

COMMAND = "/manabi"


def register(app: AsyncApp, ctx: SlackContext) -> None:
    """Listen to /manabi [command]."""

    async def on_command(
        ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient, respond: AsyncRespond
    ) -> None:
        """Ack at once, then reply with ephemeral messages only the member sees (a slash
        command's body is the command: its text, user and team)."""
        text = (body.get("text") or "").strip() or "help"

        async def show(_inbound: Inbound, replies: list[Reply]) -> None:
            await respond_privately(respond, render_all(replies))

        await ctx.serve(ack, client, body, show, text=text)

    app.command(COMMAND)(on_command)
