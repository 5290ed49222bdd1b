"""The Slack channel: a Bolt AsyncApp for one workspace (token) or many (OAuth), served over
HTTP at /slack/events or through Socket Mode."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

import aiohttp
from aiohttp import web
from pydantic import SecretStr
from slack_bolt.adapter.aiohttp import to_aiohttp_response, to_bolt_request
from slack_bolt.async_app import AsyncApp
from slack_bolt.oauth.async_oauth_settings import AsyncOAuthSettings
from slack_sdk.signature import SignatureVerifier
from slack_sdk.web.async_client import AsyncWebClient
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.channels.slack import listeners
from bot.channels.slack.chat import SlackContext
from bot.channels.slack.inflight import Listeners, count_listeners
from bot.channels.slack.installations import EncryptedInstallationStore, cipher, state_store
from bot.channels.slack.messenger import SlackMessenger
from bot.channels.slack.requests import (
    MALFORMED,
    UNSIGNED,
    is_signed,
    only_own_workspace,
    replay_key,
)
from bot.config import ConfigError, Settings

log = logging.getLogger(__name__)

DEFAULT_API_URL = "https://slack.com/api/"
EVENTS_PATH = "/slack/events"
INSTALL_PATH = "/slack/install"
REDIRECT_PATH = "/slack/oauth_redirect"
LISTENER_GRACE = 10.0  # seconds acked listeners get to finish on shutdown
# Exactly the bot scopes in slack-manifest.yaml.
SCOPES = (
    "app_mentions:read",
    "assistant:write",
    "chat:write",
    "commands",
    "files:write",
    "im:history",
    "im:write",
    "users:read",
    "users:read.email",
)


def api_url(settings: Settings) -> str:
    """The Web API base URL (SLACK_API_URL for proxies, GovSlack and tests), ending in '/'."""
    url = settings.slack_api_url or DEFAULT_API_URL
    return url if url.endswith("/") else url + "/"


def slack_mode(settings: Settings) -> str | None:
    """'socket', 'oauth', 'token' or None (Slack not configured); ConfigError if half-set."""

    bot, signing, app_token = (
        secret(settings.slack_bot_token),
        secret(settings.slack_signing_secret),
        secret(settings.slack_app_token),
    )
    client_id, client_secret = settings.slack_client_id, secret(settings.slack_client_secret)
    if not any((bot, signing, app_token, client_id, client_secret)):
        return None
    if app_token:
        if not bot:
            raise ConfigError("SLACK_BOT_TOKEN: required with SLACK_APP_TOKEN (Socket Mode)")
        return "socket"
    if client_id or client_secret:
        if not (client_id and client_secret and signing):
            raise ConfigError(
                "SLACK_CLIENT_ID, SLACK_CLIENT_SECRET and SLACK_SIGNING_SECRET: all three are "
                "required for Slack OAuth (many workspaces)"
            )
        cipher(secret(settings.secret_key))  # refuse to start without a usable key
        return "oauth"
    if not (bot and signing):
        raise ConfigError(
            "SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET: both are required for Slack over HTTP"
        )
    return "token"


def secret(value: SecretStr | None) -> str | None:
    """The value of a secret setting, or None."""
    return value.get_secret_value() if value else None


def installation_store(settings: Settings, engine: AsyncEngine) -> EncryptedInstallationStore:
    """The OAuth installation store (tokens encrypted with MANABI_SECRET_KEY)."""
    key = settings.secret_key.get_secret_value() if settings.secret_key else None
    return EncryptedInstallationStore(settings.slack_client_id or "", engine, cipher(key))


@dataclass
class SlackChannel:
    """The Slack channel, built once: the Bolt app and how it is served, and the messenger
    that sends the outbox's messages."""

    bolt: AsyncApp
    mode: str
    messenger: SlackMessenger
    app_token: str | None = None
    verifier: SignatureVerifier | None = None
    first_time: Callable[[str], Awaitable[bool]] | None = None
    context: SlackContext | None = None  # what the listeners share
    listeners: Listeners | None = None  # running after their ack
    _session: aiohttp.ClientSession | None = None
    _socket: object | None = None

    def attach(self, web_app: web.Application) -> None:
        """Add the Slack routes and start/stop hooks to the web server."""
        if self.mode != "socket":
            web_app.router.add_post(EVENTS_PATH, self.events)
        if self.mode == "oauth":
            web_app.router.add_get(INSTALL_PATH, self.oauth)
            web_app.router.add_get(REDIRECT_PATH, self.oauth)
        web_app.on_startup.append(self.start)
        web_app.on_cleanup.append(self.stop)

    async def events(self, request: web.Request) -> web.Response:
        """Events, slash commands and interactivity: signature checked here, then Bolt acks.

        A refused or malformed request is answered with its status alone: Bolt never sees it,
        so no listener, error handler or log acts on an unverified body."""
        if self.verifier is not None and not is_signed(
            self.verifier, await request.text(), request.headers
        ):
            return web.Response(status=UNSIGNED)
        try:
            bolt_request = await to_bolt_request(request)
        except MALFORMED:  # signed, but not the JSON object or form Slack sends
            return web.Response(status=400)
        # Events carry an event id the coach dedupes; commands and interactive payloads do
        # not, so the signed request itself is claimed: a replay is acked and not run again.
        if (
            self.first_time is not None
            and bolt_request.body.get("type") != "event_callback"
            and not await self.first_time(replay_key(bolt_request))
        ):
            return web.Response(status=200)
        return await to_aiohttp_response(await self.bolt.async_dispatch(bolt_request))

    async def oauth(self, request: web.Request) -> web.Response:
        """The "Add to Slack" page and the OAuth redirect."""
        flow = self.bolt.oauth_flow
        if flow is None:
            raise web.HTTPNotFound()
        bolt_request = await to_bolt_request(request)
        if request.path == INSTALL_PATH:
            return await to_aiohttp_response(await flow.handle_installation(bolt_request))
        return await to_aiohttp_response(await flow.handle_callback(bolt_request))

    async def start(self, _web_app: web.Application) -> None:
        """Share one HTTP session for Web API calls; connect Socket Mode if configured."""
        self._session = aiohttp.ClientSession()
        self.bolt.client.session = self._session
        if self.mode == "socket":
            from slack_bolt.adapter.socket_mode.aiohttp import AsyncSocketModeHandler

            handler = AsyncSocketModeHandler(self.bolt, self.app_token)
            await handler.connect_async()  # type: ignore[no-untyped-call]
            self._socket = handler
            log.info("slack socket mode connected")

    async def stop(self, _web_app: web.Application) -> None:
        """Disconnect Socket Mode, let acked listeners finish, close the HTTP session."""
        if self._socket is not None:
            await self._socket.close_async()  # type: ignore[attr-defined]
        if self.listeners is not None:
            await self.listeners.idle(LISTENER_GRACE)
        if self._session is not None:
            await self._session.close()


