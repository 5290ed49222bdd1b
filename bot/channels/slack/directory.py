"""Find Slack members by email (users.lookupByEmail) for roster imports."""

from __future__ import annotations

from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_async_handlers import (
    AsyncConnectionErrorRetryHandler,
    AsyncRateLimitErrorRetryHandler,
)
from slack_sdk.web.async_client import AsyncWebClient

from bot.core.officers.roster import DirectoryEntry, DirectoryError

NOT_FOUND = frozenset({"users_not_found", "user_not_found"})


class SlackDirectory:
    """The roster's Directory port on Slack's Web API (needs the users:read.email scope)."""

    def __init__(self, token: str, base_url: str | None = None) -> None:
        self.client = AsyncWebClient(
            token=token,
            base_url=base_url.rstrip("/") + "/" if base_url else AsyncWebClient.BASE_URL,
            retry_handlers=[
                AsyncRateLimitErrorRetryHandler(max_retry_count=5),
                AsyncConnectionErrorRetryHandler(max_retry_count=2),
            ],
        )

    async def lookup_email(self, email: str) -> DirectoryEntry | None:
        """Return the Slack member with this email, or None when there is none."""
        try:
            response = await self.client.users_lookupByEmail(email=email)
        except SlackApiError as exc:
            code = str(exc.response.get("error") or f"http_{exc.response.status_code}")
            if code in NOT_FOUND:
                return None
            raise DirectoryError(code) from None  # the code only: never the email
        user = response.get("user") or {}
        team = user.get("team_id") or ""
        if not user.get("id") or not team:
            raise DirectoryError("unexpected_response")
        return DirectoryEntry(workspace=str(team), user_id=str(user["id"]))
