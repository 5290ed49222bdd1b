"""Officers in Teams, through the real Agents SDK (anonymous local mode) against the fake Bot
Connector: announce (form card → preview card → send → each cohort member gets it once, a
double press sends once), status and cancel, the report card, and replying to a member's
question with the card's Reply button. Forged officer card actions are refused."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.channels.teams.hosting import TeamsChannel
from bot.content.model import Curriculum
from bot.core.conversation import Coach
from bot.storage.db import transaction
from bot.storage.models import Announcement, Cohort, Learner, Membership, OfficerQuestion, Outbox
from bot.storage.outbox import OutboxState
from tests.clocks import FixedClock
from tests.officers_helpers import add_cohort
from tests.teams_fakes import (
    BOT,
    TENANT,
    Client,
    FakeConnector,
    activity,
    bot_client,
    card_of,
    card_text,
    fake_connector,
)
from tests.test_teams_delivery import dispatcher, teams

OFFICER, OTHER_OFFICER, ADMIN = "aad-officer", "aad-osaka-officer", "aad-admin"
MEMBERS = ("aad-m0", "aad-m1", "aad-m2", "aad-m3", "aad-m4")
LOCALES = {"aad-m0": "en", "aad-m1": "ja", "aad-m2": "en", "aad-m3": "ja", "aad-m4": "en"}


def chat(user: str) -> str:
    """The 1:1 conversation id of a user."""
    return f"a:chat-{user}"


def reference(url: str, user: str) -> dict[str, Any]:
    """A stored conversation reference, as the first message of `user` leaves it."""
    return {
        "bot": BOT,
        "user": {"id": f"29:{user}", "aadObjectId": user},
        "conversation": {"id": chat(user), "conversationType": "personal", "tenantId": TENANT},
        "channelId": "msteams",
        "serviceUrl": url,
    }


async def add_teams_member(
    sessions: async_sessionmaker[AsyncSession],
    cohort_id: int,
    user: str,
    url: str,
    *,
    role: str = "member",
    locale: str = "en",
) -> int:
    """A Teams learner who has started, in a cohort with a role; return their id."""
    now = datetime(2026, 11, 30, tzinfo=UTC)
    async with transaction(sessions) as session:
        cohort = await session.get(Cohort, cohort_id)
        assert cohort is not None
        learner = Learner(
            platform="teams",
            workspace=TENANT,
            platform_user_id=user,
            conversation_ref=reference(url, user),
            organisation_id=cohort.organisation_id,
            locale=locale,
            status="active",
            consent_at=now,
            last_active_at=now,
            created_at=now,
        )
        session.add(learner)
        await session.flush()
        session.add(Membership(learner_id=learner.id, cohort_id=cohort_id, role=role))
        return learner.id


async def union(sessions: async_sessionmaker[AsyncSession], url: str) -> None:
    """Cohort union/tokyo: an officer (English) and five members; union/osaka: its officer,
    and a federation admin."""
    tokyo = await add_cohort(sessions, "union", "tokyo")
    osaka = await add_cohort(sessions, "union", "osaka")
    await add_teams_member(sessions, tokyo, OFFICER, url, role="officer")
    for user in MEMBERS:
        await add_teams_member(sessions, tokyo, user, url, locale=LOCALES[user])
    await add_teams_member(sessions, osaka, OTHER_OFFICER, url, role="officer")
    await add_teams_member(sessions, osaka, ADMIN, url, role="admin")


class Teams:
    """Posts activities as one user or another."""

    def __init__(self, client: Client, connector: FakeConnector) -> None:
        self.client, self.connector, self.n = client, connector, 0

    def _activity(self, user: str, **fields: Any) -> dict[str, Any]:
        self.n += 1
        conversation = {"id": chat(user), "conversationType": "personal", "tenantId": TENANT}
        return activity(
            self.connector.url,
            f"act-{self.n}",
            user=f"29:{user}",
            aad=user,
            conversation=conversation,
            locale="en-US",
            **fields,
        )

    async def say(self, user: str, text: str) -> dict[str, Any]:
        """Type a message; return the card posted in answer."""
        before = len(self.connector.sent())
        response = await self.client.post("/api/messages", json=self._activity(user, text=text))
        assert response.status == 202
        [answer] = self.connector.sent()[before:]
        return card_of(answer)

    async def press(self, user: str, data: dict[str, Any], verb: str = "officer") -> Any:
        """Press an Action.Execute button with this data; return the invoke response's value."""
        value = {"action": {"type": "Action.Execute", "verb": verb, "data": data}}
        body = self._activity(
            user, kind="invoke", name="adaptiveCard/action", value=value, replyToId="card-1"
        )
        response = await self.client.post("/api/messages", json=body)
        assert response.status == 200
        answer = await response.json()
        return answer["value"]

    async def submit(self, user: str, data: dict[str, Any]) -> dict[str, Any]:
        """Press an Action.Submit button (older clients): a message with a value."""
        before = len(self.connector.sent())
        body = self._activity(user, value=data, replyToId="card-1")
        assert (await self.client.post("/api/messages", json=body)).status == 202
        [answer] = self.connector.sent()[before:]
        return card_of(answer)


