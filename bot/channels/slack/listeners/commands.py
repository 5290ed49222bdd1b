"""The /manabi slash command: any command, from anywhere, answered privately."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from bot.channels.slack.chat import SlackContext
from bot.channels.slack.identity import identity_of
from bot.channels.slack.render import render_all
from bot.core.messages import Inbound

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
        identity = identity_of(body)
        if identity is None:
            return
        profile = await ctx.directory.profile(client, identity)
        inbound = Inbound(
            identity,
            text=(command.get("text") or "").strip() or "help",
            timezone=profile.timezone,
            locale=profile.locale,
        )
        for message in render_all(await ctx.coach.handle(inbound, ctx.clock.now())):
            await respond(response_type="ephemeral", replace_original=False, **message)

    app.command(COMMAND)(on_command)
