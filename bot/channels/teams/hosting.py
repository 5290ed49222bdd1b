"""Host the Teams channel: SDK auth from Settings, the CloudAdapter, and POST /api/messages."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import jwt
from aiohttp import web
from microsoft_agents.authentication.msal import MsalConnectionManager
from microsoft_agents.hosting.aiohttp import CloudAdapter
from microsoft_agents.hosting.core import AgentAuthConfiguration, ClaimsIdentity
from microsoft_agents.hosting.core.authorization import AuthTypes
from microsoft_agents.hosting.core.authorization.jwt import _authorize_request
from microsoft_agents.hosting.core.http import HttpResponse

from bot.channels.teams import card_state
from bot.channels.teams.handlers import TeamsAgent
from bot.channels.teams.messenger import TeamsMessenger
from bot.config import ConfigError, Settings
from bot.core.conversation import Coach
from bot.core.ports import Clock

log = logging.getLogger(__name__)

ROUTE = "/api/messages"


@dataclass
class TeamsChannel:
    """The Teams channel, built once by the App: the SDK's adapter, the agent that hands each
    activity to the coach, and the auth each request's JWT is checked with. bot/web.py mounts
    it at POST /api/messages; its messenger sends the outbox's messages."""

    adapter: CloudAdapter
    agent: TeamsAgent
    auth: AgentAuthConfiguration
    app_id: str | None

    def messenger(self) -> TeamsMessenger:
        """A messenger for proactive sends through stored conversation references."""
        return TeamsMessenger(self.adapter, self.app_id)

    async def handle(self, request: web.Request) -> web.StreamResponse:
        """Check the JWT with the SDK's auth, then run the activity through the SDK."""
        header = request.headers.get("Authorization")
        if header and not _signed_token_shape(header):
            return web.json_response({"error": "Invalid token"}, status=401)
        claims = await _authorize_request(header, self.auth)
        if isinstance(claims, HttpResponse):
            return web.json_response(claims.body, status=claims.status_code)
        result = await self.adapter.process_request(_Request(request, claims), self.agent)
        if result.body is not None:
            return web.json_response(result.body, status=result.status_code)
        return web.Response(status=result.status_code)


def _signed_token_shape(header: str) -> bool:
    """Whether a bearer token at least claims an RS256 signature with a key id.

    The SDK looks the key up by `kid` without checking it is there, so an unsigned
    (alg=none) token raised a KeyError and a 500; such a token is refused before it."""
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer":
        return True  # the SDK refuses other schemes itself
    try:
        fields = jwt.get_unverified_header(token)
    except jwt.PyJWTError:
        return True  # the SDK refuses what does not parse, with a 401
    return fields.get("alg") == "RS256" and isinstance(fields.get("kid"), str)


class _Request:
    """The aiohttp request as the SDK's HttpRequestProtocol, carrying the checked claims."""

    def __init__(self, request: web.Request, claims: ClaimsIdentity) -> None:
        self._request = request
        self._claims = claims

    @property
    def method(self) -> str:
        return self._request.method

    @property
    def headers(self) -> Mapping[str, str]:
        return self._request.headers

    async def json(self) -> Any:
        return await self._request.json()

    def get_claims_identity(self) -> ClaimsIdentity:
        return self._claims

    def get_path_param(self, name: str) -> str:
        return self._request.match_info[name]


def auth_configuration(settings: Settings) -> AgentAuthConfiguration:
    """The SDK's auth configuration; refuse a half-configured app or anonymous by accident."""
    if not settings.microsoft_app_id:
        if not settings.teams_anonymous:
            raise ConfigError(
                "MICROSOFT_APP_ID: not set (or set MANABI_TEAMS_ANONYMOUS=1 for local development)"
            )
        return AgentAuthConfiguration(anonymous_allowed=True)
    missing = []
    if not settings.microsoft_app_tenant_id:
        missing.append("MICROSOFT_APP_TENANT_ID: required with MICROSOFT_APP_ID")
    if not settings.microsoft_app_password and not settings.microsoft_app_certificate:
        missing.append("MICROSOFT_APP_PASSWORD: set it or MICROSOFT_APP_CERTIFICATE (a PFX file)")
    if missing:
        raise ConfigError("; ".join(missing))
    common: dict[str, Any] = {
        "client_id": settings.microsoft_app_id,
        "tenant_id": settings.microsoft_app_tenant_id,
        "connection_name": "SERVICE_CONNECTION",
        "anonymous_allowed": settings.teams_anonymous,
    }
    if settings.microsoft_app_certificate:
        return AgentAuthConfiguration(
            auth_type=AuthTypes.certificate,
            cert_pfx_file=str(settings.microsoft_app_certificate),
            **common,
        )
    assert settings.microsoft_app_password is not None
    return AgentAuthConfiguration(
        auth_type=AuthTypes.client_secret,
        client_secret=settings.microsoft_app_password.get_secret_value(),
        **common,
    )


def build_channel(settings: Settings, coach: Coach, clock: Clock) -> TeamsChannel | None:
    """Build the Teams channel, or None when Teams is not configured."""
    if not settings.teams_enabled:
        return None
    auth = auth_configuration(settings)
    if settings.teams_anonymous:
        log.warning("Teams anonymous mode: /api/messages accepts unauthenticated requests")
    sdk_log = logging.getLogger("microsoft_agents")
    if sdk_log.level == logging.NOTSET:  # the SDK logs every connector call at INFO
        sdk_log.setLevel(logging.WARNING)
    connections = MsalConnectionManager(connections_configurations={"SERVICE_CONNECTION": auth})
    adapter = CloudAdapter(connection_manager=connections)
    adapter.on_turn_error = _on_turn_error
    if settings.secret_key is not None:  # checklist cards signed alike by every replica
        card_state.use_keys([k.strip() for k in settings.secret_key.get_secret_value().split(",")])
    return TeamsChannel(adapter, TeamsAgent(coach, clock), auth, settings.microsoft_app_id)


async def _on_turn_error(context: Any, error: Exception) -> None:
    """Log a failed turn by type only; never echo exception text to the member."""
    log.error(
        "teams turn failed",
        extra={
            "error": type(error).__name__,
            "activity_type": getattr(context.activity, "type", None),
        },
    )


def register(app: web.Application, channel: TeamsChannel) -> None:
    """Add POST /api/messages (JWT-checked by the SDK) to the aiohttp app."""
    app.router.add_post(ROUTE, channel.handle)
