"""e-Gov 法令 API (v2): does a law exist, does it have this article, and what does it say."""

from __future__ import annotations

from typing import Any

import aiohttp

from bot.core.qa.checking.lookups import LookupResult

SOURCE = "egov"
DEFAULT_URL = "https://laws.e-gov.go.jp/api/2"
VIEWER = "https://laws.e-gov.go.jp/law/{law_id}"


class EgovLaws:
    """Finds laws by title and articles by number through the e-Gov 法令 API."""

    def __init__(self, session: aiohttp.ClientSession, base_url: str = DEFAULT_URL) -> None:
        self.session = session
        self.base_url = base_url.rstrip("/")

    async def find_article(self, law: str, article: str | None) -> LookupResult:
        """Look `law` up by title; with `article` ("36", "151_21"), fetch that article's text."""
        params = {"law_title": law, "response_format": "json", "limit": "100"}
        async with self.session.get(f"{self.base_url}/laws", params=params) as resp:
            if resp.status == 404:
                return LookupResult(SOURCE, "not_found")
            resp.raise_for_status()
            listing = await resp.json(content_type=None)
        found = _pick(listing.get("laws") or [], law)
        if found is None:
            return LookupResult(SOURCE, "not_found")
        law_id, title = found
        url = VIEWER.format(law_id=law_id)
        if article is None:
            return LookupResult(SOURCE, "found", title=title, url=url, details={"law_id": law_id})
        async with self.session.get(
            f"{self.base_url}/law_data/{law_id}",
            params={"response_format": "json", "law_full_text_format": "json"},
        ) as resp:
            resp.raise_for_status()
            data = await resp.json(content_type=None)
        node = _article(data.get("law_full_text") or {}, article)
        details = {"law_id": law_id, "article": article}
        if node is None:
            return LookupResult(SOURCE, "article_missing", title=title, url=url, details=details)
        return LookupResult(
            SOURCE,
            "found",
            title=title,
            url=f"{url}#Mp-At_{article}",
            excerpt=_text(node),
            details=details,
        )


def _pick(laws: list[dict[str, Any]], wanted: str) -> tuple[str, str] | None:
    """The law whose title is exactly `wanted`, or the only one the search returned (the list
    has a row per revision, so one law may come back several times)."""
    titled: dict[str, str] = {}
    for entry in laws:
        info = entry.get("law_info") or {}
        revision = entry.get("current_revision_info") or entry.get("revision_info") or {}
        if info.get("law_id") and revision.get("law_title"):
            titled.setdefault(str(info["law_id"]), str(revision["law_title"]))
    exact = [(law_id, title) for law_id, title in titled.items() if title == wanted]
    if exact:
        return exact[0]
    return next(iter(titled.items())) if len(titled) == 1 else None


def _article(node: Any, number: str) -> Any:
    """Find the main provision's Article with Num == number (supplementary provisions skipped)."""
    if not isinstance(node, dict):
        return None
    if node.get("tag") == "SupplProvision":
        return None
    if node.get("tag") == "Article" and str((node.get("attr") or {}).get("Num")) == number:
        return node
    for child in node.get("children") or []:
        found = _article(child, number)
        if found is not None:
            return found
    return None


def _text(node: Any) -> str:
    """The plain text of a law-text node, one line per sentence-bearing element."""
    if isinstance(node, str):
        return node
    if not isinstance(node, dict):
        return ""
    parts = [_text(child) for child in node.get("children") or []]
    joiner = "\n" if node.get("tag") in ("Article", "Paragraph", "Item") else ""
    return joiner.join(part for part in parts if part).strip()
