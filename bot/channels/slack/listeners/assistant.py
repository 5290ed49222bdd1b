"""Manabi's assistant pane (Slack's AI app view): suggested prompts when a thread starts or
its context changes, and questions, lessons and commands in the thread as in the DM."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt.async_app import AsyncApp, AsyncAssistant
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.channels.slack.chat import SlackContext, converse
from bot.channels.slack.identity import PLATFORM
from bot.channels.slack.listeners.messages import is_from_member, message_text
from bot.channels.slack.stream import StreamTarget
from bot.core.messages import Identity
from bot.core.texts import t

log = logging.getLogger(__name__)


def thread_of(body: dict[str, Any]) -> tuple[Identity, str, str, dict[str, Any]] | None:
    """The member, channel, thread and context of an assistant_thread_* event."""
    event = body.get("event") or {}
    thread = event.get("assistant_thread") or {}
    user, team = thread.get("user_id"), body.get("team_id")
    channel, ts = thread.get("channel_id"), thread.get("thread_ts")
    if not (user and team and channel and ts):
        return None
    return (
        Identity(PLATFORM, str(team), str(user)),
        str(channel),
        str(ts),
        thread.get("context") or {},
    )


async def set_status(client: AsyncWebClient, channel: str, thread: str, status: str) -> bool:
    """Show (or clear, with "") the thread's status; False where Slack has none to show (a DM
    thread outside the assistant pane)."""
    try:
        await client.assistant_threads_setStatus(
            channel_id=channel, thread_ts=thread, status=status
        )
    except SlackApiError as exc:
        data = exc.response.data if isinstance(exc.response.data, dict) else {}
        log.info("assistant status not set", extra={"slack_error": data.get("error")})
        return False
    return True


def register(app: AsyncApp, ctx: SlackContext) -> None:
    """Attach the Assistant middleware: it takes assistant events and messages in DM threads
    (the assistant pane's threads); top-level DMs go on to the message listener."""
    assistant = AsyncAssistant()

    async def suggest(body: dict[str, Any], client: AsyncWebClient, *, title: bool) -> None:
        """Offer prompts that fit the member and where the pane is open; name the thread."""
        found = thread_of(body)
        if found is None:
            return
        identity, channel, ts, context = found
        profile = await ctx.directory.profile(client, identity)
        suggestions = await ctx.coach.suggest(
            identity,
            ctx.clock.now(),
            beside_channel=bool(context.get("channel_id")),
            locale=profile.locale,
            timezone=profile.timezone,
        )
        prompts = [{"title": p.title, "message": p.message} for p in suggestions.prompts]
        await client.assistant_threads_setSuggestedPrompts(
            channel_id=channel, thread_ts=ts, title=suggestions.heading, prompts=prompts
        )
        if title:
            await client.assistant_threads_setTitle(
                channel_id=channel, thread_ts=ts, title=suggestions.thread_title
            )

    async def on_thread_started(body: dict[str, Any], client: AsyncWebClient) -> None:
        """The member opened the pane: prompts and a title."""
        await suggest(body, client, title=True)

    async def on_context_changed(body: dict[str, Any], client: AsyncWebClient) -> None:
        """The member moved to another channel with the pane open: prompts that fit there."""
        await suggest(body, client, title=False)

    async def on_user_message(
        body: dict[str, Any], event: dict[str, Any], client: AsyncWebClient
    ) -> None:
        """A message in the pane's thread (or in a DM thread): "thinking…", then the coach's
        replies in the thread, a model answer streamed."""
        if not is_from_member(event):
            return
        text, event_id = message_text(event), body.get("event_id")
        inbound = await ctx.inbound(client, body, text=text, event_id=event_id)
        if inbound is None:
            return
        channel, thread = event["channel"], event["thread_ts"]
        locale = inbound.locale or ctx.default_locale
        status = await set_status(client, channel, thread, t("assistant_thinking", locale))
        who = inbound.identity
        target = StreamTarget(channel, thread, who.workspace, who.user_id)
        replies = await converse(ctx, client, channel, inbound, thread, stream=target, quiet=True)
        if status and not replies:  # a reply clears the status; without one, clear it here
            await set_status(client, channel, thread, "")

    assistant.thread_started(on_thread_started)
    assistant.thread_context_changed(on_context_changed)
    assistant.user_message(on_user_message)
    app.assistant(assistant)
