"""Officers in Slack, through the real Bolt app (signed requests) and the fake Slack Web API:
`/manabi announce` opens a modal, previews, sends; each member gets it once; a member is
refused; `/manabi report` answers privately with aggregates only."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import aiohttp
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.app import App
from bot.core.messages import Identity
from bot.core.officers.announcements import Announcements, Draft
from bot.core.officers.roles import scope_for
from bot.storage.db import transaction
from bot.storage.models import Announcement, Learner, Outbox
from bot.storage.outbox import OutboxState
from tests.clocks import FixedClock
from tests.conftest import make_settings
from tests.delivery_helpers import outbox_rows
from tests.officers_helpers import add_cohort, add_member
from tests.serving import serving
from tests.slack_fake import (
    BOT_TOKEN,
    SIGNING_SECRET,
    TEAM,
    FakeSlack,
    command_body,
    event_body,
    sign,
)
from tests.test_slack_app import lessons_dir  # noqa: F401  (a fixture)

OFFICER, MEMBER = "U0OFFICER", "U0MEMBER"


@dataclass
class Harness:
    """Manabi's web server on loopback with the fake Slack behind it."""

    app: App
    slack: FakeSlack
    url: str
    http: aiohttp.ClientSession

    async def post(self, body: str, ctype: str) -> tuple[int, str]:
        """POST a signed request to /slack/events; return status and body."""
        headers = {"Content-Type": ctype, **sign(body)}
        async with self.http.post(self.url, data=body.encode(), headers=headers) as response:
            return response.status, await response.text()

    async def command(self, user: str, text: str) -> None:
        """Run `/manabi text` as `user`."""
        status, _ = await self.post(*command_body(user, text, self.slack.response_url(user)))
        assert status == 200

    async def submit(self, user: str, view: dict[str, Any], values: dict[str, Any]) -> str:
        """Submit a modal with these input values; return Bolt's response body."""
        payload = {
            "type": "view_submission",
            "team": {"id": TEAM},
            "user": {"id": user, "team_id": TEAM},
            "api_app_id": "A0TEST",
            "trigger_id": "1.2.4",
            "view": {**view, "id": "V1", "state": {"values": values}},
        }
        body = urlencode({"payload": json.dumps(payload)})
        status, text = await self.post(body, "application/x-www-form-urlencoded")
        assert status == 200
        return text


@pytest.fixture
async def harness(
    db_url: str,
    engine: AsyncEngine,
    clock: FixedClock,
    lessons_dir: Path,  # noqa: F811
) -> AsyncIterator[Harness]:
    """The fake Slack and `manabi serve`'s web app, with cohort tokyo: an officer and 5 members."""
    slack = FakeSlack()
    await slack.start()
    settings = make_settings(
        database_url=db_url,
        lessons_dir=lessons_dir,
        slack_bot_token=BOT_TOKEN,
        slack_signing_secret=SIGNING_SECRET,
        slack_api_url=slack.url,
    )

    async def cohort(app: App) -> None:
        tokyo = await add_cohort(app.sessions, "union", "tokyo")
        await add_member(app.sessions, tokyo, OFFICER, role="officer", locale="en", workspace=TEAM)
        await add_member(app.sessions, tokyo, MEMBER, locale="en", workspace=TEAM)
        for n in range(4):
            locale = "ja" if n % 2 else "en"
            await add_member(app.sessions, tokyo, f"U0M{n}", locale=locale, workspace=TEAM)

    try:
        async with (
            serving(settings, clock, cohort) as (app, base),
            aiohttp.ClientSession() as http,
        ):
            yield Harness(app, slack, f"{base}/slack/events", http)
    finally:
        await slack.stop()


async def announcements(harness: Harness) -> list[Outbox]:
    """The announcement rows in the outbox (the planner may add lessons meanwhile)."""
    return [r for r in await outbox_rows(harness.app.sessions) if r.kind == "announcement"]


def typed(text: str) -> dict[str, Any]:
    """A plain-text input's state."""
    return {"v": {"type": "plain_text_input", "value": text}}


