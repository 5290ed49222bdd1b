"""Roles and scope: a member is refused, an officer of another organisation is refused, an
admin is allowed — checked in core, for every officer action."""

from __future__ import annotations

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.content.model import Curriculum
from bot.core.officers.announcements import Announcements, Draft
from bot.core.officers.compliance import export_records
from bot.core.officers.reports import organisation_report
from bot.core.officers.roles import NotAllowed, operator_scope
from tests.officers_helpers import NOW, add_cohort, add_member, scope


@pytest.fixture
async def world(sessions: async_sessionmaker[AsyncSession]) -> dict[str, int]:
    """Organisation A with cohorts a1 and a2, organisation B with b1; one person per role."""
    a1 = await add_cohort(sessions, "union-a", "a1")
    a2 = await add_cohort(sessions, "union-a", "a2")
    b1 = await add_cohort(sessions, "union-b", "b1")
    return {
        "member": await add_member(sessions, a1, "UMEMBER", locale="en"),
        "member_ja": await add_member(sessions, a1, "UMEMBERJA", locale="ja"),
        "officer_a1": await add_member(sessions, a1, "UOFFA", role="officer", locale="en"),
        "officer_b1": await add_member(sessions, b1, "UOFFB", role="officer", locale="en"),
        "admin": await add_member(sessions, b1, "UADMIN", role="admin", locale="en"),
        "a2": a2,
    }


async def test_a_member_who_tries_to_announce_is_refused_in_their_language(
    sessions: async_sessionmaker[AsyncSession], world: dict[str, int]
) -> None:
    service = Announcements(sessions)
    draft = Draft("union-a", "a1", text_en="Meeting on Friday")
    with pytest.raises(NotAllowed) as refused:
        await service.send(await scope(sessions, world["member"]), draft, NOW)
    assert str(refused.value) == "Only union officers can do this."
    with pytest.raises(NotAllowed) as refused_ja:
        await service.send(await scope(sessions, world["member_ja"]), draft, NOW)
    assert "担当者" in str(refused_ja.value)


async def test_an_officer_of_organisation_b_is_refused_for_organisation_a(
    sessions: async_sessionmaker[AsyncSession], world: dict[str, int], curriculum: Curriculum
) -> None:
    officer_b = await scope(sessions, world["officer_b1"])
    with pytest.raises(NotAllowed) as refused:
        await Announcements(sessions).send(officer_b, Draft("union-a", "a1", text_en="x"), NOW)
    assert refused.value.key == "not_allowed_organisation"
    assert "not an officer of this organisation" in str(refused.value)
    with pytest.raises(NotAllowed):
        await organisation_report(sessions, officer_b, "union-a", curriculum, NOW, 5)


async def test_an_officer_acts_only_on_their_own_cohorts(
    sessions: async_sessionmaker[AsyncSession], world: dict[str, int], curriculum: Curriculum
) -> None:
    officer_a = await scope(sessions, world["officer_a1"])
    with pytest.raises(NotAllowed) as refused:
        await Announcements(sessions).send(officer_a, Draft("union-a", "a2", text_en="x"), NOW)
    assert refused.value.key == "not_allowed_cohort"
    reports = await organisation_report(sessions, officer_a, "union-a", curriculum, NOW, 5)
    assert [r.cohort for r in reports] == ["a1"]
    status = await Announcements(sessions).send(officer_a, Draft("union-a", "a1", "お知らせ"), NOW)
    assert status.state == "queued"


async def test_an_admin_may_act_on_any_organisation_and_export(
    sessions: async_sessionmaker[AsyncSession], world: dict[str, int], curriculum: Curriculum
) -> None:
    admin = await scope(sessions, world["admin"])
    status = await Announcements(sessions).send(admin, Draft("union-a", "a2", text_ja="x"), NOW)
    assert status.cohort == "a2"
    reports = await organisation_report(sessions, admin, "union-a", curriculum, NOW, 5)
    assert [r.cohort for r in reports] == ["a1", "a2"]
    exported = await export_records(sessions, admin, "union-a", curriculum)
    assert exported.columns[0].key == "organisation"
    assert operator_scope().admin


async def test_only_admins_export_compliance_records(
    sessions: async_sessionmaker[AsyncSession], world: dict[str, int], curriculum: Curriculum
) -> None:
    with pytest.raises(NotAllowed) as refused:
        await export_records(sessions, await scope(sessions, world["officer_a1"]), None, curriculum)
    assert refused.value.key == "not_allowed_admin"
