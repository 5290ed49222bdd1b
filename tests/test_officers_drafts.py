"""Announcement drafts live on the server: the Slack preview modal carries only an opaque id, so
a long bilingual announcement sends whole; only its author may send it, once; closing the
preview or waiting too long forgets it."""

from __future__ import annotations

import asyncio
import itertools
import json
from typing import Any
from urllib.parse import urlencode

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.core.officers.announcements import DRAFT_LIFETIME, Announcements, Draft, Status
from bot.core.officers.roles import Refused, Scope
from bot.core.texts import t
from bot.storage.models import Announcement, AnnouncementDraft, Cohort, Outbox
from tests.clocks import FixedClock
from tests.officers_helpers import add_cohort, add_member, scope
from tests.slack_fake import TEAM, FakeSlack
from tests.test_officers_slack import (  # noqa: F401  (harness and lessons_dir are fixtures)
    MEMBER,
    OFFICER,
    Harness,
    announcements,
    harness,
    lessons_dir,
    typed,
)

CO_OFFICER = "U0OFFICER2"
_triggers = itertools.count(100)


def long_texts() -> tuple[str, str]:
    """About 3,500 characters in Japanese and English together, each with a marked end."""
    ja = "".join(
        f"{n}. 金曜日の説明会では、生成AIの使い方と職場のルールを確認します。\n" for n in range(48)
    )
    en = "".join(
        f"{n}. On Friday we go through the workplace rules for AI tools.\n" for n in range(28)
    )
    return ja + "（日本語ここまで）", en + "(end of English)"


async def submit(h: Harness, user: str, view: dict[str, Any], values: dict[str, Any]) -> str:
    """Submit a modal as `user` (each submission its own request, not a replay)."""
    payload = {
        "type": "view_submission",
        "team": {"id": TEAM},
        "user": {"id": user, "team_id": TEAM},
        "api_app_id": "A0TEST",
        "trigger_id": f"1.2.{next(_triggers)}",
        "view": {**view, "id": "V1", "state": {"values": values}},
    }
    status, text = await h.post(
        urlencode({"payload": json.dumps(payload)}), "application/x-www-form-urlencoded"
    )
    assert status == 200
    return text


async def close(h: Harness, user: str, view: dict[str, Any]) -> None:
    """Close a modal as `user` (Slack sends view_closed when the view asks for it)."""
    payload = {
        "type": "view_closed",
        "team": {"id": TEAM},
        "user": {"id": user, "team_id": TEAM},
        "api_app_id": "A0TEST",
        "view": {**view, "id": "V1"},
        "is_cleared": False,
    }
    status, _ = await h.post(
        urlencode({"payload": json.dumps(payload)}), "application/x-www-form-urlencoded"
    )
    assert status == 200


def dms_to(slack: FakeSlack, user: str) -> list[str]:
    """What Manabi told `user` in a DM posted to their user id (the officer's confirmations)."""
    return [str(c.args["text"]) for c in slack.of("chat.postMessage") if c.args["channel"] == user]


async def preview(h: Harness, ja: str, en: str) -> dict[str, Any]:
    """Open the announcement form as the officer, fill it in and return the preview modal."""
    await h.command(OFFICER, "announce")
    await h.slack.wait_for(lambda s: bool(s.of("views.open")))
    modal = h.slack.of("views.open")[-1].args["view"]
    option = modal["blocks"][0]["element"]["options"][0]
    values = {
        "cohort": {"v": {"type": "static_select", "selected_option": option}},
        "ja": typed(ja),
        "en": typed(en),
        "at": {"v": {"type": "datetimepicker", "selected_date_time": None}},
    }
    response = json.loads(await submit(h, OFFICER, modal, values))
    assert response["response_action"] == "update"
    view: dict[str, Any] = response["view"]
    return view


async def drafts(sessions: async_sessionmaker[AsyncSession]) -> int:
    """How many drafts the server keeps."""
    async with sessions() as session:
        return int(await session.scalar(select(func.count()).select_from(AnnouncementDraft)) or 0)


