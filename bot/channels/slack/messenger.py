"""Proactive Slack messages: post a learner's replies to their DM, with typed errors."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

import aiohttp
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.channels.slack.render import render_grouped
from bot.core.messages import Reply
from bot.core.ports import (
    Address,
    ChannelBook,
    Delivered,
    Pacer,
    PermanentSendError,
    RateLimited,
    SentHook,
    TransientSendError,
)

log = logging.getLogger(__name__)

TokenLookup = Callable[[str], Awaitable[str | None]]  # workspace (team id) -> bot token
# conversations.open is a Tier 4 method (100+ calls a minute per workspace), limited apart
# from chat.postMessage; with the channels kept in the database it is needed once a learner.
OPEN_PER_SECOND = 100 / 60
OPEN_BURST = 20.0


class OpenLimiter:
    """A token bucket per workspace for conversations.open, within this process (on
    PostgreSQL the app gives the messenger one shared by every replica instead)."""

    def __init__(self, rate: float = OPEN_PER_SECOND, burst: float = OPEN_BURST) -> None:
        self.rate, self.burst = rate, burst
        self._buckets: dict[str, tuple[float, float]] = {}  # workspace -> (tokens, at)

    async def reserve(self, workspace: str) -> float:
        """Take a token; return how many seconds to wait before using it (0 = no limit)."""
        if self.rate <= 0:
            return 0.0
        now = time.monotonic()
        tokens, at = self._buckets.get(workspace, (self.burst, now))
        tokens = min(self.burst, tokens + (now - at) * self.rate) - 1.0
        self._buckets[workspace] = (tokens, now)
        return 0.0 if tokens >= 0 else -tokens / self.rate


# Errors after which nothing more can reach this member through this installation.
PERMANENT = frozenset(
    {
        "channel_not_found",
        "account_inactive",
        "token_revoked",
        "token_expired",
        "not_in_channel",
        "user_not_found",
        "users_not_found",
        "user_disabled",
        "is_archived",
        "invalid_auth",
        "not_authed",
        "no_permission",
        "missing_scope",
        "cannot_dm_bot",
        "team_access_not_granted",
        "ekm_access_denied",
        "no_installation",
    }
)
DEFAULT_RETRY_AFTER = 1.0


def classify(exc: SlackApiError) -> RateLimited | PermanentSendError | TransientSendError:
    """Map a Slack Web API error to the outbox's error types."""
    response = exc.response
    data = response.data if isinstance(response.data, dict) else {}  # a 5xx may not be JSON
    code = str(data.get("error") or f"http_{response.status_code}")
    if response.status_code == 429 or code == "ratelimited":
        header = response.headers.get("Retry-After") or response.headers.get("retry-after")
        try:
            retry_after = float(header) if header is not None else DEFAULT_RETRY_AFTER
        except ValueError:
            retry_after = DEFAULT_RETRY_AFTER
        return RateLimited(retry_after)
    if code in PERMANENT:
        return PermanentSendError(code)
    # 5xx, internal_error, fatal_error, and anything unknown: worth another try later.
    return TransientSendError(code)


HISTORY_LIMIT = 20  # the recovery lookup reads this many of the DM's latest messages, once


def outbox_metadata(key: str, *, part: int = 1, last: bool = True) -> dict[str, Any]:
    """Slack message metadata that names the outbox row a message was sent for, which of the
    row's replies it belongs to (counting from 1), and whether it is the row's last message
    (only then is the row known to be delivered in full)."""
    return {
        "event_type": "manabi_outbox",
        "event_payload": {"outbox_key": key, "part": part, "last": last},
    }


