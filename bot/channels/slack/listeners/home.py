"""The App Home tab: published whenever a member opens it."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from bot.channels.slack.chat import SlackContext, publish_home
from bot.channels.slack.identity import identity_of


def register(app: AsyncApp, ctx: SlackContext) -> None:
    """Listen to app_home_opened."""

    async def on_home_opened(
        body: dict[str, Any], event: dict[str, Any], client: AsyncWebClient
    ) -> None:
        """Publish a fresh Home view (progress and settings) when the Home tab is opened."""
        identity = identity_of(body)
        if event.get("tab") != "home" or identity is None:
            return
        await publish_home(ctx, client, identity)

    app.event("app_home_opened")(on_home_opened)
