"""Invitations: imported members who have not started get Manabi's welcome once; nobody
else gets one, and a member cannot invite."""

from __future__ import annotations

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.content.model import Curriculum
from bot.core.actions import unstamped
from bot.core.messages import Identity, Inbound
from bot.core.officers.invitations import invite
from bot.core.officers.roles import NotAllowed, operator_scope, scope_of
from bot.storage import roster
from bot.storage.db import transaction
from bot.storage.models import Learner
from bot.storage.outbox import OutboxState
from tests.clocks import FixedClock
from tests.delivery_helpers import add_learner, add_org, outbox_rows
from tests.fakes import RecordingMessenger
from tests.test_delivery_dispatch import NOW, make_dispatcher


async def cohort_with(
    sessions: async_sessionmaker[AsyncSession], members: dict[str, tuple[str, str]]
) -> dict[str, int]:
    """An organisation 'union' with cohort 'tokyo': user -> (status, role); return user ids."""
    org = await add_org(sessions)
    ids = {}
    for user, (status, _role) in members.items():
        ids[user] = await add_learner(sessions, org, user, status=status)
    async with transaction(sessions) as session:
        cohort, _ = await roster.get_or_create_cohort(session, organisation_id=org, slug="tokyo")
        for user, (status, role) in members.items():
            if status == "new":  # imported, never started: no consent yet
                learner = await session.get(Learner, ids[user])
                assert learner is not None
                learner.consent_at = None
            await roster.add_membership(
                session, learner_id=ids[user], cohort_id=cohort.id, role=role
            )
    return ids


async def test_new_members_are_invited_once_and_started_ones_not_at_all(
    sessions: async_sessionmaker[AsyncSession], curriculum: Curriculum
) -> None:
    ids = await cohort_with(
        sessions,
        {"U1": ("new", "member"), "U2": ("new", "member"), "U3": ("active", "member")},
    )
    async with transaction(sessions) as session:
        assert await invite(session, operator_scope(), org="union", cohort="tokyo", now=NOW) == 2
    async with transaction(sessions) as session:
        assert await invite(session, operator_scope(), org="union", cohort=None, now=NOW) == 0
    messenger = RecordingMessenger()
    dispatcher = make_dispatcher(sessions, curriculum, FixedClock(NOW), messenger)
    assert await dispatcher.drain() == 2
    welcomed = {address.user_id: replies for address, replies in messenger.sent}
    assert set(welcomed) == {"U1", "U2"}
    for replies in welcomed.values():
        assert replies[0].kind == "welcome"
        assert [unstamped(c.value) for c in replies[0].choices] == ["lang:ja", "lang:en"]
    assert {row.state for row in await outbox_rows(sessions)} == {OutboxState.SENT}
    assert ids["U3"] not in {address.learner_id for address, _ in messenger.sent}


async def test_an_invited_member_starts_by_pressing_a_language(
    sessions: async_sessionmaker[AsyncSession], curriculum: Curriculum, coach
) -> None:
    await cohort_with(sessions, {"U1": ("new", "member")})
    async with transaction(sessions) as session:
        await invite(session, operator_scope(), org="union", cohort="tokyo", now=NOW)
    await make_dispatcher(sessions, curriculum, FixedClock(NOW), RecordingMessenger()).drain()
    replies = await coach.handle(Inbound(Identity("slack", "T1", "U1"), action="lang:ja"), NOW)
    assert replies[0].kind == "consent"


async def test_a_member_cannot_invite(sessions: async_sessionmaker[AsyncSession]) -> None:
    ids = await cohort_with(sessions, {"U1": ("active", "member"), "U2": ("new", "member")})
    async with transaction(sessions) as session:
        scope = await scope_of(session, learner_id=ids["U1"], locale="en")
        with pytest.raises(NotAllowed):
            await invite(session, scope, org="union", cohort="tokyo", now=NOW)
    assert await outbox_rows(sessions) == []
