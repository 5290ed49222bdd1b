"""Ports for looking claims up in primary sources: e-Gov law text, Crossref, the linked page."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, Protocol

Status = Literal[
    "found",  # the law, article, work or page exists; details show what it says
    "not_found",  # the source has no such law, work or page
    "article_missing",  # the law exists but has no such article
    "title_differs",  # a work with this DOI or a close title exists under another title
    "could_not_check",  # the source was slow, down or answered in a way we cannot read
]


@dataclass(frozen=True)
class LookupResult:
    """What a source said about a claim: a finding for the member to compare, never a verdict."""

    source: str  # egov / crossref / web
    status: Status
    title: str | None = None  # the law's, work's or page's own title
    url: str | None = None  # where the member can read it
    excerpt: str | None = None  # e.g. the article's text, shortened
    domain: str | None = None  # a page's domain, decoded from punycode
    details: dict[str, str] = field(default_factory=dict)


def could_not_check(source: str) -> LookupResult:
    """The result for a source that timed out, failed, or was not asked."""
    return LookupResult(source, "could_not_check")


class LawLookup(Protocol):
    """Finds a Japanese law and one of its articles (e-Gov 法令 API)."""

    async def find_article(self, law: str, article: str | None) -> LookupResult:
        """Look up `law` by title and, when given, its article (e.g. "36", "151_21")."""
        ...


class WorkLookup(Protocol):
    """Finds a published work by DOI or by title (Crossref)."""

    async def find_work(self, *, doi: str | None = None, title: str | None = None) -> LookupResult:
        """Look up a work; say whether it exists and under which title."""
        ...


class PageLookup(Protocol):
    """Fetches a linked page's status and title, never its body for anything else."""

    async def find_page(self, url: str) -> LookupResult:
        """Look up `url`: does it answer, what is its title, which domain is it on."""
        ...


@dataclass(frozen=True)
class Lookups:
    """The sources a check may ask; any may be missing. `timeout` bounds each call."""

    laws: LawLookup | None = None
    works: WorkLookup | None = None
    pages: PageLookup | None = None
    timeout: float = 2.0  # seconds per lookup; the whole check waits at most `deadline`,
    deadline: float = 2.5  # counted from when it started (finding the claims included)
    max_lookups: int = 8
