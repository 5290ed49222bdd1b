"""Slack configuration modes, and OAuth with installations encrypted in our database."""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest
import yaml
from cryptography.fernet import Fernet
from slack_sdk.oauth.installation_store.models.installation import Installation
from sqlalchemy import event, text
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.channels.slack.app import EVENTS_PATH, REDIRECT_PATH, SCOPES, slack_mode
from bot.channels.slack.installations import EncryptedInstallationStore, cipher
from bot.channels.slack.listeners.commands import COMMAND
from bot.channels.slack.listeners.shortcuts import CHECK
from bot.config import ROOT, ConfigError
from tests.clocks import FixedClock
from tests.conftest import make_settings
from tests.serving import serving
from tests.slack_fake import SIGNING_SECRET, TEAM, FakeSlack, dm_event, event_body, sign
from tests.test_slack_app import lessons_dir  # noqa: F401 - a fixture

KEY = Fernet.generate_key().decode()


def test_modes_and_clear_errors() -> None:
    assert slack_mode(make_settings()) is None
    token = make_settings(slack_bot_token="xoxb-test", slack_signing_secret="s")
    assert slack_mode(token) == "token"
    socket = make_settings(slack_bot_token="xoxb-test", slack_app_token="xapp-test")
    assert slack_mode(socket) == "socket"
    with pytest.raises(ConfigError, match="SLACK_SIGNING_SECRET"):
        slack_mode(make_settings(slack_bot_token="xoxb-test"))
    oauth = {"slack_client_id": "1.2", "slack_client_secret": "c", "slack_signing_secret": "s"}
    with pytest.raises(ConfigError, match="MANABI_SECRET_KEY: required"):
        slack_mode(make_settings(**oauth))
    with pytest.raises(ConfigError, match="not a Fernet key"):
        slack_mode(make_settings(**oauth, secret_key="short"))
    assert slack_mode(make_settings(**oauth, secret_key=KEY)) == "oauth"


def installation(token: str) -> Installation:
    """An installation as Slack's OAuth flow produces it."""
    return Installation(
        app_id="A0TEST",
        team_id=TEAM,
        user_id="U0ADMIN",
        bot_token=token,
        bot_id="B0MANABI",
        bot_user_id="U0MANABI",
        bot_scopes="chat:write",
    )


async def test_tokens_are_encrypted_at_rest(engine: AsyncEngine) -> None:
    store = EncryptedInstallationStore("1.2", engine, Fernet(KEY.encode()))
    await store.async_save(installation("xoxb-secret-test"))
    async with engine.connect() as conn:
        rows = (await conn.execute(text("SELECT bot_token FROM slack_bots"))).all()
        rows += (await conn.execute(text("SELECT bot_token FROM slack_installations"))).all()
    assert len(rows) == 2 and all("xoxb" not in row[0] for row in rows)
    assert await store.bot_token(TEAM) == "xoxb-secret-test"
    found = await store.async_find_installation(enterprise_id=None, team_id=TEAM)
    assert found is not None and found.bot_token == "xoxb-secret-test"
    other = EncryptedInstallationStore("1.2", engine, Fernet(Fernet.generate_key()))
    assert await other.bot_token(TEAM) is None, "a different key cannot read the tokens"


@pytest.fixture
async def oauth_server(
    db_url: str,
    engine: AsyncEngine,
    clock: FixedClock,
    lessons_dir: Path,  # noqa: F811
) -> AsyncIterator[tuple[str, FakeSlack]]:
    """`manabi serve` in OAuth mode against the fake Slack."""
    slack = FakeSlack()
    await slack.start()
    settings = make_settings(
        database_url=db_url,
        lessons_dir=lessons_dir,
        slack_client_id="1.2",
        slack_client_secret="client-secret-test",
        slack_signing_secret=SIGNING_SECRET,
        slack_api_url=slack.url,
        secret_key=KEY,
    )
    try:
        async with serving(settings, clock) as (_app, base):
            yield base, slack
    finally:
        await slack.stop()


# slack_sdk's oauth.v2.access still passes aiohttp.BasicAuth, deprecated in aiohttp 3.14.
@pytest.mark.filterwarnings("ignore:BasicAuth is deprecated:DeprecationWarning")
async def test_install_then_a_dm_uses_the_installed_token(
    oauth_server: tuple[str, FakeSlack],
) -> None:
    base, slack = oauth_server
    async with aiohttp.ClientSession() as http:
        async with http.get(f"{base}/slack/install", allow_redirects=False) as page:
            assert page.status in (200, 302)
            cookie = page.headers["Set-Cookie"].split(";")[0]
            body = await page.text()
            state = re.search(r"state=([\w-]+)", page.headers.get("Location") or body)
        assert state is not None
        redirect = f"{base}/slack/oauth_redirect?code=code-test&state={state.group(1)}"
        async with http.get(redirect, headers={"Cookie": cookie}) as done:
            assert done.status == 200, await done.text()
        assert slack.of("oauth.v2.access")
        event, ctype = event_body(dm_event("U0MEMBER", "start"), "EvOauth")
        headers = {"Content-Type": ctype, **sign(event)}
        async with http.post(f"{base}/slack/events", data=event.encode(), headers=headers) as r:
            assert r.status == 200
    await slack.wait_for(lambda s: len(s.of("chat.postMessage")) == 1)
    assert slack.of("chat.postMessage")[0].token == "xoxb-oauth-test"


