"""A checklist card that can be updated in place after a claim's mark.

Teams sends back with a press only the pressed button's data and the card's input values, never
the card, and Manabi keeps nothing of a checked text to rebuild it from. So a card with claims to
mark carries itself, compressed, in a hidden input: Teams returns it with every press (inputs are
gathered by Action.Execute and by the Action.Submit fallback alike), the pressed claim's row of
buttons becomes the mark, and the updated card (carrying itself again) takes the old one's place.
The copy lives in the member's own message only; the handler reads it for the press and drops it.

A press's data comes from the client, so the copy is signed (HMAC-SHA256): a card Manabi did not
write is never shown under Manabi's name. The key comes from `MANABI_SECRET_KEY` (`use_keys`), so
cards stay markable across restarts and replicas; without it, a key of the process's own, and a
card from before a restart keeps its buttons and the mark follows as a message.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import os
import zlib
from typing import Any

STATE_KEY = "manabi_card"  # the id of the hidden input, so the key of its value in a press
MAX_STATE = 40_000  # characters of an encoded card read back: more was not written by Manabi
# Teams counts a bot message in UTF-16 and asks that it stay within 80 KB (100 KB at most): a
# card that would grow past this with its copy is sent without it.
MAX_MESSAGE = 80_000
MAX_CARD = 200_000  # bytes of a decoded card: anything larger was not written by Manabi
BLOCKS = ("TextBlock", "ActionSet")  # what a card with claims to mark is made of
TAG_BYTES = 18  # of the HMAC, after the copy and a "."

_keys: list[bytes] = [os.urandom(32)]  # the first signs; any verifies


def use_keys(secrets: list[str]) -> None:
    """Sign with a key derived from the first secret; accept a copy signed with any (rotation)."""
    if secrets:
        _keys[:] = [hashlib.sha256(f"manabi-card:{s}".encode()).digest() for s in secrets]


def seal(payload: str) -> str:
    """`payload` with its signature, as a copy is carried."""
    return f"{payload}.{_tag(payload, _keys[0])}"


def _tag(payload: str, key: bytes) -> str:
    digest = hmac.new(key, payload.encode("ascii"), hashlib.sha256).digest()[:TAG_BYTES]
    return base64.urlsafe_b64encode(digest).decode("ascii")


def keep(card: dict[str, Any]) -> dict[str, Any]:
    """The card with a hidden copy of itself, or as it is when the copy would be too large."""
    plain = json.dumps(card, ensure_ascii=False, separators=(",", ":")).encode()
    payload = base64.urlsafe_b64encode(zlib.compress(plain, 9)).decode("ascii")
    state = seal(payload)
    hidden = {"type": "Input.Text", "id": STATE_KEY, "value": state, "isVisible": False}
    kept = {**card, "body": [*card.get("body", []), hidden]}
    size = len(json.dumps(kept, ensure_ascii=False).encode("utf-16-le"))
    return kept if len(state) <= MAX_STATE and size <= MAX_MESSAGE else card


def read(data: object) -> dict[str, Any] | None:
    """The card a press came from, from the copy it carried; None when there is none or it is
    not a card Manabi could have written."""
    state = data.get(STATE_KEY) if isinstance(data, dict) else None
    if not isinstance(state, str) or not 0 < len(state) <= MAX_STATE or not state.isascii():
        return None
    payload, _, tag = state.rpartition(".")
    if not payload or not any(hmac.compare_digest(tag, _tag(payload, key)) for key in _keys):
        return None  # not signed by this deployment: never shown as Manabi's
    try:
        packed = base64.urlsafe_b64decode(payload.encode("ascii"))
        unpacker = zlib.decompressobj()
        plain = unpacker.decompress(packed, MAX_CARD)
        if unpacker.unconsumed_tail or not unpacker.eof:
            return None
        card = json.loads(plain)
    except (ValueError, binascii.Error, zlib.error, UnicodeError):
        return None
    if not isinstance(card, dict) or card.get("type") != "AdaptiveCard":
        return None
    body = card.get("body")
    if not isinstance(body, list) or not all(
        isinstance(block, dict) and block.get("type") in BLOCKS for block in body
    ):
        return None
    return card


def marked(
    card: dict[str, Any], pressed: dict[str, Any], key: str, note: str
) -> dict[str, Any] | None:
    """The card whose row holding the pressed button (its data's `key`, as stamped) shows `note`
    in place of its buttons, carrying itself again; None when no row holds that button."""
    value = pressed.get(key)
    body: list[dict[str, Any]] = card["body"]
    for n, block in enumerate(body):
        if block["type"] == "ActionSet" and value is not None and value in _values(block, key):
            mark = {"type": "TextBlock", "text": note, "wrap": True, "size": "Small"}
            return keep({**card, "body": [*body[:n], mark, *body[n + 1 :]]})
    return None


def without(card: dict[str, Any]) -> dict[str, Any]:
    """The card without its hidden copy (for a dialog, where nothing is pressed)."""
    body = [block for block in card.get("body", []) if block.get("id") != STATE_KEY]
    return {**card, "body": body}


def _values(block: dict[str, Any], key: str) -> list[object]:
    """What each button of a row sends back under `key`."""
    actions = block.get("actions")
    return [
        action["data"].get(key)
        for action in (actions if isinstance(actions, list) else [])
        if isinstance(action, dict) and isinstance(action.get("data"), dict)
    ]
