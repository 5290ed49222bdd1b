"""Linked pages: does the link open, what is the page's title, which domain is it really on."""

from __future__ import annotations

import html
import ipaddress
import re
import socket
from urllib.parse import urlsplit

import aiohttp
from aiohttp.abc import AbstractResolver, ResolveResult
from aiohttp.resolver import DefaultResolver

from bot.core.qa.checking.lookups import LookupResult

SOURCE = "web"
HEAD_BYTES = 64 * 1024  # the <title> is near the top; never read a whole page
TITLE = re.compile(rb"<title[^>]*>(.*?)</title>", re.IGNORECASE | re.DOTALL)
USER_AGENT = "Manabi link check (title only)"


def display_domain(url: str) -> str:
    """The URL's host as a member should read it: punycode (xn--) labels decoded."""
    host = urlsplit(url).hostname or ""
    labels = []
    for label in host.split("."):
        try:
            labels.append(
                label.encode("ascii").decode("idna") if label.startswith("xn--") else label
            )
        except UnicodeError:
            labels.append(label)
    return ".".join(labels)


class PublicResolver(AbstractResolver):
    """Resolves names to public addresses only, so a pasted link cannot reach inside our network."""

    def __init__(self) -> None:
        self.inner = DefaultResolver()

    async def resolve(
        self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
    ) -> list[ResolveResult]:
        """Resolve `host`; refuse it when any address is private, loopback or link-local."""
        results = await self.inner.resolve(host, port, family)
        for result in results:
            address = ipaddress.ip_address(result["host"])
            if not address.is_global:
                raise OSError(f"refusing a non-public address for {host}")
        return results

    async def close(self) -> None:
        """Close the wrapped resolver."""
        await self.inner.close()


def page_session(timeout: float, *, public_only: bool = True) -> aiohttp.ClientSession:
    """A session for fetching members' links: short timeout, public addresses only."""
    connector = aiohttp.TCPConnector(resolver=PublicResolver() if public_only else None)
    return aiohttp.ClientSession(
        connector=connector,
        timeout=aiohttp.ClientTimeout(total=timeout),
        headers={"User-Agent": USER_AGENT},
    )


class WebPages:
    """Checks links with HEAD, then a short GET for the title."""

    def __init__(self, session: aiohttp.ClientSession, *, public_only: bool = True) -> None:
        self.session = session
        self.public_only = public_only

    async def find_page(self, url: str) -> LookupResult:
        """Say whether `url` opens, and give its title and decoded domain."""
        domain = display_domain(url)
        if urlsplit(url).scheme not in ("http", "https") or not domain:
            return LookupResult(SOURCE, "not_found", domain=domain, details={"status": "bad URL"})
        if self.public_only and _private_literal(domain):
            # The resolver guards names; an address typed as digits never reaches it.
            return LookupResult(SOURCE, "could_not_check", domain=domain)
        async with self.session.head(url, allow_redirects=True) as resp:
            status = resp.status
        if status >= 400 and status not in (403, 405, 501):  # some servers refuse HEAD only
            return _missing(domain, status)
        async with self.session.get(url, allow_redirects=True) as resp:
            if resp.status >= 400:
                return _missing(domain, resp.status)
            final = str(resp.url)
            head = await resp.content.read(HEAD_BYTES)
            charset = resp.charset or "utf-8"
        return LookupResult(
            SOURCE,
            "found",
            title=_title(head, charset),
            url=final,
            domain=display_domain(final),
            details=_moved(domain, final),
        )


def _private_literal(host: str) -> bool:
    """Is `host` an IP address outside the public internet?"""
    try:
        return not ipaddress.ip_address(host.strip("[]")).is_global
    except ValueError:
        return False


def _missing(domain: str, status: int) -> LookupResult:
    """The result for a link that answered with an error status."""
    return LookupResult(SOURCE, "not_found", domain=domain, details={"status": str(status)})


def _moved(domain: str, final: str) -> dict[str, str]:
    """Note the domain a link redirected to, when it is another one."""
    moved = display_domain(final)
    return {"redirected_to": moved} if moved != domain else {}


def _title(head: bytes, charset: str) -> str | None:
    """The page's <title>, unescaped and on one line, if the head has one."""
    match = TITLE.search(head)
    if not match:
        return None
    try:
        text = match.group(1).decode(charset, errors="replace")
    except LookupError:
        text = match.group(1).decode("utf-8", errors="replace")
    return " ".join(html.unescape(text).split())[:200] or None
