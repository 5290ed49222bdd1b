"""Build the lookups a check uses from the settings, and close them afterwards."""

from __future__ import annotations

from dataclasses import dataclass

import aiohttp

from bot.config import Settings
from bot.core.qa.checking.lookups import Lookups
from bot.lookups.crossref import CrossrefWorks
from bot.lookups.egov import EgovLaws
from bot.lookups.pages import WebPages, page_session

USER_AGENT = "Manabi claim check"


@dataclass
class OpenLookups:
    """Lookups with the HTTP sessions behind them; close() when done."""

    lookups: Lookups
    sessions: tuple[aiohttp.ClientSession, ...]

    async def close(self) -> None:
        """Close every session."""
        for session in self.sessions:
            await session.close()


def build_lookups(settings: Settings, *, public_links_only: bool = True) -> OpenLookups:
    """e-Gov, Crossref and link checks, each bounded by `MANABI_CHECK_TIMEOUT`."""
    timeout = settings.check_timeout
    agent = USER_AGENT + (
        f" (mailto:{settings.crossref_mailto})" if settings.crossref_mailto else ""
    )
    apis = aiohttp.ClientSession(
        timeout=aiohttp.ClientTimeout(total=timeout), headers={"User-Agent": agent}
    )
    pages = page_session(timeout, public_only=public_links_only)
    lookups = Lookups(
        laws=EgovLaws(apis, settings.egov_api_url),
        works=CrossrefWorks(apis, settings.crossref_api_url),
        pages=WebPages(pages, public_only=public_links_only),
        timeout=timeout,
        deadline=timeout + 0.5,
    )
    return OpenLookups(lookups, (apis, pages))
