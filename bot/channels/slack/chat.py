"""Talk to the coach and post its replies in a Slack conversation."""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from bot.channels.slack.identity import Directory, identity_of
from bot.channels.slack.officer_home import officer_blocks
from bot.channels.slack.render import (
    answered,
    closed,
    fallback,
    home_view,
    lesson_part,
    marked,
    render,
    render_all,
)
from bot.channels.slack.stream import SlackDraft, StreamTarget
from bot.core.conversation import Coach
from bot.core.messages import Identity, Inbound, Reply
from bot.core.officers.desk import OfficerDesk
from bot.core.ports import Clock
from bot.core.texts import t

log = logging.getLogger(__name__)

Show = Callable[[Inbound, list[Reply]], Awaitable[None]]  # where a listener shows replies


@dataclass
class SlackContext:
    """What the Slack listeners share: the coach, the clock and the members' profiles."""

    coach: Coach
    clock: Clock
    directory: Directory = field(default_factory=Directory)
    default_locale: str = "ja"
    answering_after: float = 1.0  # seconds before an "answering…" placeholder appears
    streaming: bool = True  # stream model answers (chat.startStream) where Slack allows
    stream_buffer: int = 120  # characters gathered before each chat.appendStream
    _locks: dict[str, tuple[asyncio.Lock, int]] = field(default_factory=dict)

    @functools.cached_property
    def officers(self) -> OfficerDesk:
        """The officers' use cases, on the coach's database and curriculum."""
        coach = self.coach
        return OfficerDesk(coach.sessions, coach.curriculum, coach.config.min_group_size)

    async def inbound(
        self,
        client: AsyncWebClient,
        body: dict[str, Any],
        *,
        text: str | None = None,
        action: str | None = None,
        event_id: str | None = None,
    ) -> Inbound | None:
        """A member's message or press as core takes it, in their profile's language and time
        zone (the profile is cached; it matters at first contact); None when no member sent it."""
        identity = identity_of(body)
        if identity is None:
            return None
        profile = await self.directory.profile(client, identity)
        return Inbound(
            identity,
            text=text,
            action=action,
            event_id=event_id,
            timezone=profile.timezone,
            locale=profile.locale,
        )

    async def serve(
        self,
        ack: AsyncAck,
        client: AsyncWebClient,
        body: dict[str, Any],
        show: Show,
        *,
        text: str | None = None,
        action: str | None = None,
        event_id: str | None = None,
        check: bool = False,
        key: Callable[[Inbound], str] | None = None,
    ) -> None:
        """A member's command, press or shortcut: ack at once, hand it to the coach (for a
        checklist when `check`) and `show` the replies; nothing when no member sent it. With
        `key`, turns on one key are handled and shown one at a time, in order."""
        await ack()
        inbound = await self.inbound(client, body, text=text, action=action, event_id=event_id)
        if inbound is None:
            return
        turn = self.coach.check if check else self.coach.handle
        async with self.lock(key(inbound)) if key else contextlib.nullcontext():
            await show(inbound, await turn(inbound, self.clock.now()))

    @contextlib.asynccontextmanager
    async def lock(self, key: str) -> AsyncIterator[None]:
        """Serialise work on one key (one message) within this process."""
        lock, users = self._locks.get(key, (asyncio.Lock(), 0))
        self._locks[key] = (lock, users + 1)
        try:
            async with lock:
                yield
        finally:
            lock, users = self._locks[key]
            if users == 1:
                del self._locks[key]
            else:
                self._locks[key] = (lock, users - 1)


async def post(
    client: AsyncWebClient, channel: str, replies: Sequence[Reply], thread_ts: str | None = None
) -> str | None:
    """Post replies in order; return the ts of the last message."""
    ts = None
    for message in render_all(replies):
        response = await client.chat_postMessage(channel=channel, thread_ts=thread_ts, **message)
        ts = str(response["ts"])
    return ts


async def respond_privately(respond: AsyncRespond, messages: Iterable[dict[str, Any]]) -> None:
    """Send messages through the response URL, each a new one only the member sees."""
    for message in messages:
        await respond(response_type="ephemeral", replace_original=False, **message)


PRIVATE_KINDS = ("checklist",)  # quotes what a member pasted: never shown to a whole channel


async def converse(
    ctx: SlackContext,
    client: AsyncWebClient,
    channel: str,
    inbound: Inbound,
    thread_ts: str | None = None,
    stream: StreamTarget | None = None,
    quiet: bool = False,
    shared: bool = False,
) -> list[Reply]:
    """Hand text to the coach. A model answer is streamed to `stream` when given (and
    streaming is on); otherwise, if it takes long, a placeholder is shown and filled in
    (unless `quiet`: the assistant pane's status says it already). In a `shared` channel, a
    checklist is shown only to the member who asked (ephemeral). Returns the replies."""
    locale = inbound.locale or ctx.default_locale
    draft = None
    if stream is not None and ctx.streaming:
        draft = SlackDraft(client, stream, ctx.stream_buffer)
    task = asyncio.create_task(ctx.coach.handle(inbound, ctx.clock.now(), draft))
    done, _ = await asyncio.wait({task}, timeout=ctx.answering_after)
    placeholder = None
    if not done and not quiet:
        if draft is not None:
            placeholder = await draft.hold(t("answering", locale), thread_ts)
        else:
            waiting = await client.chat_postMessage(
                channel=channel, thread_ts=thread_ts, text=t("answering", locale)
            )
            placeholder = str(waiting["ts"])
    replies = await task
    if draft is not None:
        if await draft.finish(replies):
            return replies
        placeholder = draft.placeholder
    shown = await _post_private(client, channel, inbound, replies, thread_ts, shared)
    if placeholder is None:
        await post(client, channel, shown, thread_ts)
        return replies
    if not shown:
        await client.chat_delete(channel=channel, ts=placeholder)
        return replies
    first, *rest = render_all(shown)
    await client.chat_update(channel=channel, ts=placeholder, **first)
    for message in rest:
        await client.chat_postMessage(channel=channel, thread_ts=thread_ts, **message)
    return replies


