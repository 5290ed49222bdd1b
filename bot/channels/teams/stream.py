"""A model answer streamed into a Teams 1:1 chat as it is written (the Agents SDK's streaming
response: an informative update, streamed text, then the final message), ending in exactly
the final answer, with the AI label and the lessons it cites as citations."""

from __future__ import annotations

import re
from collections.abc import Sequence

from microsoft_agents.activity import Attachment
from microsoft_agents.hosting.core import TurnContext
from microsoft_agents.hosting.core.app.streaming import Citation, StreamingResponse

from bot.channels.teams import render
from bot.core.messages import Reply
from bot.core.texts import t

JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")


class AnswerStream(StreamingResponse):
    """The SDK's streaming response, whose final message may differ from what was streamed."""

    def rewrite(self, text: str) -> None:
        """Make `text` the final message's text. The SDK (1.9) only appends to the streamed
        text, and Teams shows the final message in place of the streamed one."""
        self._message = text


class TeamsDraft:
    """The core's Draft on Teams: `begin` queues the "Thinking…" update while the model
    thinks, each checked part is queued as streamed text after the title (the SDK sends the
    text so far at most once a second), and `finish` ends the stream with the final answer
    as its final message."""

    def __init__(self, context: TurnContext) -> None:
        self.stream = AnswerStream(context)
        self.header: str | None = None  # the answer's title, which the streamed text starts with
        self.written = ""  # the core text given to the stream so far

    @property
    def started(self) -> bool:
        """Has the stream begun (so the turn must end it)?"""
        return self.header is not None

    async def begin(self, title: str) -> None:
        """The model is asked: say so, in the answer's language (the core's Draft port)."""
        self.header = title
        # The title is in the answer's language, which is the member's chosen one.
        locale = "ja" if JAPANESE.search(title) else "en"
        self.stream.queue_informative_update(t("assistant_thinking", locale))

    async def write(self, text: str) -> None:
        """Stream a checked part of the answer, the first after the title (the core's Draft
        port)."""
        if not self.written:
            self.stream.queue_text_chunk(f"**{_escape(self.header or '')}**\n\n")
        self.stream.queue_text_chunk(_escape(text))
        self.written += text

    async def finish(self, replies: Sequence[Reply]) -> list[Reply]:
        """End the stream with the final message; return the replies still to send. The final
        message is the answer when it continues what was streamed, else the first reply (the
        offline answer when the model broke off): nothing half-written is left as final."""
        answer = next((r for r in replies if r.kind == "answer"), None)
        continues = (
            answer is not None
            and answer.title == self.header
            and answer.text.startswith(self.written)
        )
        # A begun answer always ends in replies: the answer, or the offline one in its place.
        final = answer if answer is not None and continues else replies[0]
        self.stream.rewrite(render.message_text(final))
        if final.choices:  # Manabi's own buttons (👍/👎 and the like) go with the answer
            card = render.buttons_card(final)
            self.stream.set_attachments(
                [Attachment(content_type=render.CARD_CONTENT_TYPE, content=card)]
            )
        # The AI label only on the model's own answer; an offline answer says it is not one.
        self.stream.set_generated_by_ai_label(continues)
        self.stream.set_citations(citations(final))
        await self.stream.end_stream()
        return [r for r in replies if r is not final]


def citations(reply: Reply) -> list[Citation]:
    """The lessons a reply cites, as the SDK's citations: citation n is the lesson marked [n]
    (the SDK numbers citations from 1 and shows only those whose marker is in the text)."""
    by_number = {c.number: c for c in reply.cited}
    found = []
    for number in range(1, max(by_number, default=0) + 1):
        cited = by_number.get(number)
        title = cited.title if cited else ""
        found.append(Citation(content=title, title=title, url=cited.url if cited else None))
    return found


def _escape(text: str) -> str:
    """Streamed text as Teams shows it safely (Teams would run some HTML)."""
    return text.replace("<", "&lt;").replace(">", "&gt;")