async def test_a_long_bilingual_announcement_is_sent_whole_by_its_author_alone_and_once(
    harness: Harness,  # noqa: F811
) -> None:
    sessions = harness.app.sessions
    async with sessions() as session:
        tokyo = await session.scalar(select(Cohort.id).where(Cohort.slug == "tokyo"))
    assert tokyo is not None
    await add_member(sessions, tokyo, CO_OFFICER, role="officer", locale="en", workspace=TEAM)
    ja, en = long_texts()
    assert 3400 <= len(ja) + len(en) <= 3600

    shown = await preview(harness, ja, en)
    draft_id = shown["private_metadata"]
    assert len(draft_id) < 40 and "金曜日" not in draft_id  # an opaque id, not the draft
    assert shown["notify_on_close"] is True
    assert "（日本語ここまで）" in json.dumps(shown["blocks"], ensure_ascii=False)

    await submit(harness, MEMBER, shown, {})  # a member with the id
    await submit(harness, CO_OFFICER, shown, {})  # another officer of the same cohort
    await harness.slack.wait_for(lambda s: bool(dms_to(s, MEMBER) and dms_to(s, CO_OFFICER)))
    assert dms_to(harness.slack, MEMBER) == ["Only union officers can do this."]
    assert dms_to(harness.slack, CO_OFFICER) == [t("announcement_draft_gone", "en")]
    assert await announcements(harness) == [] and await drafts(sessions) == 1

    await submit(harness, OFFICER, shown, {})  # Send
    await harness.slack.wait_for(lambda s: len(dms_to(s, OFFICER)) == 1)
    assert "pending 7" in dms_to(harness.slack, OFFICER)[0]
    await submit(harness, OFFICER, shown, {})  # Send again, on the same preview
    await harness.slack.wait_for(lambda s: len(dms_to(s, OFFICER)) == 2)
    assert dms_to(harness.slack, OFFICER)[1] == t("announcement_draft_gone", "en")
    assert await drafts(sessions) == 0

    def delivered(slack: FakeSlack) -> list[tuple[str, str]]:
        return [
            (str(c.args["channel"]), json.dumps(c.args, ensure_ascii=False))
            for c in slack.of("chat.postMessage")
            if "ここまで" in json.dumps(c.args, ensure_ascii=False)
            or "end of English" in str(c.args)
        ]

    await harness.slack.wait_for(lambda s: len(delivered(s)) >= 7)
    await asyncio.sleep(0.3)  # a second dispatch round must not send again
    posts = delivered(harness.slack)
    members = (OFFICER, CO_OFFICER, MEMBER, "U0M0", "U0M1", "U0M2", "U0M3")
    assert sorted(channel for channel, _ in posts) == sorted("D" + u for u in members)
    by_channel = dict(posts)
    assert "0. On Friday" in by_channel["DU0M0"] and "(end of English)" in by_channel["DU0M0"]
    assert "0. 金曜日" in by_channel["DU0M1"] and "（日本語ここまで）" in by_channel["DU0M1"]
    async with sessions() as session:
        [sent] = list(await session.scalars(select(Announcement)))
    assert (sent.text_ja, sent.text_en) == (ja, en)


async def test_closing_the_preview_forgets_the_draft_and_send_then_sends_nothing(
    harness: Harness,  # noqa: F811
) -> None:
    shown = await preview(harness, "説明会があります。", "Briefing.")
    assert await drafts(harness.app.sessions) == 1
    await close(harness, OFFICER, shown)
    for _ in range(250):  # the listener works after the ack
        if await drafts(harness.app.sessions) == 0:
            break
        await asyncio.sleep(0.02)
    assert await drafts(harness.app.sessions) == 0
    await submit(harness, OFFICER, shown, {})
    await harness.slack.wait_for(lambda s: bool(dms_to(s, OFFICER)))
    assert dms_to(harness.slack, OFFICER) == [t("announcement_draft_gone", "en")]
    assert await announcements(harness) == []


async def officer_of_tokyo(sessions: async_sessionmaker[AsyncSession]) -> Scope:
    """A cohort tokyo with an officer and five members; the officer's scope."""
    tokyo = await add_cohort(sessions, "union", "tokyo")
    officer = await add_member(sessions, tokyo, "U0OFF", role="officer")
    for n in range(5):
        await add_member(sessions, tokyo, f"U0M{n}")
    return await scope(sessions, officer)


async def test_a_draft_expires(
    sessions: async_sessionmaker[AsyncSession], clock: FixedClock
) -> None:
    officer = await officer_of_tokyo(sessions)
    service = Announcements(sessions)
    now = clock.now()
    old = await service.prepare(officer, Draft("union", "tokyo", "説明会"), now)
    later = now + DRAFT_LIFETIME
    with pytest.raises(Refused) as refused:
        await service.send_draft(officer, old.draft_id, later)
    assert refused.value.key == "announcement_draft_gone"
    await service.prepare(officer, Draft("union", "tokyo", "別の説明会"), later)
    async with sessions() as session:
        kept = list(await session.scalars(select(AnnouncementDraft.id)))
        assert old.draft_id not in kept and len(kept) == 1  # the expired one was pruned
        assert await session.scalar(select(func.count()).select_from(Outbox)) == 0


async def test_only_the_author_can_discard_a_draft(
    sessions: async_sessionmaker[AsyncSession], clock: FixedClock
) -> None:
    officer = await officer_of_tokyo(sessions)
    async with sessions() as session:
        tokyo = await session.scalar(select(Cohort.id).where(Cohort.slug == "tokyo"))
    assert tokyo is not None
    other = await scope(sessions, await add_member(sessions, tokyo, "U0OFF2", role="officer"))
    service = Announcements(sessions)
    prepared = await service.prepare(officer, Draft("union", "tokyo", "説明会"), clock.now())
    await service.discard(other, prepared.draft_id)
    status = await service.send_draft(officer, prepared.draft_id, clock.now())
    assert status.pending == 7
    assert await drafts(sessions) == 0


async def test_two_sends_of_one_draft_at_once_send_it_once(
    sessions: async_sessionmaker[AsyncSession], clock: FixedClock
) -> None:
    officer = await officer_of_tokyo(sessions)
    service = Announcements(sessions)
    prepared = await service.prepare(officer, Draft("union", "tokyo", "説明会"), clock.now())
    results = await asyncio.gather(
        *(service.send_draft(officer, prepared.draft_id, clock.now()) for _ in range(2)),
        return_exceptions=True,
    )
    assert sorted(type(r).__name__ for r in results) == ["Refused", "Status"]
    [status] = [r for r in results if isinstance(r, Status)]
    assert status.pending == 6
    async with sessions() as session:
        assert await session.scalar(select(func.count()).select_from(Announcement)) == 1
        assert await session.scalar(select(func.count()).select_from(Outbox)) == 6
