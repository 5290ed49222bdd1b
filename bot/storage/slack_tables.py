"""Slack OAuth tables, defined by slack_sdk's own SQLAlchemy stores, on our metadata."""

from __future__ import annotations

from slack_sdk.oauth.installation_store.sqlalchemy import AsyncSQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.sqlalchemy import AsyncSQLAlchemyOAuthStateStore
from sqlalchemy import Text

from bot.storage.models import Base

INSTALLATIONS = "slack_installations"
BOTS = "slack_bots"
OAUTH_STATES = "slack_oauth_states"

installations_table = AsyncSQLAlchemyInstallationStore.build_installations_table(
    Base.metadata, INSTALLATIONS
)
bots_table = AsyncSQLAlchemyInstallationStore.build_bots_table(Base.metadata, BOTS)
oauth_states_table = AsyncSQLAlchemyOAuthStateStore.build_oauth_states_table(
    Base.metadata, OAUTH_STATES
)

# Tokens are stored encrypted (Fernet, bot/channels/slack/installations.py), which makes them
# longer than slack_sdk's String(200) allows for rotating tokens: widen them to Text.
_TOKEN_COLUMNS = ("bot_token", "bot_refresh_token", "user_token", "user_refresh_token")
for _table in (installations_table, bots_table):
    for _name in _TOKEN_COLUMNS:
        if _name in _table.c:
            _table.c[_name].type = Text()