async def test_an_officer_announces_through_the_modal_and_each_member_gets_it_once(
    harness: Harness, clock: FixedClock
) -> None:
    await harness.command(OFFICER, "announce")
    await harness.slack.wait_for(lambda s: bool(s.of("views.open")))
    modal = harness.slack.of("views.open")[0].args["view"]
    options = modal["blocks"][0]["element"]["options"]
    assert [o["value"] for o in options] == ["union|tokyo"]

    values = {
        "cohort": {"v": {"type": "static_select", "selected_option": options[0]}},
        "ja": typed("金曜日に説明会があります。"),
        "en": typed("Briefing on *Friday*."),
        "at": {"v": {"type": "datetimepicker", "selected_date_time": None}},
    }
    response = json.loads(await harness.submit(OFFICER, modal, values))
    assert response["response_action"] == "update"
    preview = response["view"]
    shown = json.dumps(preview["blocks"], ensure_ascii=False)
    assert "Goes to 6 member(s) of tokyo (2 in Japanese, 4 in English)" in shown
    assert "金曜日に説明会があります。" in shown
    assert await announcements(harness) == []  # nothing sent by a preview

    await harness.submit(OFFICER, preview, {})
    await harness.slack.wait_for(
        lambda s: any(c.args.get("channel") == OFFICER for c in s.of("chat.postMessage"))
    )
    confirmation = next(
        c for c in harness.slack.of("chat.postMessage") if c.args.get("channel") == OFFICER
    )
    assert "pending 6" in confirmation.args["text"]
    assert len(await announcements(harness)) == 6

    # `manabi serve` runs the outbox dispatcher: wait for it to deliver.
    def announced(slack: FakeSlack) -> list[tuple[str, str]]:
        return [
            (str(c.args["channel"]), json.dumps(c.args, ensure_ascii=False))
            for c in slack.of("chat.postMessage")
            if "Friday" in json.dumps(c.args) or "金曜日" in json.dumps(c.args, ensure_ascii=False)
        ]

    await harness.slack.wait_for(lambda s: len(announced(s)) >= 6)
    await asyncio.sleep(0.3)  # a second dispatch round must not send again
    posts = announced(harness.slack)
    members = (OFFICER, MEMBER, "U0M0", "U0M1", "U0M2", "U0M3")
    assert sorted(channel for channel, _ in posts) == sorted("D" + u for u in members)
    by_channel = dict(posts)
    assert "Friday" in by_channel["DU0M0"] and "金曜日" in by_channel["DU0M1"]
    assert "金曜日" not in by_channel["DU0M0"] and "Friday" not in by_channel["DU0M1"]
    rows = await announcements(harness)
    assert {r.state for r in rows} == {OutboxState.SENT}


async def test_a_member_who_tries_to_announce_is_refused(harness: Harness) -> None:
    await harness.command(MEMBER, "announce")
    await harness.slack.wait_for(lambda s: bool(s.of("response")))
    assert harness.slack.of("response")[0].args["text"] == "Only union officers can do this."
    assert harness.slack.of("views.open") == []


async def test_report_answers_privately_with_aggregates_only(harness: Harness) -> None:
    await harness.command(OFFICER, "report")
    await harness.slack.wait_for(lambda s: bool(s.of("response")))
    reply = harness.slack.of("response")[0].args
    assert reply["response_type"] == "ephemeral"
    assert "tokyo" in reply["text"] and "5 enrolled" in reply["text"]  # officer not counted
    assert MEMBER not in reply["text"]


async def test_the_app_home_shows_officers_their_cohorts_and_members_nothing_more(
    harness: Harness, clock: FixedClock
) -> None:
    sessions = harness.app.sessions
    async with transaction(sessions) as session:
        officer = await scope_for(session, identity=Identity("slack", TEAM, OFFICER))
    await Announcements(sessions).send(officer, Draft("union", "tokyo", "x"), clock.now())
    for user, event_id in ((OFFICER, "EvH1"), (MEMBER, "EvH2")):
        event = {"type": "app_home_opened", "user": user, "channel": "D" + user, "tab": "home"}
        status, _ = await harness.post(*event_body(event, event_id))
        assert status == 200
    await harness.slack.wait_for(lambda s: len(s.of("views.publish")) >= 2)
    views = {
        c.args["user_id"]: json.dumps(c.args["view"]) for c in harness.slack.of("views.publish")
    }
    assert "Your cohorts" in views[OFFICER] and "tokyo" in views[OFFICER]
    assert "Announcement #1 (tokyo)" in views[OFFICER]
    assert "Your cohorts" not in views[MEMBER] and "tokyo" not in views[MEMBER]