def button(card: dict[str, Any], title: str) -> dict[str, Any]:
    """The data of a card's button, found by its title."""
    for action in card.get("actions", []):
        if action["title"] == title:
            assert (
                action["type"] == "Action.Execute" and action["fallback"]["data"] == action["data"]
            )
            data: dict[str, Any] = action["data"]
            return data
    raise AssertionError(f"no button {title!r} in {card}")


def field(card: dict[str, Any], name: str) -> dict[str, Any]:
    """A card's input by id."""
    return next(item for item in card["body"] if item.get("id") == name)


async def rows(sessions: async_sessionmaker[AsyncSession], kind: str) -> list[Outbox]:
    async with sessions() as session:
        found = await session.scalars(select(Outbox).where(Outbox.kind == kind))
        return list(found)


async def announcements(sessions: async_sessionmaker[AsyncSession]) -> list[Announcement]:
    async with sessions() as session:
        return list(await session.scalars(select(Announcement)))


@pytest.fixture
def channel(coach: Coach, clock: FixedClock) -> TeamsChannel:
    return teams(coach, clock)


async def test_an_officer_announces_preview_then_send_and_each_member_gets_it_once(
    channel: TeamsChannel,
    clock: FixedClock,
    sessions: async_sessionmaker[AsyncSession],
    curriculum: Curriculum,
) -> None:
    async with fake_connector() as connector:
        await union(sessions, connector.url)
        async with bot_client(channel) as client:
            officer = Teams(client, connector)
            form = await officer.say(OFFICER, "announce")
            cohorts = field(form, "cohort")
            assert [c["value"] for c in cohorts["choices"]] == ["union|tokyo"]  # their scope only
            assert {field(form, "ja")["type"], field(form, "en")["type"]} == {"Input.Text"}

            filled = {
                **button(form, "Preview"),
                "cohort": "union|tokyo",
                "ja": "金曜日に説明会があります。",
                "en": "Briefing on **Friday**.",
            }
            preview = await officer.press(OFFICER, filled)
            shown = card_text(preview)
            assert "Goes to 6 member(s) of tokyo (2 in Japanese, 4 in English)" in shown
            assert "金曜日に説明会があります。" in shown and "Sends now." in shown
            assert await rows(sessions, "announcement") == []  # a preview sends nothing

            send = button(preview, "Send")
            sent = await officer.press(OFFICER, send)
            assert "pending 6" in card_text(sent)
            again = await officer.press(OFFICER, send)  # a double press
            assert "already sent" in card_text(again)
            assert len(await announcements(sessions)) == 1
            assert len(await rows(sessions, "announcement")) == 6

        before = len(connector.calls)
        sender = dispatcher(sessions, channel, curriculum, clock)
        await sender.drain()
        await sender.drain()  # a second round sends nothing more
        posts = connector.calls[before:]
        by_chat = {call.path.split("/")[-2]: card_or_text(call.body) for call in posts}
        assert len(posts) == 6
        assert sorted(by_chat) == sorted(chat(user) for user in (OFFICER, *MEMBERS))
        assert "Friday" in by_chat[chat("aad-m0")] and "金曜日" not in by_chat[chat("aad-m0")]
        assert "金曜日" in by_chat[chat("aad-m1")] and "Friday" not in by_chat[chat("aad-m1")]
        assert {row.state for row in await rows(sessions, "announcement")} == {OutboxState.SENT}