class SlackMessenger:
    """Sends replies to a learner's Slack DM; returns the ts of the last message posted."""

    def __init__(
        self,
        token_for: TokenLookup,
        base_url: str,
        timeout: float = 10.0,
        book: ChannelBook | None = None,
        open_per_minute: float = OPEN_PER_SECOND * 60,
    ) -> None:
        # No retry handlers: the outbox reschedules on 429 and transient errors itself.
        self.client = AsyncWebClient(base_url=base_url, timeout=int(timeout), retry_handlers=[])
        self._timeout = timeout
        self._token_for = token_for
        self._channels: dict[tuple[str, str], str] = {}
        self.book = book  # where opened DM channels are kept (the database), if anywhere
        self.opens: Pacer = OpenLimiter(open_per_minute / 60)

    async def send(
        self, address: Address, replies: Sequence[Reply], on_sent: SentHook | None = None
    ) -> str:
        """Open the DM and post the replies, telling `on_sent` the ts of each reply's last
        message; raise RateLimited/Permanent/TransientSendError."""
        token = await self._token_for(address.workspace)
        if not token:
            raise PermanentSendError("no_installation")
        self._keep_session()
        delivered = 0  # replies the platform has accepted, reported with any error
        try:
            channel = await self._dm(token, address)
            ts = ""
            for carried, messages in render_grouped(replies):
                for number, message in enumerate(messages):
                    # The outbox key rides along as metadata, so a crashed send can be found.
                    last = delivered + carried == len(replies) and number == len(messages) - 1
                    part = address.part + delivered + carried  # replies through this message
                    tag = (
                        {"metadata": outbox_metadata(address.key, part=part, last=last)}
                        if address.key
                        else {}
                    )
                    response = await self.client.chat_postMessage(
                        token=token, channel=channel, **{**message, **tag}
                    )
                    ts = str(response["ts"])
                image = replies[delivered].image if carried == 1 else None
                if image is not None:  # the officers' weekly chart (files:write scope)
                    await self.client.files_upload_v2(
                        token=token,
                        channel=channel,
                        content=image.png,
                        filename=image.filename,
                        alt_txt=image.alt,
                    )
                delivered += carried
                if on_sent is not None:
                    on_sent(delivered, ts)
            return ts
        except SlackApiError as exc:
            error = classify(exc).after(delivered)
            log.info(
                "slack send failed",
                extra={"slack_error": error.code, "learner": address.learner_id},
            )
            raise error from None
        except (aiohttp.ClientError, TimeoutError) as exc:
            raise TransientSendError(exc.__class__.__name__).after(delivered) from None

    async def find_delivered(self, address: Address) -> Delivered | None:
        """What the learner's DM holds of the row `address.key` names, read from its latest
        messages with one conversations.history call (outbox recovery after a crash between
        Slack accepting a message and the outbox recording it), if anything."""
        token = await self._token_for(address.workspace)
        if not token or not address.key:
            return None
        self._keep_session()
        try:
            channel = await self._dm(token, address)
            response = await self.client.conversations_history(
                token=token, channel=channel, limit=HISTORY_LIMIT, include_all_metadata=True
            )
        except SlackApiError as exc:
            raise classify(exc) from None
        except (aiohttp.ClientError, TimeoutError) as exc:
            raise TransientSendError(exc.__class__.__name__) from None
        found: Delivered | None = None
        for message in response.get("messages") or []:  # newest first
            payload = (message.get("metadata") or {}).get("event_payload") or {}
            if payload.get("outbox_key") != address.key:
                continue
            part = int(payload.get("part") or 1)
            if found is None or part > found.parts:
                # Only the row's last message proves it arrived in full; otherwise the
                # dispatcher resumes after the last reply found.
                complete = bool(payload.get("last", True))
                found = Delivered(part, str(message.get("ts")), complete)
        return found

    def _keep_session(self) -> None:
        """One HTTP session for all calls: a new connection per call is 5x slower (bench)."""
        if self.client.session is None or self.client.session.closed:
            self.client.session = aiohttp.ClientSession(
                timeout=aiohttp.ClientTimeout(total=self._timeout),
                connector=aiohttp.TCPConnector(limit=100),
            )

    async def close(self) -> None:
        """Close the HTTP session."""
        if self.client.session is not None:
            await self.client.session.close()

    async def _dm(self, token: str, address: Address) -> str:
        """The learner's DM channel id: the one kept with the learner, else conversations.open
        (paced by its own rate limit) and kept for every later send, on any replica."""
        if address.channel:
            return address.channel
        key = (address.workspace, address.user_id)
        if key not in self._channels:
            wait = await self.opens.reserve(address.workspace)
            if wait > 0:
                await asyncio.sleep(wait)
            response = await self.client.conversations_open(token=token, users=address.user_id)
            channel = str(response["channel"]["id"])
            if self.book is not None and address.learner_id:
                try:
                    await self.book.remember(address.learner_id, channel)
                except Exception:
                    log.exception("keeping the DM channel failed")
            if len(self._channels) > 100_000:
                self._channels.clear()  # bounded: the database is the memory
            self._channels[key] = channel
        return self._channels[key]
