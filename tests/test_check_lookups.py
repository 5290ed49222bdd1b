"""The real e-Gov, Crossref and link clients against local fake servers on 127.0.0.1."""

from __future__ import annotations

import socket
from collections.abc import AsyncIterator

import aiohttp
import pytest

from bot.core.qa.checking.engine import check_answer
from bot.core.qa.checking.lookups import Lookups
from bot.lookups.crossref import CrossrefWorks
from bot.lookups.egov import EgovLaws
from bot.lookups.pages import WebPages, display_domain, page_session
from tests.check_fakes import FakeSources


@pytest.fixture
async def sources() -> AsyncIterator[FakeSources]:
    """The fake sources, answering at once."""
    fake = FakeSources()
    await fake.start()
    yield fake
    await fake.stop()


@pytest.fixture
async def slow() -> AsyncIterator[FakeSources]:
    """The fake sources, answering after 2 seconds (past the 1 s timeout)."""
    fake = FakeSources(delay=2.0)
    await fake.start()
    yield fake
    await fake.stop()


@pytest.fixture
async def session() -> AsyncIterator[aiohttp.ClientSession]:
    """A client session with a short timeout, as build_lookups makes."""
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=2)) as client:
        yield client


async def test_egov_finds_a_law_and_shows_its_article(
    sources: FakeSources, session: aiohttp.ClientSession
) -> None:
    result = await EgovLaws(session, f"{sources.url}/egov").find_article("労働基準法", "36")
    assert result.status == "found"
    assert result.title == "労働基準法"
    assert result.excerpt is not None and "第36条" in result.excerpt
    assert result.url == "https://laws.e-gov.go.jp/law/322AC0000000049#Mp-At_36"


async def test_egov_finds_a_branch_article(
    sources: FakeSources, session: aiohttp.ClientSession
) -> None:
    laws = EgovLaws(session, f"{sources.url}/egov")
    result = await laws.find_article("労働安全衛生規則", "151_21")
    assert result.status == "found"


async def test_egov_says_when_the_article_is_missing(
    sources: FakeSources, session: aiohttp.ClientSession
) -> None:
    result = await EgovLaws(session, f"{sources.url}/egov").find_article("労働基準法", "999")
    assert result.status == "article_missing"
    assert result.title == "労働基準法" and result.details["article"] == "999"


async def test_egov_says_when_no_law_has_the_name(
    sources: FakeSources, session: aiohttp.ClientSession
) -> None:
    result = await EgovLaws(session, f"{sources.url}/egov").find_article("架空労働法", None)
    assert result.status == "not_found"


async def test_crossref_by_doi_found_and_not_found(
    sources: FakeSources, session: aiohttp.ClientSession
) -> None:
    works = CrossrefWorks(session, f"{sources.url}/crossref")
    found = await works.find_work(doi="10.3386/w31161")
    assert found.status == "found" and found.title == "Generative AI at Work"
    assert found.url == "https://doi.org/10.3386/w31161"
    missing = await works.find_work(doi="10.9999/invented.2024.1")
    assert missing.status == "not_found"


async def test_crossref_by_title_same_differs_and_none(
    sources: FakeSources, session: aiohttp.ClientSession
) -> None:
    works = CrossrefWorks(session, f"{sources.url}/crossref")
    assert (await works.find_work(title="Generative AI at work")).status == "found"
    differs = await works.find_work(title="Generative AI at Work in Japan")
    assert differs.status == "title_differs" and differs.title == "Generative AI at Work"
    assert (await works.find_work(title="Unrelated study of pigeons")).status == "not_found"


async def test_page_title_and_missing_page(sources: FakeSources) -> None:
    async with page_session(2.0, public_only=False) as client:
        pages = WebPages(client, public_only=False)
        found = await pages.find_page(f"{sources.url}/web/page")
        assert found.status == "found"
        assert found.title == "厚生労働省 & 労働基準"
        assert found.domain == "127.0.0.1"
        gone = await pages.find_page(f"{sources.url}/web/gone")
        assert gone.status == "not_found" and gone.details["status"] == "404"


async def test_link_checks_refuse_private_addresses(sources: FakeSources) -> None:
    async with page_session(2.0) as client:
        with pytest.raises(aiohttp.ClientError):
            await WebPages(client).find_page(
                f"{sources.url.replace('127.0.0.1', 'localhost')}/web/page"
            )


def test_domains_are_shown_decoded_from_punycode() -> None:
    assert display_domain("https://xn--r8jz45g.jp/path") == "例え.jp"
    assert display_domain("https://www.mhlw.go.jp/") == "www.mhlw.go.jp"


async def test_a_down_source_is_could_not_check(session: aiohttp.ClientSession) -> None:
    # Nothing listens on this port: the connection is refused at once.
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    lookups = Lookups(laws=EgovLaws(session, f"http://127.0.0.1:{port}/egov"))
    checklist = await check_answer("労働基準法第36条によれば", "ja", lookups)
    (item,) = checklist.items
    assert item.lookup is not None and item.lookup.status == "could_not_check"


async def test_a_slow_source_does_not_hold_up_the_checklist(
    slow: FakeSources, sources: FakeSources, session: aiohttp.ClientSession
) -> None:
    lookups = Lookups(
        laws=EgovLaws(session, f"{slow.url}/egov"),  # slow
        works=CrossrefWorks(session, f"{sources.url}/crossref"),  # quick
        timeout=1.0,
        deadline=1.5,
    )
    text = "労働基準法第36条について。DOI 10.3386/w31161 を参照。"
    # The slow source answers after 2 s, found: "could not check" shows the timeout cut it off
    # (how long the whole reply takes is measured by bench.check_shortcut).
    checklist = await check_answer(text, "ja", lookups)
    by_kind = {item.claim.kind: item.lookup for item in checklist.items}
    assert by_kind["law"] is not None and by_kind["law"].status == "could_not_check"
    assert by_kind["citation"] is not None and by_kind["citation"].status == "found"
