"""Every Slack listener, registered in one place."""

from __future__ import annotations

from slack_bolt.async_app import AsyncApp

from bot.channels.slack.chat import SlackContext
from bot.channels.slack.listeners import (
    actions,
    assistant,
    commands,
    errors,
    home,
    messages,
    officers,
    shortcuts,
)


def register(app: AsyncApp, ctx: SlackContext) -> None:
    """Attach all listeners to the Bolt app."""
    assistant.register(app, ctx)  # first: it takes the assistant pane's events and threads
    messages.register(app, ctx)
    actions.register(app, ctx)
    officers.register(app, ctx)  # before commands: it takes `/manabi announce` and `report`
    commands.register(app, ctx)
    shortcuts.register(app, ctx)
    home.register(app, ctx)
    errors.register(app, ctx)
