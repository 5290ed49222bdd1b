"""A model answer streamed into Slack as it is written (chat.startStream / appendStream /
stopStream), ending in exactly the final answer with Slack's own feedback buttons."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from dataclasses import dataclass

import aiohttp
from slack_sdk.errors import SlackApiError, SlackRequestError
from slack_sdk.web.async_chat_stream import AsyncChatStream
from slack_sdk.web.async_client import AsyncWebClient

from bot.channels.slack.render import markdown_text, render_all, stream_footer
from bot.core.messages import Reply

log = logging.getLogger(__name__)
FAILURES = (SlackApiError, SlackRequestError, aiohttp.ClientError, TimeoutError)


@dataclass(frozen=True)
class StreamTarget:
    """Where an answer may be streamed: a thread in a member's DM or assistant pane (Slack
    streams only replies), for that member of that team."""

    channel: str
    thread_ts: str
    team: str
    user: str


class SlackDraft:
    """The core's Draft on Slack: the first part starts a streamed message (after the answer's
    title, which says it is an AI answer), later parts are appended (the SDK's ChatStream
    buffers them), and `finish` ends it as the final answer, or replaces it when the final
    answer does not continue what was written. A Slack failure ends the streaming, never the
    answer."""

    def __init__(self, client: AsyncWebClient, target: StreamTarget, buffer: int) -> None:
        self.client = client
        self.target = target
        self.buffer = buffer
        self.stream: AsyncChatStream | None = None
        self.header: str | None = None  # the answer's title, which the message starts with
        self.written = ""  # the core text given to the stream so far
        self.broken = False  # Slack refused a part: the rest is shown at the end
        self.closed = False  # the final word was given
        self.placeholder: str | None = None  # ts of an "answering…" message, if one was posted
        self._lock = asyncio.Lock()

    async def begin(self, title: str) -> None:
        """Note the answer's title: the streamed message starts with it (the core's Draft)."""
        self.header = title

    async def hold(self, text: str, thread_ts: str | None) -> str | None:
        """Post an "answering…" placeholder unless the stream has begun; return its ts."""
        async with self._lock:
            if self.stream is None and self.placeholder is None:
                response = await self.client.chat_postMessage(
                    channel=self.target.channel, thread_ts=thread_ts, text=text
                )
                self.placeholder = str(response["ts"])
            return self.placeholder

    async def write(self, text: str) -> None:
        """Append a checked part of the answer (the core's Draft port)."""
        async with self._lock:
            if self.broken or self.closed:
                return
            try:
                if self.stream is None:
                    await self._drop_placeholder()
                    target = self.target
                    self.stream = await self.client.chat_stream(
                        buffer_size=self.buffer,
                        channel=target.channel,
                        thread_ts=target.thread_ts,
                        recipient_team_id=target.team,
                        recipient_user_id=target.user,
                    )
                    if self.header:
                        await self.stream.append(
                            markdown_text=f"**{markdown_text(self.header)}**\n\n"
                        )
                await self.stream.append(markdown_text=markdown_text(text))
                self.written += text
            except FAILURES as exc:
                self.broken = True
                log.warning("slack stream failed", extra={"slack_error": _code(exc)})

    async def finish(self, replies: Sequence[Reply]) -> bool:
        """Show the final replies on the streamed message; False when nothing was streamed,
        and the caller shows them as usual."""
        async with self._lock:
            stream, self.closed = self.stream, True  # no more parts after the final word
            if stream is None:
                return False
            answer = next((r for r in replies if r.kind == "answer"), None)
            continues = (
                answer is not None
                and not self.broken
                and answer.title == self.header
                and answer.text.startswith(self.written)
            )
            try:
                if answer is not None and continues:
                    rest = answer.text[len(self.written) :]
                    await stream.stop(
                        markdown_text=markdown_text(rest) or None, blocks=stream_footer(answer)
                    )
                    others = [r for r in replies if r is not answer]
                else:
                    await self._stop_and_replace(stream, list(replies))
                    others = []
            except FAILURES as exc:
                log.warning("slack stream could not end", extra={"slack_error": _code(exc)})
                return False if stream.ts is None else await self._replace(stream.ts, replies)
            for message in render_all(others):
                await self.client.chat_postMessage(
                    channel=self.target.channel, thread_ts=self.target.thread_ts, **message
                )
            return True

    async def _stop_and_replace(self, stream: AsyncChatStream, replies: list[Reply]) -> None:
        """End the stream and put the final replies in its place: nothing half-written stays."""
        await stream.stop()
        if stream.ts is not None:
            await self._replace(stream.ts, replies)

    async def _replace(self, ts: str, replies: Sequence[Reply]) -> bool:
        """The streamed message becomes the first final message (or goes, if there is none)."""
        messages = render_all(replies)
        if not messages:
            await self.client.chat_delete(channel=self.target.channel, ts=ts)
            return True
        first, *rest = messages
        await self.client.chat_update(channel=self.target.channel, ts=ts, **first)
        for message in rest:
            await self.client.chat_postMessage(
                channel=self.target.channel, thread_ts=self.target.thread_ts, **message
            )
        return True

    async def _drop_placeholder(self) -> None:
        if self.placeholder is not None:
            await self.client.chat_delete(channel=self.target.channel, ts=self.placeholder)
            self.placeholder = None


def _code(exc: Exception) -> str:
    """A Slack error code (or the exception's kind) for the log: never message text."""
    if isinstance(exc, SlackApiError) and isinstance(exc.response.data, dict):
        return str(exc.response.data.get("error"))
    return type(exc).__name__
