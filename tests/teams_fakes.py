"""A local fake of the Bot Connector REST API, and builders for Teams activities."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer

from bot.channels.teams.hosting import TeamsChannel, register
from bot.core.actions import unstamped

TENANT = "tenant-0001"
CONVERSATION = "a:1personal-chat"
BOT = {"id": "28:manabi-bot", "name": "Manabi"}
Client = TestClient[web.Request, web.Application]


@dataclass
class Call:
    """One request the bot made to the connector."""

    method: str
    path: str
    body: dict[str, Any]


@dataclass
class FakeConnector:
    """Records every Bot Connector call; can answer with queued errors or slowly."""

    calls: list[Call] = field(default_factory=list)
    errors: list[tuple[int, dict[str, str]]] = field(default_factory=list)
    delay: float = 0.0
    url: str = ""

    async def handle(self, request: web.Request) -> web.Response:
        """Record the call and answer like the connector does."""
        body = await request.json() if request.can_read_body else {}
        self.calls.append(Call(request.method, request.path, body))
        if self.delay:
            await asyncio.sleep(self.delay)
        if self.errors:
            status, headers = self.errors.pop(0)
            return web.json_response({"error": {"code": "x"}}, status=status, headers=headers)
        if request.method == "PUT":
            return web.json_response({"id": request.path.rsplit("/", 1)[-1]})
        return web.json_response({"id": f"msg-{len(self.calls)}"})

    def sent(self) -> list[Call]:
        """The messages posted (not updates)."""
        return [c for c in self.calls if c.method == "POST"]

    def updates(self) -> list[Call]:
        """The messages updated in place."""
        return [c for c in self.calls if c.method == "PUT"]

    def streamed(self, since: int = 0) -> list[Call]:
        """The activities of a streamed reply after call number `since`, in order: typing
        updates (informative, then streaming) and the final message, each with a streaminfo."""
        return [c for c in self.calls[since:] if stream_info(c) is not None]


def stream_info(call: Call) -> dict[str, Any] | None:
    """The streaminfo entity of a posted activity, if it has one."""
    for entity in call.body.get("entities") or []:
        if entity.get("type") == "streaminfo":
            found: dict[str, Any] = entity
            return found
    return None


def stream_kinds(calls: list[Call]) -> list[str]:
    """The streamType of each streamed activity: informative, streaming or final."""
    return [str((stream_info(c) or {}).get("streamType")) for c in calls]


@asynccontextmanager
async def fake_connector() -> AsyncIterator[FakeConnector]:
    """Run a fake connector on 127.0.0.1 (an ephemeral port) for the length of a test."""
    fake = FakeConnector()
    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", fake.handle)
    server = TestServer(app, host="127.0.0.1")
    await server.start_server()
    fake.url = str(server.make_url("/teams/"))
    try:
        yield fake
    finally:
        await server.close()


@asynccontextmanager
async def bot_client(channel: TeamsChannel) -> AsyncIterator[Client]:
    """The bot's /api/messages on 127.0.0.1, through the real SDK and its JWT check."""
    app = web.Application()
    register(app, channel)
    client: Client = TestClient(TestServer(app, host="127.0.0.1"))
    await client.start_server()
    try:
        yield client
    finally:
        await client.close()


def activity(
    service_url: str,
    activity_id: str,
    *,
    kind: str = "message",
    text: str | None = None,
    value: Any = None,
    name: str | None = None,
    reply_to_id: str | None = None,
    user: str = "29:user-1",
    aad: str = "aad-user-1",
    conversation_type: str = "personal",
    **extra: Any,
) -> dict[str, Any]:
    """A Teams activity as the connector posts it to the bot."""
    data: dict[str, Any] = {
        "type": kind,
        "id": activity_id,
        "timestamp": "2026-12-01T00:00:00.000Z",
        "serviceUrl": service_url,
        "channelId": "msteams",
        "from": {"id": user, "name": "Rōdō Tarō", "aadObjectId": aad},
        "conversation": {
            "id": CONVERSATION,
            "conversationType": conversation_type,
            "tenantId": TENANT,
        },
        "recipient": BOT,
        "locale": "ja-JP",
        "localTimezone": "Asia/Tokyo",
        "channelData": {"tenant": {"id": TENANT}},
        **extra,
    }
    for key, item in (("text", text), ("value", value), ("name", name)):
        if item is not None:
            data[key] = item
    if reply_to_id:
        data["replyToId"] = reply_to_id
    return data


def execute(
    service_url: str,
    activity_id: str,
    action: str,
    card_id: str,
    data: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """An Action.Execute press on a card (an `adaptiveCard/action` invoke); `data` is the
    button's whole data, as Teams sends it back (by default only the action value)."""
    data = data or {"manabi": action}
    value = {"action": {"type": "Action.Execute", "verb": "manabi", "data": data}}
    return activity(
        service_url,
        activity_id,
        kind="invoke",
        name="adaptiveCard/action",
        value=value,
        reply_to_id=card_id,
    )


def submit(
    service_url: str,
    activity_id: str,
    action: str,
    card_id: str,
    data: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """An Action.Submit press on a card (older clients): a message with a value."""
    value = data or {"manabi": action}
    return activity(service_url, activity_id, value=value, reply_to_id=card_id)


def card_of(call: Call) -> dict[str, Any]:
    """The Adaptive Card in a posted or updated message."""
    attachments = call.body.get("attachments") or []
    assert attachments, f"no card in {call.body}"
    content: dict[str, Any] = attachments[0]["content"]
    return content


def card_text(card: dict[str, Any]) -> str:
    """All TextBlock text of a card."""
    return "\n".join(block.get("text", "") for block in card.get("body", []))


def card_actions(card: dict[str, Any]) -> list[str]:
    """The action values of a card's buttons (without the learner's stamp)."""
    return [unstamped(value) for value in card_values(card)]


def card_data(card: dict[str, Any], action: str) -> dict[str, Any]:
    """The whole data of the card's button for `action` (unstamped), as Teams sends it back."""
    for button in card.get("actions", []):
        if unstamped(button["data"]["manabi"]) == action:
            data: dict[str, Any] = button["data"]
            return data
    raise AssertionError(f"no button {action!r} on the card")


def card_inputs(card: dict[str, Any]) -> dict[str, Any]:
    """The values of a card's inputs, visible or not, which Teams adds to a pressed button's
    data (Action.Execute and Action.Submit gather them alike)."""
    return {
        block["id"]: block.get("value", "")
        for block in card.get("body", [])
        if str(block.get("type", "")).startswith("Input.")
    }


def card_values(card: dict[str, Any]) -> list[str]:
    """The values a card's buttons send back, as stamped for the learner."""
    return [action["data"]["manabi"] for action in card.get("actions", [])]