@pytest.mark.filterwarnings("ignore:BasicAuth is deprecated:DeprecationWarning")
async def test_uninstalling_deletes_the_stored_tokens(
    oauth_server: tuple[str, FakeSlack], engine: AsyncEngine
) -> None:
    base, _slack = oauth_server
    store = EncryptedInstallationStore("1.2", engine, Fernet(KEY.encode()))
    async with aiohttp.ClientSession() as http:
        async with http.get(f"{base}/slack/install", allow_redirects=False) as page:
            cookie = page.headers["Set-Cookie"].split(";")[0]
            body = await page.text()
            state = re.search(r"state=([\w-]+)", page.headers.get("Location") or body)
        assert state is not None
        redirect = f"{base}/slack/oauth_redirect?code=code-test&state={state.group(1)}"
        async with http.get(redirect, headers={"Cookie": cookie}) as done:
            assert done.status == 200
        assert await store.bot_token(TEAM) == "xoxb-oauth-test"
        event, ctype = event_body({"type": "app_uninstalled"}, "EvUninstall")
        headers = {"Content-Type": ctype, **sign(event)}
        async with http.post(f"{base}/slack/events", data=event.encode(), headers=headers) as r:
            assert r.status == 200
    for _ in range(100):  # the listener runs after the ack
        if await store.bot_token(TEAM) is None:
            break
        await asyncio.sleep(0.05)
    assert await store.bot_token(TEAM) is None
    async with engine.connect() as conn:
        assert (await conn.execute(text("SELECT count(*) FROM slack_installations"))).scalar() == 0


def test_manifest_has_exactly_what_the_code_uses() -> None:
    manifest = yaml.safe_load((ROOT / "slack-manifest.yaml").read_text(encoding="utf-8"))
    assert sorted(manifest["oauth_config"]["scopes"]["bot"]) == sorted(SCOPES)
    events = manifest["settings"]["event_subscriptions"]["bot_events"]
    assert sorted(events) == [
        "app_home_opened",
        "app_mention",
        "app_uninstalled",
        "assistant_thread_context_changed",
        "assistant_thread_started",
        "message.im",
        "tokens_revoked",
    ]
    commands = [c["command"] for c in manifest["features"]["slash_commands"]]
    assert commands == [COMMAND]
    shortcuts = [(s["type"], s["callback_id"]) for s in manifest["features"]["shortcuts"]]
    assert shortcuts == [("message", CHECK)]
    assert manifest["features"]["app_home"]["home_tab_enabled"] is True
    assert "assistant_view" in manifest["features"]  # the AI app pane (assistant:write)
    url = manifest["settings"]["interactivity"]["request_url"]
    assert url.endswith(EVENTS_PATH)
    assert manifest["oauth_config"]["redirect_urls"][0].endswith(REDIRECT_PATH)


def test_the_installation_store_uses_the_tables_the_migrations_create() -> None:
    from bot.channels.slack import installations
    from bot.storage import slack_tables

    names = ("INSTALLATIONS", "BOTS", "OAUTH_STATES")
    assert [getattr(installations, n) for n in names] == [getattr(slack_tables, n) for n in names]


async def test_the_bot_token_is_read_once_and_forgotten_on_uninstall(engine: AsyncEngine) -> None:
    store = EncryptedInstallationStore("1.2", engine, Fernet(KEY.encode()))
    await store.async_save(installation("xoxb-cached-test"))
    reads = 0

    def count(*_args: object) -> None:
        nonlocal reads
        reads += 1

    event.listen(engine.sync_engine, "before_cursor_execute", count)
    try:
        assert [await store.bot_token(TEAM) for _ in range(5)] == ["xoxb-cached-test"] * 5
        assert reads == 1, "one lookup, then the cache"
    finally:
        event.remove(engine.sync_engine, "before_cursor_execute", count)
    # The uninstall listener works through another store of the same process.
    other = EncryptedInstallationStore("1.2", engine, Fernet(KEY.encode()))
    await other.async_delete_all(enterprise_id=None, team_id=TEAM)
    assert await store.bot_token(TEAM) is None


async def test_a_new_key_can_be_put_in_front_of_the_old_one(engine: AsyncEngine) -> None:
    old, new = KEY, Fernet.generate_key().decode()
    before = EncryptedInstallationStore("1.2", engine, cipher(old))
    await before.async_save(installation("xoxb-before-rotation"))
    after = EncryptedInstallationStore("1.2", engine, cipher(f"{new}, {old}"))
    assert await after.bot_token(TEAM) == "xoxb-before-rotation"  # old rows still read
    await after.async_save(installation("xoxb-after-rotation"))
    only_new = EncryptedInstallationStore("1.2", engine, cipher(new))
    assert await only_new.bot_token(TEAM) == "xoxb-after-rotation"  # written with the newest
    with pytest.raises(ConfigError, match="MANABI_SECRET_KEY: not a Fernet key"):
        cipher(f"{new},short")