def card_or_text(body: dict[str, Any]) -> str:
    """What a posted message says, as text or as a card."""
    if body.get("attachments"):
        return card_text(body["attachments"][0]["content"])
    return str(body.get("text") or "")


async def test_a_member_pressing_forged_officer_actions_is_refused_and_nothing_happens(
    channel: TeamsChannel, clock: FixedClock, sessions: async_sessionmaker[AsyncSession]
) -> None:
    draft = {"cohort": "union|tokyo", "ja": "偽のお知らせ", "en": "Fake news", "key": "k1"}
    async with fake_connector() as connector:
        await union(sessions, connector.url)
        async with bot_client(channel) as client:
            teams_ = Teams(client, connector)
            member = "aad-m0"
            refused = "Only union officers can do this."
            assert refused in card_text(await teams_.say(member, "announce"))
            for step in ("preview", "send"):
                card = await teams_.press(member, {"officer": step, **draft})
                assert card_text(card) == refused and "actions" not in card
            assert card_text(await teams_.submit(member, {"officer": "send", **draft})) == refused
            # An officer of another cohort cannot send to this one either.
            other = await teams_.press(OTHER_OFFICER, {"officer": "send", **draft})
            assert "not an officer of this group" in card_text(other)

            # An officer schedules one; a member's forged cancel and status change nothing.
            scheduled = {**draft, "officer": "send", "key": "k2", "date": "2026-12-03"}
            status = await teams_.press(OFFICER, {**scheduled, "at": ""})
            [announcement] = await announcements(sessions)
            for step in ("cancel", "status"):
                card = await teams_.press(member, {"officer": step, "id": announcement.id})
                assert card_text(card) == refused
            assert "Scheduled for: 2026-12-03 09:00 (Asia/Tokyo)" in card_text(status)
    [announcement] = await announcements(sessions)
    assert announcement.status == "scheduled"
    assert {row.state for row in await rows(sessions, "announcement")} == {OutboxState.PENDING}


async def test_an_officer_checks_and_cancels_a_scheduled_announcement(
    channel: TeamsChannel, sessions: async_sessionmaker[AsyncSession]
) -> None:
    async with fake_connector() as connector:
        await union(sessions, connector.url)
        async with bot_client(channel) as client:
            officer = Teams(client, connector)
            form = await officer.say(OFFICER, "お知らせ")
            filled = {
                **button(form, "Preview"),
                "cohort": "union|tokyo",
                "en": "Study session on Thursday",
                "date": "2026-12-03",
                "time": "18:30",
            }
            preview = await officer.press(OFFICER, filled)
            assert "Scheduled for: 2026-12-03 18:30 (Asia/Tokyo)" in card_text(preview)
            status = await officer.press(OFFICER, button(preview, "Send"))
            [announcement] = await announcements(sessions)
            assert announcement.scheduled_for == datetime(2026, 12, 3, 9, 30, tzinfo=UTC)

            typed = await officer.say(OFFICER, f"announce status {announcement.id}")
            assert f"Announcement #{announcement.id} (tokyo)" in card_text(typed)
            cancelled = await officer.press(OFFICER, button(status, "Cancel this announcement"))
            assert "cancelled 6" in card_text(cancelled)
            assert "actions" in cancelled and len(cancelled["actions"]) == 1  # Refresh only

            past = {**filled, "date": "2026-11-01"}  # a mistake: the form again, with why
            again = await officer.press(OFFICER, past)
            assert "That time has passed" in card_text(again)
            assert field(again, "en")["value"] == "Study session on Thursday"

            discarded = await officer.press(OFFICER, button(preview, "Cancel"))
            assert card_text(discarded) == "Closed without sending."
    assert len(await announcements(sessions)) == 1


