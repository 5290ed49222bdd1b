"""Logs are JSON lines with ids and kinds; a failure never puts message text in them."""

from __future__ import annotations

import json
import logging

import pytest

from bot.core.conversation import Coach
from bot.logs import JsonFormatter
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
