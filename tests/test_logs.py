"""Logs are JSON lines with ids and kinds; a failure never puts message text in them."""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.core.conversation import Coach
from bot.logs import JsonFormatter, PlainFormatter
from tests.clocks import FixedClock
from tests.dialog import Chat

SECRET = "my member number is 1234-5678 and my email is taro@example.com"


async def test_a_failing_turn_logs_no_message_text_and_answers_kindly(
    coach: Coach, clock: FixedClock, caplog: pytest.LogCaptureFixture
) -> None:
    async def broken(turn, text):  # type: ignore[no-untyped-def]
        raise ValueError(f"could not handle {text}")

    coach.ask = broken
    chat = Chat(coach, clock.now())
    await chat.onboard("en")
    with caplog.at_level(logging.INFO):
        replies = await chat.say(SECRET)
    assert replies[0].kind == "error" and "went wrong" in replies[0].text
    assert SECRET not in replies[0].text
    lines = [JsonFormatter().format(record) for record in caplog.records]
    assert lines, "the failure should be logged"
    for line in lines:
        entry = json.loads(line)
        assert "taro@example.com" not in line and "1234-5678" not in line
        assert entry["level"] in ("error", "info", "warning")
    assert any(json.loads(line).get("error") == "ValueError" for line in lines)


async def test_a_database_error_logs_no_parameters_even_at_debug(
    engine: AsyncEngine, caplog: pytest.LogCaptureFixture
) -> None:
    insert = text("INSERT INTO processed_events (key, seen_at) VALUES (:key, :at)")
    params = {"key": SECRET[:150], "at": datetime(2026, 12, 1, tzinfo=UTC)}
    with caplog.at_level(logging.DEBUG):
        with pytest.raises(IntegrityError) as failure:
            async with engine.begin() as conn:
                await conn.execute(insert, params)
                await conn.execute(insert, params)
        logging.getLogger("bot.test").error("insert failed", exc_info=failure.value)
    assert caplog.records
    for record in caplog.records:
        for line in (JsonFormatter().format(record), PlainFormatter().format(record)):
            assert "1234-5678" not in line
    assert "hide_parameters=True" in str(failure.value)  # SQLAlchemy's own text drops them too