async def test_the_report_card_shows_only_the_officers_cohorts_in_aggregate(
    channel: TeamsChannel, sessions: async_sessionmaker[AsyncSession]
) -> None:
    async with fake_connector() as connector:
        await union(sessions, connector.url)
        async with bot_client(channel) as client:
            teams_ = Teams(client, connector)
            report = card_text(await teams_.say(OFFICER, "report"))
            assert "Your cohorts" in report and "tokyo" in report and "5 enrolled" in report
            assert "osaka" not in report
            assert not any(user in report for user in MEMBERS)
            small = card_text(await teams_.say(OTHER_OFFICER, "レポート"))
            assert "too few to report" in small  # osaka has no members: only its size
            refused = card_text(await teams_.say("aad-m0", "report"))
            assert refused == "Only union officers can do this."


async def test_an_officer_replies_to_a_question_with_the_cards_reply_button(
    channel: TeamsChannel,
    clock: FixedClock,
    sessions: async_sessionmaker[AsyncSession],
    curriculum: Curriculum,
) -> None:
    async with fake_connector() as connector:
        await union(sessions, connector.url)
        sender = dispatcher(sessions, channel, curriculum, clock)
        async with bot_client(channel) as client:
            teams_ = Teams(client, connector)
            for text in ("ask an officer", "Can I paste the minutes into the AI?"):
                body = teams_._activity("aad-m0", text=text)
                assert (await client.post("/api/messages", json=body)).status == 202
            before = len(connector.calls)
            await sender.drain()
            [forwarded] = connector.calls[before:]
            assert forwarded.path.split("/")[-2] == chat(OFFICER)
            card = card_of(forwarded)
            assert "/manabi" not in card_text(card) and "paste the minutes" in card_text(card)
            [reply] = card["actions"]
            assert reply["type"] == "Action.ShowCard" and reply["title"] == "Reply"
            [box] = reply["card"]["body"]
            assert box["type"] == "Input.Text" and box["isRequired"]
            [send] = reply["card"]["actions"]
            data = send["data"]
            assert data["manabi"].startswith("oreply:")

            async def reply_as(user: str, text: str) -> str:
                """Press the Reply card's button as `user`; return what they are told."""
                await teams_.press(user, {**data, box["id"]: text}, "manabi")
                return card_or_text(connector.sent()[-1].body)

            forged = await reply_as("aad-m2", "hijacked")  # a member, with the question's data
            assert forged == "Only union officers can do this."
            other = await reply_as(OTHER_OFFICER, "no")
            assert "not an officer of this group" in other
            admin = await reply_as(ADMIN, "no")  # may do much, but it was not sent to them
            assert "not an officer of this group" in admin
            assert await reply_as(OFFICER, "Please do not paste the minutes.") == (
                "Your reply is on its way."
            )
            assert "already been answered" in await reply_as(OFFICER, "twice")

        before = len(connector.calls)
        await sender.drain()
        [back] = connector.calls[before:]
        assert back.path.split("/")[-2] == chat("aad-m0")
        assert "Please do not paste the minutes." in card_or_text(back.body)
    async with sessions() as session:
        [question] = list(await session.scalars(select(OfficerQuestion)))
    assert question.answer == "Please do not paste the minutes."
    assert [r.learner_id for r in await rows(sessions, "officer_reply")] == [question.learner_id]
