"""A daily lesson planned for a Teams learner goes out through the outbox, the dispatcher and the
TeamsMessenger, via the conversation reference stored on first contact: once, and a 429 from
the connector reschedules it."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.channels.teams.hosting import TeamsChannel, build_channel
from bot.content.model import Curriculum
from bot.core.context import CoachConfig
from bot.core.conversation import Coach
from bot.delivery.dispatcher import Dispatcher
from bot.delivery.jobs import plan
from bot.delivery.ratelimit import Limit, RateLimits
from bot.storage.models import Learner, Outbox
from bot.storage.outbox import OutboxState
from tests.clocks import FixedClock
from tests.conftest import make_settings
from tests.teams_fakes import CONVERSATION, activity, bot_client, execute, fake_connector

LESSON_PATH = f"/teams/v3/conversations/{CONVERSATION}/activities"


def teams(coach: Coach, clock: FixedClock) -> TeamsChannel:
    channel = build_channel(make_settings(teams_anonymous=True), coach, clock)
    assert channel is not None
    return channel


def dispatcher(
    sessions: async_sessionmaker[AsyncSession],
    channel: TeamsChannel,
    curriculum: Curriculum,
    clock: FixedClock,
) -> Dispatcher:
    """The delivery dispatcher with the Teams buckets: per tenant, and per conversation."""
    settings = make_settings()

    def seconds() -> float:  # the buckets run on the test's clock too
        return clock.now().timestamp()

    limits = RateLimits(
        {"teams": Limit(settings.teams_rate_per_tenant, settings.teams_rate_per_tenant)},
        {"teams": Limit(settings.teams_rate_per_conversation, 1.0)},
        clock=seconds,
    )
    return Dispatcher(
        sessions, {"teams": channel.messenger()}, curriculum, CoachConfig(), clock, limits
    )


async def onboard_yesterday(client: object, url: str) -> None:
    """Hello, Japanese, consent: the learner did Tuesday's lesson in the chat."""
    post = client.post  # type: ignore[attr-defined]
    await post("/api/messages", json=activity(url, "d-1", text="hello"))
    await post("/api/messages", json=execute(url, "d-2", "lang:ja", "c1"))
    await post("/api/messages", json=execute(url, "d-3", "consent:yes", "c2"))


async def outbox(sessions: async_sessionmaker[AsyncSession]) -> list[Outbox]:
    async with sessions() as session:
        return list(await session.scalars(select(Outbox).order_by(Outbox.id)))


async def test_the_daily_lesson_is_delivered_once_through_the_stored_reference(
    coach: Coach,
    clock: FixedClock,
    sessions: async_sessionmaker[AsyncSession],
    curriculum: Curriculum,
) -> None:
    channel = teams(coach, clock)
    async with fake_connector() as connector:
        async with bot_client(channel) as client:
            await onboard_yesterday(client, connector.url)
        async with sessions() as session:
            learner = await session.scalar(select(Learner))
        assert learner is not None and learner.status == "active"
        before = len(connector.calls)

        clock.set(clock.now() + timedelta(days=1))  # Wednesday 09:00 in Tokyo
        result = await plan(sessions, now=clock.now(), default_calendar="JP")
        assert result is not None and result.lessons == 1
        sender = dispatcher(sessions, channel, curriculum, clock)
        await sender.drain()
        # Planning and dispatching again (a second replica, a restart) sends nothing more.
        await plan(sessions, now=clock.now(), default_calendar="JP")
        await sender.drain()

        lesson_calls = connector.calls[before:]
        assert lesson_calls, "nothing was sent"
        assert {(c.method, c.path) for c in lesson_calls} == {("POST", LESSON_PATH)}
        assert all(c.body["recipient"]["id"] == "29:user-1" for c in lesson_calls)
        [row] = await outbox(sessions)
        assert row.kind == "lesson" and row.platform == "teams"
        assert row.state == OutboxState.SENT
        assert row.platform_message_id == f"msg-{len(connector.calls)}"


async def test_a_429_from_the_connector_reschedules_the_lesson(
    coach: Coach,
    clock: FixedClock,
    sessions: async_sessionmaker[AsyncSession],
    curriculum: Curriculum,
) -> None:
    channel = teams(coach, clock)
    async with fake_connector() as connector:
        async with bot_client(channel) as client:
            await onboard_yesterday(client, connector.url)
        before = len(connector.calls)
        clock.set(clock.now() + timedelta(days=1))
        await plan(sessions, now=clock.now(), default_calendar="JP")
        sender = dispatcher(sessions, channel, curriculum, clock)

        connector.errors.append((429, {"Retry-After": "30"}))
        await sender.drain()

        [row] = await outbox(sessions)
        assert (row.state, row.last_error) == (OutboxState.PENDING, "http_429")
        assert row.due_at == clock.now() + timedelta(seconds=30)
        assert len(connector.calls) == before + 1  # tried once, then stopped

        clock.set(clock.now() + timedelta(seconds=31))
        await sender.drain()

        [row] = await outbox(sessions)
        assert row.state == OutboxState.SENT
        assert all(c.path == LESSON_PATH for c in connector.calls[before:])
