"""Buttons and pickers (block_actions), in messages and on the App Home."""

from __future__ import annotations

import re
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from bot.channels.slack.chat import (
    SlackContext,
    after_click,
    after_mark,
    dm_channel,
    post,
    publish_home,
    respond_privately,
)
from bot.channels.slack.render import ACTION_PREFIX, ROW_BLOCK, render_all
from bot.core.actions import Command, Rate, read
from bot.core.messages import Inbound, Reply


def action_value(action: dict[str, Any]) -> str:
    """The coach's action value: a button's value, or a time picked on the App Home."""
    if action.get("type") == "timepicker":
        return Command(f"time {action.get('selected_time') or ''}").encode()
    return str(action.get("value") or "")


def label_of(action: dict[str, Any]) -> str:
    """What the pressed button said: its text, or 👍/👎 for Slack's feedback buttons (whose
    press carries only the value)."""
    if action.get("type") == "feedback_buttons":
        pressed = read(str(action.get("value") or ""))
        if pressed is not None and isinstance(pressed.action, Rate):
            return "👍" if pressed.action.rating > 0 else "👎"
    return str((action.get("text") or {}).get("text") or "")


def action_id(body: dict[str, Any], action: dict[str, Any]) -> str:
    """A stable id for this press, so a redelivered request is handled once."""
    container = body.get("container") or {}
    where = container.get("message_ts") or container.get("view_id") or ""
    return f"action:{body['user']['id']}:{where}:{action.get('action_ts')}"


def register(app: AsyncApp, ctx: SlackContext) -> None:
    """Listen to every Manabi button and picker."""

    async def on_action(
        ack: AsyncAck,
        body: dict[str, Any],
        action: dict[str, Any],
        client: AsyncWebClient,
        respond: AsyncRespond,
    ) -> None:
        """Ack, hand the choice to the coach, and show its replies where the button was;
        presses on one message are handled and shown in order."""
        container = body.get("container") or {}
        await ctx.serve(
            ack,
            client,
            body,
            lambda inbound, replies: show(inbound, replies, body, action, client, respond),
            action=action_value(action),
            event_id=action_id(body, action),
            key=lambda inbound: container.get("message_ts") or f"home:{inbound.identity.user_id}",
        )

    async def show(
        inbound: Inbound,
        replies: list[Reply],
        body: dict[str, Any],
        action: dict[str, Any],
        client: AsyncWebClient,
        respond: AsyncRespond,
    ) -> None:
        """Show the coach's replies to a press where the button was."""
        container = body.get("container") or {}
        if container.get("type") == "view":  # App Home: replies go to the DM, Home refreshes
            if replies:
                await post(client, await dm_channel(client, inbound.identity.user_id), replies)
            await publish_home(ctx, client, inbound.identity)
            return
        if not replies:
            return
        block_id = str(action.get("block_id") or "")
        if block_id.startswith(ROW_BLOCK) and any(r.kind == "claim_marked" for r in replies):
            await after_mark(client, body, block_id, replies, respond)
            return
        if container.get("is_ephemeral"):  # e.g. from /manabi: only response_url reaches it
            first, *rest = render_all(replies)
            await respond(replace_original=True, **first)
            await respond_privately(respond, rest)
            return
        await after_click(client, body, replies, label_of(action))

    app.action(re.compile(f"^{ACTION_PREFIX}"))(on_action)