async def _post_private(
    client: AsyncWebClient,
    channel: str,
    inbound: Inbound,
    replies: Sequence[Reply],
    thread_ts: str | None,
    shared: bool,
) -> list[Reply]:
    """In a shared channel, post the private replies as ephemeral messages to the member;
    return the replies still to show to everyone."""
    if not shared:
        return list(replies)
    for message in render_all([r for r in replies if r.kind in PRIVATE_KINDS]):
        await client.chat_postEphemeral(
            channel=channel, user=inbound.identity.user_id, thread_ts=thread_ts, **message
        )
    return [r for r in replies if r.kind not in PRIVATE_KINDS]


def is_foreign(replies: Sequence[Reply]) -> bool:
    """Core's answer to a member who pressed a button offered to someone else."""
    return any(reply.kind == "not_yours" for reply in replies)


async def after_click(
    client: AsyncWebClient,
    body: dict[str, Any],
    replies: Sequence[Reply],
    label: str,
) -> None:
    """Show the replies to a button pressed in a message: the clicked message loses its
    buttons (or becomes the feedback), and the rest follow in the same conversation. A press
    on someone else's buttons is answered to the presser alone and leaves the message be."""
    channel = body["container"]["channel_id"]
    message = body.get("message") or {}
    thread_ts = message.get("thread_ts")
    if is_foreign(replies):
        for piece in render_all(replies):
            await client.chat_postEphemeral(
                channel=channel, user=body["user"]["id"], thread_ts=thread_ts, **piece
            )
        return
    locale = replies[0].locale if replies else "ja"
    replacing = [r for r in replies if r.replace_original][:1]
    blocks = message.get("blocks") or []
    stale = any(reply.kind == "stale" for reply in replies)
    kept = closed(blocks, locale) if stale else answered(blocks, label, locale)
    chosen = t("chosen", locale, label=label)
    update: dict[str, Any] | None = {"text": message.get("text") or chosen, "blocks": kept}
    following = list(replies)
    extra: list[dict[str, Any]] = []
    if replacing:
        following.remove(replacing[0])
        feedback = render(replacing[0])
        blocks = kept + feedback[0]["blocks"]
        update = {"text": feedback[0]["text"], "blocks": blocks} if len(blocks) <= 50 else None
        extra = feedback if update is None else feedback[1:]
        lesson = lesson_part(message.get("blocks") or [])
        if update is None and lesson:  # the lesson stays; the feedback follows it
            update = {
                "text": message.get("text") or chosen,
                "blocks": answered(lesson, label, locale),
            }
    if update is not None:
        await client.chat_update(channel=channel, ts=body["container"]["message_ts"], **update)
    elif extra:
        first, *extra = extra
        await client.chat_update(channel=channel, ts=body["container"]["message_ts"], **first)
    for piece in extra:
        await client.chat_postMessage(channel=channel, thread_ts=thread_ts, **piece)
    await post(client, channel, following, thread_ts)


async def after_mark(
    client: AsyncWebClient,
    body: dict[str, Any],
    block_id: str,
    replies: Sequence[Reply],
    respond: AsyncRespond,
) -> None:
    """A claim was marked: its row of buttons becomes the mark, in place, from the message
    Slack sent back with the press. Slack sends no message with a press on an ephemeral one,
    and nothing is kept to rebuild it: there the mark follows as a line of its own (a second
    press on the same claim changes nothing)."""
    container = body["container"]
    message = body.get("message") or {}
    mark = next(reply for reply in replies if reply.kind == "claim_marked")
    following = [reply for reply in replies if reply is not mark]
    blocks = message.get("blocks") or []
    ephemeral = bool(container.get("is_ephemeral"))
    if blocks:
        update: dict[str, Any] = {
            "text": message.get("text") or fallback(mark),
            "blocks": marked(blocks, block_id, mark.text),
        }
        if ephemeral:
            await respond(replace_original=True, **update)
        else:
            await client.chat_update(
                channel=container["channel_id"], ts=container["message_ts"], **update
            )
    else:
        following.insert(0, mark)
    if ephemeral:
        await respond_privately(respond, render_all(following))
    else:
        await post(client, container["channel_id"], following, message.get("thread_ts"))


async def dm_channel(client: AsyncWebClient, user_id: str) -> str:
    """The member's DM channel with the app."""
    response = await client.conversations_open(users=user_id)
    return str(response["channel"]["id"])


async def publish_home(ctx: SlackContext, client: AsyncWebClient, identity: Identity) -> None:
    """Render and publish the member's App Home from core's home view."""
    home = await ctx.coach.home(identity, ctx.clock.now(), locale=ctx.default_locale)
    view = home_view(home)
    view["blocks"] += await officer_blocks(ctx.officers, identity, ctx.clock.now())  # officers only
    await client.views_publish(user_id=identity.user_id, view=view)
