"""A pasted answer is redacted before any lookup, and is neither stored nor logged."""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from bot import cli
from bot.app import build
from bot.channels.teams.extension import CHECK_COMMAND, FETCH_TASK
from bot.config import ROOT
from bot.core.conversation import Coach
from bot.core.qa.checking.engine import check_answer
from bot.core.qa.checking.lookups import Lookups
from bot.storage.models import Learner
from tests.check_fakes import FakeSources, RecordingLookups
from tests.clocks import FixedClock
from tests.conftest import make_settings
from tests.dialog import Chat
from tests.serving import serving
from tests.slack_fake import (
    BOT_TOKEN,
    SIGNING_SECRET,
    FakeSlack,
    dm_event,
    event_body,
    shortcut_body,
    sign,
)
from tests.teams_fakes import activity

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


async def test_no_chat_path_leaves_the_pasted_text_in_the_database_or_the_logs(
    tmp_path: Path,
    sources: FakeSources,
    clock: FixedClock,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A DM (`確認して` + text, and `check` then a paste), the Slack shortcut and the Teams
    message action, all on one real SQLite file with every log record captured."""
    monkeypatch.chdir(tmp_path)
    caplog.set_level(logging.DEBUG)
    slack = FakeSlack()
    await slack.start()
    settings = make_settings(
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'manabi.db'}",
        lessons_dir=ROOT / "lessons",
        slack_bot_token=BOT_TOKEN,
        slack_signing_secret=SIGNING_SECRET,
        slack_api_url=slack.url,
        teams_anonymous=True,
        egov_api_url=f"{sources.url}/egov",
        crossref_api_url=f"{sources.url}/crossref",
    )
    try:
        async with serving(settings, clock) as (_app, base), aiohttp.ClientSession() as http:

            async def to_slack(body: str, ctype: str) -> None:
                headers = {"Content-Type": ctype, **sign(body)}
                async with http.post(f"{base}/slack/events", data=body, headers=headers) as r:
                    assert r.status == 200

            await to_slack(*event_body(dm_event("U1", f"確認して\n{PASTED}"), "Ev1"))
            await slack.wait_for(lambda s: len(s.of("chat.postMessage")) >= 1)
            await to_slack(*event_body(dm_event("U1", "check", ts="1700000000.2"), "Ev2"))
            await slack.wait_for(lambda s: len(s.of("chat.postMessage")) >= 2)
            await to_slack(*event_body(dm_event("U1", PASTED, ts="1700000000.3"), "Ev3"))
            await slack.wait_for(lambda s: len(s.of("chat.postMessage")) >= 3)
            shortcut = shortcut_body("U2", {"text": PASTED}, response_url=slack.response_url())
            await to_slack(*shortcut)
            await slack.wait_for(lambda s: bool(s.of("response")))
            invoke = activity(
                f"{sources.url}/connector/",
                "inv-1",
                kind="invoke",
                name=FETCH_TASK,
                value={
                    "commandId": CHECK_COMMAND,
                    "messagePayload": {"body": {"contentType": "text", "content": PASTED}},
                },
            )
            async with http.post(f"{base}/api/messages", json=invoke) as response:
                assert response.status == 200
                teams = json.dumps(await response.json(), ensure_ascii=False)
    finally:
        await slack.stop()

    dm = slack.of("chat.postMessage")
    assert "Paste the AI answer" in str(dm[1].args)
    checklists = [str(dm[0].args), str(dm[2].args)]
    checklists += [str(slack.of("response")[0].args), teams]
    assert [("労働基準法第36条" in shown) for shown in checklists] == [True] * 4, checklists
    stored = await asyncio.to_thread(database_bytes, tmp_path)
    assert b"learners" in stored  # the migrated database is there to look in
    assert caplog.records
    for secret in (PASTED, SECRET, EMAIL, "090-1234-5678"):
        assert secret not in caplog.text
        assert secret.encode() not in stored
        assert all(secret not in seen for seen in sources.seen)


async def test_marking_the_claims_keeps_counts_never_a_claim(
    coach: Coach,
    clock: FixedClock,
    db_url: str,
    engine: AsyncEngine,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Every claim of a checklist marked (and one pressed twice): the database and the log of
    the marking hold no claim, only counts and places."""
    if not db_url.startswith("sqlite"):
        pytest.skip("reads the SQLite file")
    chat = Chat(coach, clock.now())
    await chat.onboard("ja")
    checklist = (await chat.say(f"確認して\n{PASTED}"))[0]
    claims = [choice.row.strip("「」") for choice in checklist.choices[::3]]
    assert "労働基準法第36条" in claims and len(claims) >= 3
    caplog.clear()
    caplog.set_level(logging.DEBUG)
    for place in range(1, len(claims) + 1):
        button = checklist.choices[3 * (place - 1) + place % 3]  # ✔, ✘ and ? in turn
        assert (await chat.send(button.value))[0].kind == "claim_marked"
    assert await chat.send(checklist.choices[0].value) == []  # pressed twice: nothing
    async with coach.sessions() as session:
        learner = (await session.execute(select(Learner))).scalar_one()
        assert learner.claims_checked + learner.claims_wrong + learner.claims_unsure == len(claims)
        assert learner.dialog is not None
        assert learner.dialog["marked"] == [f"1/{n}" for n in range(1, len(claims) + 1)]
    await engine.dispose()  # everything written to the file
    stored = await asyncio.to_thread(database_bytes, tmp_path)
    assert b"learners" in stored
    for secret in (PASTED, SECRET, EMAIL, *claims):
        assert secret not in caplog.text, secret
        assert secret.encode() not in stored, secret
