"""One error handler for every listener: a kind word to the member, details to the log."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt.async_app import AsyncApp, AsyncBoltContext

from bot.channels.slack.chat import SlackContext
from bot.channels.slack.identity import identity_of
from bot.core.texts import t

log = logging.getLogger(__name__)


def register(app: AsyncApp, ctx: SlackContext) -> None:
    """Handle errors raised by listeners after their ack."""

    async def on_error(error: Exception, body: dict[str, Any], context: AsyncBoltContext) -> None:
        """Log the error's type (never its text: it may quote a message); tell the member."""
        log.error(
            "slack listener failed",
            extra={"error": error.__class__.__name__, "payload": body.get("type")},
        )
        identity = identity_of(body)
        client = context.client
        if identity is None or client is None:
            return
        try:
            opened = await client.conversations_open(users=identity.user_id)
            text = t("error", ctx.default_locale)
            await client.chat_postMessage(channel=opened["channel"]["id"], text=text)
        except Exception as exc:  # the member cannot be told; the log says why
            log.warning("could not send the error notice", extra={"error": type(exc).__name__})

    app.error(on_error)
