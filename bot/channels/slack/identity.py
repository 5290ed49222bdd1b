"""Who a Slack request is from, and their Slack time zone and language (users.info)."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.core.messages import Identity

log = logging.getLogger(__name__)
PLATFORM = "slack"


@dataclass(frozen=True)
class Profile:
    """What Slack knows of a member that Manabi uses as defaults."""

    timezone: str | None = None
    locale: str | None = None  # "ja" or "en" when Slack's locale is one of those


def identity_of(body: dict[str, Any]) -> Identity | None:
    """The member behind an event, a button press or a slash command (None if no user)."""
    event = body.get("event") or {}
    user = body.get("user")
    if isinstance(user, dict):  # interactivity payloads
        user_id, team = user.get("id"), user.get("team_id") or (body.get("team") or {}).get("id")
    else:  # events and slash commands
        user_id = event.get("user") or body.get("user_id")
        team = body.get("team_id") or event.get("team")
    if not user_id or not team:
        return None
    return Identity(PLATFORM, str(team), str(user_id))


class Directory:
    """Looks up members' time zone and locale once per process (bounded cache)."""

    def __init__(self, limit: int = 10_000) -> None:
        self._cache: dict[tuple[str, str], Profile] = {}
        self._limit = limit

    async def profile(self, client: AsyncWebClient, identity: Identity) -> Profile:
        """Return the member's Slack time zone and language; empty if Slack won't say."""
        key = (identity.workspace, identity.user_id)
        if key in self._cache:
            return self._cache[key]
        try:
            response = await client.users_info(user=identity.user_id, include_locale=True)
        except SlackApiError as exc:
            data = exc.response.data if isinstance(exc.response.data, dict) else {}
            log.warning("users.info failed", extra={"slack_error": data.get("error")})
            return Profile()
        user = response.get("user") or {}
        locale = str(user.get("locale") or "")[:2].lower()
        found = Profile(user.get("tz") or None, locale if locale in ("ja", "en") else None)
        if len(self._cache) >= self._limit:
            self._cache.clear()
        self._cache[key] = found
        return found
