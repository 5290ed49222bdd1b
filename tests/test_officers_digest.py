"""The weekly digest reaches the officer's Slack DM: the week in numbers, then the chart (PNG)
uploaded with files.getUploadURLExternal / completeUploadExternal, through the dispatcher."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any

import pytest
from aiohttp import web
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.channels.slack.messenger import SlackMessenger
from bot.charts import MatplotlibCharts
from bot.content.model import Curriculum
from bot.core.context import CoachConfig
from bot.core.officers.digest import plan_digests
from bot.delivery.dispatcher import DispatchConfig, Dispatcher
from tests.clocks import FixedClock
from tests.slack_fake import BOT_TOKEN, FakeSlack
from tests.test_officers_reports import MONDAY, build_union

PNG = b"\x89PNG\r\n\x1a\n"


class UploadSlack(FakeSlack):
    """The fake Slack API, with the two-step file upload that files_upload_v2 uses."""

    async def _args(self, request: web.Request) -> dict[str, Any]:
        if request.match_info["method"] == "upload.bytes":  # step 2: the file itself
            data = await request.read()
            return {"size": len(data), "png": data.startswith(PNG)}
        return await super()._args(request)

    def _answer(self, method: str, args: dict[str, Any]) -> dict[str, Any]:
        if method == "files.getUploadURLExternal":
            return {"ok": True, "upload_url": f"{self.url}upload.bytes", "file_id": "F0CHART"}
        if method == "files.completeUploadExternal":
            return {"ok": True, "files": [{"id": "F0CHART"}]}
        return super()._answer(method, args)


@pytest.fixture
async def slack() -> AsyncIterator[UploadSlack]:
    """A running fake Slack Web API that accepts uploads."""
    fake = UploadSlack()
    await fake.start()
    yield fake
    await fake.stop()


async def token_for(workspace: str) -> str | None:
    """Every workspace is installed with the test token."""
    return BOT_TOKEN


async def test_the_digest_and_its_chart_reach_the_officers_dm_once(
    sessions: async_sessionmaker[AsyncSession], curriculum: Curriculum, slack: UploadSlack
) -> None:
    await build_union(sessions, curriculum)
    assert await plan_digests(sessions, curriculum, MONDAY, 5, MatplotlibCharts()) == 1
    messenger = SlackMessenger(token_for, slack.url)
    dispatcher = Dispatcher(
        sessions,
        {"slack": messenger},
        curriculum,
        CoachConfig(),
        FixedClock(MONDAY),
        config=DispatchConfig(lease=timedelta(seconds=60)),
    )
    try:
        assert await dispatcher.drain() >= 1
        assert await dispatcher.drain() == 0
    finally:
        await messenger.close()
    digests = [c for c in slack.of("chat.postMessage") if "Enrolled: 5" in str(c.args)]
    assert [c.args["channel"] for c in digests] == ["DUOFF"]
    [step1] = slack.of("files.getUploadURLExternal")
    assert (
        step1.args["filename"].startswith("manabi-2026-12-07") and int(step1.args["length"]) > 5000
    )
    [step2] = slack.of("upload.bytes")
    assert step2.args == {"size": int(step1.args["length"]), "png": True}
    [step3] = slack.of("files.completeUploadExternal")
    assert step3.args["channel_id"] == "DUOFF"
