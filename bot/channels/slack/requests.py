"""Slack's HTTP requests checked before Bolt sees them: nothing unsigned is read or logged."""

from __future__ import annotations

import hashlib
from collections.abc import Awaitable, Callable, Mapping

from slack_bolt.async_app import AsyncBoltContext, AsyncBoltRequest
from slack_bolt.response import BoltResponse
from slack_sdk.signature import SignatureVerifier

UNSIGNED = 401
# What reading a body of the wrong shape raises inside Bolt's request (JSON errors are
# ValueErrors; a list or a string where an object belongs, the others).
MALFORMED = (ValueError, TypeError, AttributeError, KeyError, IndexError)


def is_signed(verifier: SignatureVerifier, body: str, headers: Mapping[str, str]) -> bool:
    """Whether the body carries a valid, fresh Slack signature.

    Bolt's own check logs the whole body when it fails, and raises on a timestamp that is not
    a number, which sends the request to the error handler with the unverified body; so the
    check happens here first, quietly, and a refused body goes no further."""
    timestamp = headers.get("X-Slack-Request-Timestamp", "")
    signature = headers.get("X-Slack-Signature", "")
    if not timestamp.isascii() or not timestamp.isdigit() or not signature:
        return False
    return verifier.is_valid(body, timestamp, signature)


def replay_key(request: AsyncBoltRequest) -> str:
    """A key for one signed request: a replay of it (same body, same timestamp) has the same
    key, so processed_events can drop it; commands and interactive payloads carry no event id."""
    timestamp = request.headers.get("x-slack-request-timestamp", [""])[0]
    digest = hashlib.sha256(f"{timestamp}:{request.raw_body}".encode()).hexdigest()
    return f"req:{digest[:40]}"


async def only_own_workspace(
    context: AsyncBoltContext, next: Callable[[], Awaitable[BoltResponse]]
) -> BoltResponse:
    """With one bot token, serve only the workspace the token belongs to (auth.test's team):
    a signed request naming another team is acknowledged and ignored."""
    own = context.authorize_result.team_id if context.authorize_result else None
    if own and context.team_id != own:
        return BoltResponse(status=200, body="")
    return await next()
