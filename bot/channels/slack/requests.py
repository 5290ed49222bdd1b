"""Slack's HTTP requests checked before Bolt sees them: nothing unsigned is read or logged."""

from __future__ import annotations

from collections.abc import Mapping

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
