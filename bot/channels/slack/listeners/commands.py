"""The /manabi slash command: any command, from anywhere, answered privately."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from bot.channels.slack.chat import SlackContext
from bot.channels.slack.render import render_all

COMMAND = "/manabi"


def register(app: AsyncApp, ctx: SlackContext) -> None:
    """Listen to /manabi [command]."""

    async def on_command(
        ack: AsyncAck,
        body: dict[str, Any],
        command: dict[str, Any],
        client: AsyncWebClient,
        respond: AsyncRespond,
    ) -> None:
        """Ack at once, then reply with an ephemeral message only the member sees."""
        await ack()
        text = (command.get("text") or "").strip() or "help"
        inbound = await ctx.inbound(client, body, text=text)
        if inbound is None:
            return
        for message in render_all(await ctx.coach.handle(inbound, ctx.clock.now())):
            await respond(response_type="ephemeral", replace_original=False, **message)

    app.command(COMMAND)(on_command)
