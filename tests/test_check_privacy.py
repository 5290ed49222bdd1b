"""A pasted answer is redacted before any lookup, and is neither stored nor logged."""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot import cli
from bot.app import build
from bot.core.qa.checking.engine import check_answer
from bot.core.qa.checking.lookups import Lookups
from tests.check_fakes import FakeSources, RecordingLookups
from tests.conftest import make_settings

SECRET = "青い鳥プロジェクトの社外秘スケジュール"
EMAIL = "yamada.taro@example.co.jp"
PASTED = (
    f"{SECRET}について、担当の{EMAIL}(電話 090-1234-5678)に確認しました。\n"
    "労働基準法第36条により、時間外労働の上限は月45時間です。"
    "詳しくは論文 10.3386/w31161 を参照してください。"
)


def database_bytes(folder: Path) -> bytes:
    """The SQLite file and its journals, as bytes."""
    return b"".join(p.read_bytes() for p in sorted(folder.glob("manabi.db*")))


@pytest.fixture
async def sources() -> AsyncIterator[FakeSources]:
    fake = FakeSources()
    await fake.start()
    yield fake
    await fake.stop()


async def test_lookups_get_only_redacted_claims_never_the_text() -> None:
    fake = RecordingLookups()
    text = f"{EMAIL} さんの資料「{EMAIL}の報告書」と労働基準法第36条。"
    await check_answer(text, "ja", Lookups(laws=fake, works=fake, pages=fake))
    assert fake.queries == ["労働基準法 36"]
    assert all(EMAIL not in query and SECRET not in query for query in fake.queries)


async def test_the_pasted_text_is_not_in_the_database_or_the_logs(
    tmp_path: Path,
    sources: FakeSources,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    capsys: pytest.CaptureFixture[str],
) -> None:
    database = tmp_path / "manabi.db"
    monkeypatch.chdir(tmp_path)  # no developer .env
    monkeypatch.setenv("DATABASE_URL", f"sqlite+aiosqlite:///{database}")
    monkeypatch.setenv("MANABI_EGOV_API_URL", f"{sources.url}/egov")
    monkeypatch.setenv("MANABI_CROSSREF_API_URL", f"{sources.url}/crossref")
    # Keep pytest's log capture in place of the CLI's handler, and capture everything.
    monkeypatch.setattr(cli, "configure_logs", lambda *args, **kwargs: None)
    caplog.set_level(logging.DEBUG)

    app = await build(make_settings())  # a real, migrated SQLite database, open during the check
    try:
        code = await asyncio.to_thread(cli.main, ["check", "--json", PASTED])
    finally:
        await app.close()

    assert code == 0
    result = json.loads(capsys.readouterr().out)
    lookups = {claim["kind"]: claim["lookup"] for claim in result["claims"]}
    assert lookups["law"]["status"] == "found"
    assert lookups["citation"]["status"] == "found"
    assert caplog.records, "the check should have logged something (e.g. HTTP client debug)"
    stored = await asyncio.to_thread(database_bytes, tmp_path)
    assert stored  # the migrated database is there to look in
    for secret in (PASTED, SECRET, EMAIL, "090-1234-5678"):
        assert secret not in caplog.text
        assert secret.encode() not in stored
        assert all(secret not in seen for seen in sources.seen)
