"""Crossref: does a cited work exist, by DOI or by title, and under which title."""

from __future__ import annotations

import difflib
import re
import unicodedata
from typing import Any
from urllib.parse import quote

import aiohttp

from bot.core.qa.checking.lookups import LookupResult

SOURCE = "crossref"
DEFAULT_URL = "https://api.crossref.org"
SAME_TITLE = 0.9  # similarity above which two titles are the same work's
CLOSE_TITLE = 0.6  # below this, the nearest hit is another work: "not found"


class CrossrefWorks:
    """Finds works through the Crossref REST API."""

    def __init__(self, session: aiohttp.ClientSession, base_url: str = DEFAULT_URL) -> None:
        self.session = session
        self.base_url = base_url.rstrip("/")

    async def find_work(self, *, doi: str | None = None, title: str | None = None) -> LookupResult:
        """By DOI: exists or not, and its title. By title: the closest work and how close."""
        if doi:
            async with self.session.get(f"{self.base_url}/works/{quote(doi, safe='/')}") as resp:
                if resp.status == 404:
                    return LookupResult(SOURCE, "not_found", details={"doi": doi})
                resp.raise_for_status()
                work = (await resp.json(content_type=None)).get("message") or {}
            return _result(work, wanted=title)
        if not title:
            return LookupResult(SOURCE, "could_not_check")
        params = {"query.bibliographic": title, "rows": "1", "select": "DOI,title,URL"}
        async with self.session.get(f"{self.base_url}/works", params=params) as resp:
            resp.raise_for_status()
            items = ((await resp.json(content_type=None)).get("message") or {}).get("items") or []
        if not items:
            return LookupResult(SOURCE, "not_found")
        return _result(items[0], wanted=title)


def _result(work: dict[str, Any], wanted: str | None) -> LookupResult:
    """Turn a Crossref work into a result, comparing titles when one was asked for."""
    titles = work.get("title") or []
    found = str(titles[0]) if titles else ""
    doi = str(work.get("DOI") or "")
    url = f"https://doi.org/{doi}" if doi else None
    details = {"doi": doi} if doi else {}
    if wanted is None:
        return LookupResult(SOURCE, "found", title=found, url=url, details=details)
    similarity = difflib.SequenceMatcher(None, _fold(wanted), _fold(found)).ratio()
    details["similarity"] = f"{similarity:.2f}"
    if similarity >= SAME_TITLE:
        return LookupResult(SOURCE, "found", title=found, url=url, details=details)
    if similarity >= CLOSE_TITLE:
        return LookupResult(SOURCE, "title_differs", title=found, url=url, details=details)
    return LookupResult(SOURCE, "not_found", details={"nearest": found})


def _fold(title: str) -> str:
    """Compare titles without case, width, punctuation or markup."""
    title = re.sub(r"<[^>]+>", "", unicodedata.normalize("NFKC", title)).casefold()
    return re.sub(r"[\W_]+", " ", title).strip()
