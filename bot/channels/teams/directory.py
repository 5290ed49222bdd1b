"""Find Microsoft 365 (Teams) members by email for roster imports, through Microsoft Graph.

A small client: an app-only token (client credentials: the bot's app id and secret, in its own
tenant), then `GET /users` in pages of 999. The app needs the Graph application permission
User.Read.All, granted by a tenant admin. A member's Teams identity is (tenant id, Entra object
id): the same pair Teams sends when they first write to the bot.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Collection
from typing import Any

import aiohttp

from bot.core.officers.roster_prepare import DirectoryEntry, DirectoryError

log = logging.getLogger(__name__)

GRAPH_URL = "https://graph.microsoft.com/v1.0"
LOGIN_URL = "https://login.microsoftonline.com"
FIRST_PAGE = "/users?$select=id,mail,userPrincipalName&$top=999"
RETRIES = 5  # 429 and 503 answers, each after the Retry-After Graph asks for


class GraphDirectory:
    """The roster's Directory port on Microsoft Graph."""

    def __init__(
        self,
        tenant_id: str,
        client_id: str,
        client_secret: str,
        graph_url: str | None = None,
        login_url: str | None = None,
        timeout: float = 30.0,
    ) -> None:
        self.tenant_id, self.client_id, self._secret = tenant_id, client_id, client_secret
        self.graph_url = (graph_url or GRAPH_URL).rstrip("/")
        self.login_url = (login_url or LOGIN_URL).rstrip("/")
        self.timeout = aiohttp.ClientTimeout(total=timeout)

    async def find_emails(self, emails: Collection[str]) -> dict[str, DirectoryEntry]:
        """Return the members whose mail or sign-in name is one of these (lower-case) emails."""
        wanted = set(emails)
        found: dict[str, DirectoryEntry] = {}
        async with aiohttp.ClientSession(timeout=self.timeout) as http:
            headers = {"Authorization": f"Bearer {await self._token(http)}"}
            url: str | None = self.graph_url + FIRST_PAGE
            while url:
                page = await self._get(http, url, headers)
                for user in page.get("value") or []:
                    for address in (user.get("mail"), user.get("userPrincipalName")):
                        email = str(address or "").lower()
                        if email in wanted and user.get("id"):
                            found[email] = DirectoryEntry(self.tenant_id, str(user["id"]).lower())
                url = page.get("@odata.nextLink")
        return found

    async def _token(self, http: aiohttp.ClientSession) -> str:
        """An app-only access token for Graph (client credentials)."""
        url = f"{self.login_url}/{self.tenant_id}/oauth2/v2.0/token"
        form = {
            "client_id": self.client_id,
            "client_secret": self._secret,
            "scope": "https://graph.microsoft.com/.default",
            "grant_type": "client_credentials",
        }
        try:
            async with http.post(url, data=form) as response:
                body = await response.json(content_type=None)
        except (aiohttp.ClientError, TimeoutError, ValueError):
            raise DirectoryError("token_unreachable") from None
        token = body.get("access_token") if isinstance(body, dict) else None
        if not token:
            code = body.get("error") if isinstance(body, dict) else None
            raise DirectoryError(f"token_{code or 'refused'}")
        return str(token)

    async def _get(self, http: aiohttp.ClientSession, url: str, headers: dict[str, str]) -> Any:
        """One page of users; waits out throttling, names any other failure by its status."""
        for _ in range(RETRIES + 1):
            try:
                async with http.get(url, headers=headers) as response:
                    if response.status in (429, 503):
                        wait = float(response.headers.get("Retry-After") or 1)
                        log.info("graph throttled", extra={"retry_after": wait})
                        await asyncio.sleep(min(wait, 60.0))
                        continue
                    if response.status != 200:
                        raise DirectoryError(f"http_{response.status}")
                    return await response.json(content_type=None)
            except (aiohttp.ClientError, TimeoutError):
                raise DirectoryError("graph_unreachable") from None
        raise DirectoryError("throttled")
