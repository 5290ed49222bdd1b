"""The composition root builds each chat platform once; the web server only mounts it."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from bot.app import build
from bot.channels.slack.messenger import OpenLimiter
from bot.delivery.ratelimit import RateLimits, SharedPacer, SharedRateLimits
from bot.runtime import rate_limits
from bot.web import build_web_app
from tests.conftest import make_settings


async def test_each_channel_is_built_once_and_mounted_by_the_web_server(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    settings = make_settings(
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'manabi.db'}",
        slack_bot_token="xoxb-test",
        slack_signing_secret="secret",
        teams_anonymous=True,
    )
    with caplog.at_level(logging.WARNING):
        app = await build(settings)
        try:
            web_app = build_web_app(app)
        finally:
            await app.close()
    assert app.slack is not None and app.teams is not None
    assert app.messengers["slack"] is app.slack.messenger
    assert app.messengers["teams"].adapter is app.teams.adapter
    routes = {resource.canonical for resource in web_app.router.resources()}
    assert {"/slack/events", "/api/messages", "/healthz"} <= routes
    assert "/metrics" not in routes  # on its own port (bot/web.py, build_metrics_app)
    anonymous = [r for r in caplog.records if "Teams anonymous mode" in r.getMessage()]
    assert len(anonymous) == 1


async def test_without_a_platform_the_app_has_no_channels(tmp_path: Path) -> None:
    app = await build(make_settings(database_url=f"sqlite+aiosqlite:///{tmp_path / 'm.db'}"))
    await app.close()
    assert (app.slack, app.teams, app.messengers) == (None, None, {})


async def test_on_postgresql_every_replica_shares_the_limits(db_url: str) -> None:
    """The posts' buckets and conversations.open's are the shared ones; SQLite keeps its own."""
    settings = make_settings(
        database_url=db_url, slack_bot_token="xoxb-test", slack_signing_secret="secret"
    )
    app = await build(settings)
    try:
        assert app.slack is not None
        shared = db_url.startswith("postgresql")
        limits, opens = rate_limits(app), app.slack.messenger.opens
        assert isinstance(limits, SharedRateLimits if shared else RateLimits)
        assert isinstance(opens, SharedPacer if shared else OpenLimiter)
    finally:
        await app.close()
