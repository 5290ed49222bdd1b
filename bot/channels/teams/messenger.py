"""Proactive Teams messages through a stored conversation reference (core's Messenger port)."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Sequence

import aiohttp
from microsoft_agents.activity import Activity, ConversationReference
from microsoft_agents.hosting.aiohttp import CloudAdapter
from microsoft_agents.hosting.core import ClaimsIdentity, TurnContext

from bot.channels.teams import render
from bot.core.messages import Reply
from bot.core.ports import (
    Address,
    PermanentSendError,
    RateLimited,
    SendError,
    SentHook,
    TransientSendError,
)

log = logging.getLogger(__name__)

SEND_TIMEOUT = 20.0  # seconds for one proactive send, token acquisition included
DEFAULT_RETRY_AFTER = 1.0
_Callback = Callable[[TurnContext], Awaitable[None]]


class TeamsMessenger:
    """Sends replies to a Teams learner by continuing their stored conversation."""

    def __init__(
        self, adapter: CloudAdapter, app_id: str | None, timeout: float = SEND_TIMEOUT
    ) -> None:
        self.adapter = adapter
        self.app_id = app_id
        self.timeout = timeout

    async def send(
        self, address: Address, replies: Sequence[Reply], on_sent: SentHook | None = None
    ) -> str:
        """Send the replies, telling `on_sent` each activity id; return the Teams id of the
        last message, or raise a SendError."""
        if not address.conversation_ref:
            raise PermanentSendError("no_conversation_ref")
        try:
            reference = ConversationReference.model_validate(address.conversation_ref)
        except ValueError:
            raise PermanentSendError("bad_conversation_ref") from None
        sent: list[str] = []
        failures: list[BaseException] = []

        async def callback(context: TurnContext) -> None:
            # Errors are kept, not raised: the SDK would hand them to on_turn_error.
            try:
                for reply in replies:
                    outgoing = Activity.model_validate(render.activity_json(reply))
                    response = await context.send_activity(outgoing)
                    sent.append(response.id if response and response.id else "")
                    if on_sent is not None:
                        on_sent(len(sent), sent[-1])
            except Exception as exc:
                failures.append(exc)

        try:
            async with asyncio.timeout(self.timeout):
                await self._continue(reference, callback)
        except TimeoutError:
            raise TransientSendError("timeout") from None
        except Exception as exc:  # token acquisition, connection set-up
            failures.append(exc)
        if failures:
            error = send_error(failures[0]).after(len(sent))
            log.warning(
                "teams send failed",
                extra={"learner_id": address.learner_id, "code": error.code},
            )
            raise error
        return sent[-1] if sent else ""

    async def _continue(self, reference: ConversationReference, callback: _Callback) -> None:
        continuation = reference.get_continuation_activity()
        continuation.id = None  # post to the chat, not as a reply to this synthetic event
        if self.app_id:
            await self.adapter.continue_conversation(self.app_id, continuation, callback)
        else:  # anonymous local development: no token for the connector
            await self.adapter.continue_conversation_with_claims(
                ClaimsIdentity({}), continuation, callback
            )


def send_error(exc: BaseException) -> SendError:
    """Map a connector failure to core's send errors."""
    if isinstance(exc, SendError):
        return exc
    if isinstance(exc, aiohttp.ClientResponseError):
        status = exc.status
        if status == 429:
            return RateLimited(_retry_after(exc), code="http_429")
        if status in (403, 404):  # the app was blocked or uninstalled, or the chat is gone
            return PermanentSendError(f"http_{status}")
        return TransientSendError(f"http_{status}")
    if isinstance(exc, (aiohttp.ClientError, TimeoutError, OSError)):
        return TransientSendError("connection")
    return TransientSendError(type(exc).__name__)


def _retry_after(exc: aiohttp.ClientResponseError) -> float:
    value = exc.headers.get("Retry-After") if exc.headers else None
    try:
        return max(0.0, float(value)) if value is not None else DEFAULT_RETRY_AFTER
    except ValueError:
        return DEFAULT_RETRY_AFTER