async def test_an_officer_checks_and_cancels_a_scheduled_announcement(
    harness: Harness, clock: FixedClock
) -> None:
    sessions = harness.app.sessions
    async with transaction(sessions) as session:
        officer = await scope_for(session, identity=Identity("slack", TEAM, OFFICER))
    later = clock.now() + timedelta(days=1)
    sent = await Announcements(sessions).send(
        officer, Draft("union", "tokyo", "x", at=later), clock.now()
    )
    await harness.command(OFFICER, f"announce cancel {sent.id}")
    await harness.command(MEMBER, f"announce status {sent.id}")
    await harness.slack.wait_for(lambda s: len(s.of("response")) >= 2)
    replies = {c.args["text"] for c in harness.slack.of("response")}
    assert (
        f"Announcement #{sent.id} (tokyo): delivered 0, pending 0, failed 0, cancelled 6" in replies
    )
    assert "Only union officers can do this." in replies


async def test_a_replayed_signed_modal_submission_sends_the_announcement_once(
    harness: Harness,
) -> None:
    await harness.command(OFFICER, "announce")
    await harness.slack.wait_for(lambda s: bool(s.of("views.open")))
    modal = harness.slack.of("views.open")[0].args["view"]
    option = modal["blocks"][0]["element"]["options"][0]
    values = {
        "cohort": {"v": {"type": "static_select", "selected_option": option}},
        "ja": typed("説明会があります。"),
        "en": typed("Briefing."),
        "at": {"v": {"type": "datetimepicker", "selected_date_time": None}},
    }
    preview = json.loads(await harness.submit(OFFICER, modal, values))["view"]
    payload = {
        "type": "view_submission",
        "team": {"id": TEAM},
        "user": {"id": OFFICER, "team_id": TEAM},
        "api_app_id": "A0TEST",
        "trigger_id": "1.2.5",
        "view": {**preview, "id": "V1", "state": {"values": {}}},
    }
    body = urlencode({"payload": json.dumps(payload)})
    headers = {"Content-Type": "application/x-www-form-urlencoded", **sign(body)}
    for _ in range(2):  # the same signed request, replayed within the signature window
        async with harness.http.post(harness.url, data=body.encode(), headers=headers) as sent:
            assert sent.status == 200
    await harness.slack.wait_for(
        lambda s: any(c.args.get("channel") == OFFICER for c in s.of("chat.postMessage"))
    )
    async with harness.app.sessions() as session:
        assert len(list(await session.scalars(select(Announcement)))) == 1


async def test_the_preview_shows_the_send_time_in_the_officers_own_time_zone(
    harness: Harness, clock: FixedClock
) -> None:
    async with transaction(harness.app.sessions) as session:
        officer = await session.scalar(select(Learner).where(Learner.platform_user_id == OFFICER))
        assert officer is not None
        officer.timezone = "Europe/Berlin"
    await harness.command(OFFICER, "announce")
    await harness.slack.wait_for(lambda s: bool(s.of("views.open")))
    modal = harness.slack.of("views.open")[0].args["view"]
    option = modal["blocks"][0]["element"]["options"][0]
    at = clock.now() + timedelta(hours=9)  # 09:00 UTC: 10:00 in Berlin in December
    values = {
        "cohort": {"v": {"type": "static_select", "selected_option": option}},
        "ja": typed("説明会があります。"),
        "en": typed("Briefing."),
        "at": {"v": {"type": "datetimepicker", "selected_date_time": int(at.timestamp())}},
    }
    preview = json.loads(await harness.submit(OFFICER, modal, values))["view"]
    shown = json.dumps(preview["blocks"], ensure_ascii=False)
    assert "2026-12-01 10:00 +01:00" in shown
    assert "09:00" not in shown and "+00:00" not in shown
