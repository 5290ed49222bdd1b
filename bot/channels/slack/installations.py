"""Slack installations (OAuth) in our database, with every token encrypted at rest."""

from __future__ import annotations

import copy
import logging
import time
import weakref
from typing import Any, TypeVar

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from slack_sdk.oauth.installation_store.async_installation_store import AsyncInstallationStore
from slack_sdk.oauth.installation_store.models.bot import Bot
from slack_sdk.oauth.installation_store.models.installation import Installation
from slack_sdk.oauth.installation_store.sqlalchemy import AsyncSQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.sqlalchemy import AsyncSQLAlchemyOAuthStateStore
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.config import ConfigError

# The tables slack_sdk's stores use; storage/slack_tables.py declares the same names for the
# migrations (a test keeps them equal), so this channel needs nothing from storage.
INSTALLATIONS = "slack_installations"
BOTS = "slack_bots"
OAUTH_STATES = "slack_oauth_states"

log = logging.getLogger(__name__)

TOKEN_FIELDS = ("bot_token", "bot_refresh_token", "user_token", "user_refresh_token")
STATE_EXPIRY_SECONDS = 600
T = TypeVar("T", Installation, Bot)


def cipher(key: str | None) -> MultiFernet:
    """The cipher for MANABI_SECRET_KEY, or a ConfigError that says how to make one.

    Several comma-separated keys, newest first, rotate the key: tokens are written with the
    first and read with whichever key wrote them."""
    hint = (
        'generate one with: python -c "from cryptography.fernet import Fernet; '
        'print(Fernet.generate_key().decode())"'
    )
    if not key:
        raise ConfigError(
            "MANABI_SECRET_KEY: required for Slack OAuth (tokens are encrypted at rest); " + hint
        )
    try:
        return MultiFernet([Fernet(part.strip().encode()) for part in key.split(",")])
    except ValueError:
        raise ConfigError(f"MANABI_SECRET_KEY: not a Fernet key; {hint}") from None


TOKEN_TTL = 60.0  # seconds a bot token is kept in memory
_STORES: weakref.WeakSet[EncryptedInstallationStore] = weakref.WeakSet()


class EncryptedInstallationStore(AsyncInstallationStore):
    """slack_sdk's SQLAlchemy store on our tables; tokens are Fernet-encrypted in the rows."""

    def __init__(self, client_id: str, engine: AsyncEngine, fernet: Fernet | MultiFernet) -> None:
        self.inner = AsyncSQLAlchemyInstallationStore(
            client_id=client_id,
            engine=engine,
            bots_table_name=BOTS,
            installations_table_name=INSTALLATIONS,
            logger=log,
        )
        self.fernet = fernet
        self._tokens: dict[str, tuple[float, str]] = {}  # team id -> (fetched at, bot token)
        _STORES.add(self)

    def forget(self, team_id: str | None) -> None:
        """Drop cached bot tokens (a workspace's, or all when it is not known) in every store
        of this process."""
        for store in list(_STORES):
            if team_id is None:
                store._tokens.clear()
            else:
                store._tokens.pop(team_id, None)

    @property
    def logger(self) -> logging.Logger:
        """The store's logger."""
        return log

    def _seal(self, entity: T) -> T:
        sealed = copy.copy(entity)
        for name in TOKEN_FIELDS:
            value = getattr(sealed, name, None)
            if value:
                setattr(sealed, name, self.fernet.encrypt(value.encode()).decode())
        return sealed

    def _open(self, entity: T | None) -> T | None:
        if entity is None:
            return None
        for name in TOKEN_FIELDS:
            value = getattr(entity, name, None)
            if value:
                try:
                    setattr(entity, name, self.fernet.decrypt(value.encode()).decode())
                except InvalidToken:
                    log.error("cannot decrypt a stored Slack token: was MANABI_SECRET_KEY changed?")
                    return None
        return entity

    async def async_save(self, installation: Installation) -> None:
        """Store an installation (and its bot), tokens encrypted."""
        self.forget(installation.team_id)
        await self.inner.async_save(self._seal(installation))
        self.forget(installation.team_id)

    async def async_save_bot(self, bot: Bot) -> None:
        """Store a bot installation, tokens encrypted."""
        self.forget(bot.team_id)
        await self.inner.async_save_bot(self._seal(bot))
        self.forget(bot.team_id)

    async def async_find_bot(self, **kwargs: Any) -> Bot | None:
        """The latest bot installation for a workspace, tokens decrypted."""
        return self._open(await self.inner.async_find_bot(**kwargs))

    async def async_find_installation(self, **kwargs: Any) -> Installation | None:
        """The latest installation for a workspace (or user), tokens decrypted."""
        return self._open(await self.inner.async_find_installation(**kwargs))

    async def async_delete_bot(self, **kwargs: Any) -> None:
        """Forget a workspace's bot installation."""
        await self.inner.async_delete_bot(**kwargs)
        self.forget(kwargs.get("team_id"))

    async def async_delete_installation(self, **kwargs: Any) -> None:
        """Forget a workspace's (or user's) installation."""
        await self.inner.async_delete_installation(**kwargs)
        self.forget(kwargs.get("team_id"))

    async def async_delete_all(self, **kwargs: Any) -> None:
        """Forget everything installed for a workspace."""
        await self.inner.async_delete_all(**kwargs)
        self.forget(kwargs.get("team_id"))

    async def bot_token(self, team_id: str) -> str | None:
        """The bot token for a workspace (for proactive messages), or None if not installed.
        Cached for TOKEN_TTL seconds: every send needs it. An uninstall or a new install
        clears the cache at once in this process; other replicas see it within the TTL (and
        a revoked token is refused by Slack meanwhile)."""
        cached = self._tokens.get(team_id)
        if cached is not None and time.monotonic() - cached[0] < TOKEN_TTL:
            return cached[1]
        bot = await self.async_find_bot(enterprise_id=None, team_id=team_id)
        if bot is None or not bot.bot_token:
            self._tokens.pop(team_id, None)
            return None
        self._tokens[team_id] = (time.monotonic(), bot.bot_token)
        return bot.bot_token


def state_store(engine: AsyncEngine) -> AsyncSQLAlchemyOAuthStateStore:
    """The OAuth state store on our slack_oauth_states table."""
    return AsyncSQLAlchemyOAuthStateStore(
        expiration_seconds=STATE_EXPIRY_SECONDS, engine=engine, table_name=OAUTH_STATES, logger=log
    )
