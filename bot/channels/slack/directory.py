"""Find Slack members by email for roster imports: users.list in pages for a large roster,
users.lookupByEmail for a handful. Needs only the bot token (users:read, users:read.email)."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_async_handlers import (
    AsyncConnectionErrorRetryHandler,
    AsyncRateLimitErrorRetryHandler,
)
from slack_sdk.web.async_client import AsyncWebClient

from bot.core.officers.roster_prepare import DirectoryEntry, DirectoryError

NOT_FOUND = frozenset({"users_not_found", "user_not_found"})
FEW = 20  # up to this many emails, one lookupByEmail each beats listing a large workspace
PAGE = 1000  # users.list members per page: 50,000 members are 50 calls (Tier 2: 20+ a minute)


class SlackDirectory:
    """The roster's Directory port on Slack's Web API."""

    def __init__(self, token: str, base_url: str | None = None) -> None:
        self.client = AsyncWebClient(
            token=token,
            base_url=base_url.rstrip("/") + "/" if base_url else AsyncWebClient.BASE_URL,
            retry_handlers=[
                AsyncRateLimitErrorRetryHandler(max_retry_count=5),
                AsyncConnectionErrorRetryHandler(max_retry_count=2),
            ],
        )

    async def find_emails(self, emails: Collection[str]) -> dict[str, DirectoryEntry]:
        """Return the members with these (lower-case) emails, by email."""
        if len(emails) <= FEW:
            found = {}
            for email in sorted(emails):
                entry = await self.lookup_email(email)
                if entry is not None:
                    found[email] = entry
            return found
        wanted = set(emails)
        return {email: e for email, e in (await self.everyone()).items() if email in wanted}

    async def everyone(self) -> dict[str, DirectoryEntry]:
        """Every active person in the workspace with an email, from users.list, page by page."""
        found: dict[str, DirectoryEntry] = {}
        cursor = ""
        while True:
            response = await self._call("users_list", limit=PAGE, cursor=cursor or None)
            for user in response.get("members") or []:
                email = str((user.get("profile") or {}).get("email") or "").lower()
                if not email or user.get("deleted") or user.get("is_bot"):
                    continue
                found[email] = _entry(user)
            cursor = str((response.get("response_metadata") or {}).get("next_cursor") or "")
            if not cursor:
                return found

    async def lookup_email(self, email: str) -> DirectoryEntry | None:
        """Return the Slack member with this email, or None when there is none."""
        try:
            response = await self.client.users_lookupByEmail(email=email)
        except SlackApiError as exc:
            code = _code(exc)
            if code in NOT_FOUND:
                return None
            raise DirectoryError(code) from None  # the code only: never the email
        return _entry(response.get("user") or {})

    async def _call(self, method: str, **args: Any) -> Any:
        try:
            return await getattr(self.client, method)(**args)
        except SlackApiError as exc:
            raise DirectoryError(_code(exc)) from None


def _code(exc: SlackApiError) -> str:
    return str(exc.response.get("error") or f"http_{exc.response.status_code}")


def _entry(user: Any) -> DirectoryEntry:
    team = user.get("team_id") or ""
    if not user.get("id") or not team:
        raise DirectoryError("unexpected_response")
    return DirectoryEntry(workspace=str(team), user_id=str(user["id"]))