def build_slack(settings: Settings, engine: AsyncEngine, ctx: SlackContext) -> SlackChannel | None:
    """Build the Bolt app and the messenger from the settings, or None when Slack is not
    configured."""
    mode = slack_mode(settings)
    if mode is None:
        return None
    secret = settings.slack_signing_secret
    signing = secret.get_secret_value() if secret else None
    if mode == "oauth":
        assert settings.slack_client_secret is not None
        installations = installation_store(settings, engine)
        oauth = AsyncOAuthSettings(
            client_id=settings.slack_client_id,
            client_secret=settings.slack_client_secret.get_secret_value(),
            scopes=list(SCOPES),
            installation_store=installations,
            state_store=state_store(engine),
            install_path=INSTALL_PATH,
            redirect_uri_path=REDIRECT_PATH,
        )
        client = AsyncWebClient(base_url=api_url(settings))
        bolt = AsyncApp(signing_secret=signing, oauth_settings=oauth, client=client)
        # Uninstalling the app (or revoking its tokens) deletes the stored installation.
        bolt.enable_token_revocation_listeners()
        messenger = SlackMessenger(
            installations.bot_token,
            api_url(settings),
            open_per_minute=settings.slack_open_per_minute,
        )
    else:
        assert settings.slack_bot_token is not None
        token = settings.slack_bot_token.get_secret_value()
        bolt = AsyncApp(
            token=token,
            signing_secret=signing or "",
            request_verification_enabled=mode != "socket",
        )
        bolt.client.base_url = api_url(settings)  # per-request clients copy it
        bolt.use(only_own_workspace)

        async def single(_workspace: str) -> str | None:
            return token

        messenger = SlackMessenger(
            single, api_url(settings), open_per_minute=settings.slack_open_per_minute
        )
    ctx.default_locale = settings.default_locale
    ctx.streaming = settings.slack_streaming
    listeners.register(bolt, ctx)
    app_token = settings.slack_app_token.get_secret_value() if settings.slack_app_token else None
    verifier = SignatureVerifier(signing) if signing and mode != "socket" else None

    async def first_time(key: str) -> bool:
        return await ctx.coach.first_time(key, ctx.clock.now())

    return SlackChannel(
        bolt, mode, messenger, app_token, verifier, first_time, ctx, count_listeners(bolt)
    )
