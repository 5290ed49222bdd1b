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
from dataclasses import dataclass, field
from typing import Any

import aiohttp

from bot.core.officers.roster_prepare import DirectoryEntry, DirectoryError

log = logging.getLogger(__name__)

GRAPH_URL = "https://graph.microsoft.com/v1.0"
LOGIN_URL = "https://login.microsoftonline.com"
FIRST_PAGE = "/users?$select=id,mail,userPrincipalName&$top=999"
RETRIES = 5  # 429 and 503 answers, each after the Retry-After Graph asks for


@dataclass(eq=False)
class GraphDirectory:
    """The roster's Directory port on Microsoft Graph."""

    tenant_id: str
    client_id: str
    client_secret: str = field(repr=False)
    graph_url: str | None = None  # a national cloud's Graph; the global one when None
    login_url: str | None = None  # a national cloud's sign-in; the global one when None
    timeout: float = 30.0  # seconds, for each call to Graph or to sign in

    @property
    def _graph(self) -> str:
        return (self.graph_url or GRAPH_URL).rstrip("/")

    @property
    def _login(self) -> str:
        return (self.login_url or LOGIN_URL).rstrip("/")

    async def find_emails(self, emails: Collection[str]) -> dict[str, DirectoryEntry]:
        """Return the members whose mail or sign-in name is one of these (lower-case) emails."""
        wanted = set(emails)
        found: dict[str, DirectoryEntry] = {}
        async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=self.timeout)) as http:
            headers = {"Authorization": f"Bearer {await self._token(http)}"}
            url: str | None = self._graph + FIRST_PAGE
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
        url = f"{self._login}/{self.tenant_id}/oauth2/v2.0/token"
        form = {
            "client_id": self.client_id,
            "client_secret": self.client_secret,
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
