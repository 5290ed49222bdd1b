"""check_answer with recording fakes: what is looked up, deadlines, and the reply."""

from __future__ import annotations

from bot.core.qa.checking.claims import MAX_CHARS
from bot.core.qa.checking.engine import check_answer
from bot.core.qa.checking.lookups import LookupResult, Lookups
from bot.core.qa.checking.reply import render
from tests.check_fakes import RecordingLookups


class FailingLookups(RecordingLookups):
    """Every lookup raises, as a broken client would."""

    async def find_article(self, law: str, article: str | None) -> LookupResult:
        raise RuntimeError(f"boom {law}")


async def test_laws_papers_and_links_are_looked_up_and_surveys_are_not() -> None:
    fake = RecordingLookups()
    text = (
        "労働安全衛生規則第151条の21によれば点検が必要です。"
        "厚生労働省「令和5年労働組合基礎調査」によると組織率は16.1%です。"
        '論文 Brynjolfsson, Li and Raymond, "Generative AI at Work", NBER. '
        "詳しくは https://www.mhlw.go.jp/ を見てください。"
    )
    await check_answer(text, "ja", Lookups(laws=fake, works=fake, pages=fake))
    assert fake.queries == [
        "労働安全衛生規則 151_21",
        "Generative AI at Work",
        "https://www.mhlw.go.jp/",
    ]


async def test_slow_lookups_are_could_not_check_by_the_deadline() -> None:
    fake = RecordingLookups(delay=5.0)  # it would answer, after the deadline
    checklist = await check_answer(
        "労働基準法第36条と労働基準法第39条。",
        "ja",
        Lookups(laws=fake, timeout=0.2, deadline=0.3),
    )
    assert [item.lookup.status for item in checklist.items if item.lookup] == [
        "could_not_check",
        "could_not_check",
    ]


async def test_the_deadline_counts_from_the_start_of_the_check_not_of_the_lookups() -> None:
    import asyncio

    from bot.core.qa.checking import engine
    from bot.core.qa.checking.finder import extract_claims

    # a source that answers at once is still "could not check" when the check's time is spent:
    # finding the claims in a long paste must not push the reply past the member's wait
    fake = RecordingLookups()
    text = "労働基準法第36条について。"
    spent = asyncio.get_running_loop().time() - 0.1
    results = await engine._look_up(text, extract_claims(text), Lookups(laws=fake), spent)
    assert [r.status for r in results.values()] == ["could_not_check"]
    assert fake.queries == []
    results = await engine._look_up(
        text, extract_claims(text), Lookups(laws=fake), asyncio.get_running_loop().time() + 5
    )
    assert [r.status for r in results.values()] != ["could_not_check"]


async def test_a_failing_lookup_is_reported_and_its_error_text_not_logged(
    caplog: object,
) -> None:
    import logging

    import pytest

    assert isinstance(caplog, pytest.LogCaptureFixture)
    caplog.set_level(logging.DEBUG)
    fake = FailingLookups()
    checklist = await check_answer("労働基準法第36条について。", "ja", Lookups(laws=fake))
    (item,) = checklist.items
    assert item.lookup is not None and item.lookup.status == "could_not_check"
    assert "労働基準法" not in caplog.text and "boom" not in caplog.text


async def test_the_reply_groups_claims_by_kind_and_shows_the_article_to_compare() -> None:
    class Found(RecordingLookups):
        async def find_article(self, law: str, article: str | None) -> LookupResult:
            return LookupResult(
                "egov",
                "found",
                title=law,
                url="https://laws.e-gov.go.jp/law/x",
                excerpt="使用者は、…",
                details={"article": article or ""},
            )

    text = "労働基準法第36条により、上限は月45時間・年360時間です。"
    checklist = await check_answer(text, "en", Lookups(laws=Found()))
    reply = render(checklist, {"find-claims-that-matter": "Find the claims that matter"})
    assert reply.kind == "checklist" and reply.locale == "en"
    assert "**月45時間** / **年360時間**" in reply.text
    assert "e-Gov: 「労働基準法」 Article 36 exists" in reply.text
    assert "使用者は、…" in reply.text
    assert "Find the claims that matter" in reply.text
    assert "gives no source" in reply.text  # figures and a law, and nothing names a source
    assert any("not a verdict" in note for note in reply.notes)


async def test_nothing_to_check_and_long_texts_say_so() -> None:
    empty = render(await check_answer("ご参考になれば幸いです。", "ja"), {})
    assert "見つかりませんでした" in empty.text and empty.title == "確認したい点(0件)"
    long = await check_answer("あ" * (MAX_CHARS + 10), "ja")
    assert long.truncated and any("4000" in note for note in render(long, {}).notes)
