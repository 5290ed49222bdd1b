"""Hostile input at the edge: control characters, formula cells, links in forwarded text."""

from __future__ import annotations

from sqlalchemy import select

from bot.core.conversation import Coach
from bot.core.messages import Identity, Inbound
from bot.storage.models import Outbox
from tests.clocks import FixedClock
from tests.dialog import Chat
from tests.officers_helpers import add_cohort
from tests.test_officers_feedback import join, learner_id


def test_inbound_text_loses_nul_and_other_c0_controls_but_keeps_line_breaks() -> None:
    inbound = Inbound(
        Identity("slack", "T1", "U1"),
        text="a\x00b\x07c\td\ne\r\nf\x1b",
        action="x\x00y",
    )
    assert inbound.text == "abc\td\ne\r\nf"
    assert inbound.action == "xy"


async def test_a_nul_byte_in_a_question_for_an_officer_does_not_leave_the_member_stuck(
    coach: Coach, clock: FixedClock
) -> None:
    member, officer = Chat(coach, clock.now(), "member"), Chat(coach, clock.now(), "officer")
    await member.onboard("en")
    await officer.onboard("ja")
    cohort = await add_cohort(coach.sessions, "union", "tokyo")
    await join(coach.sessions, await learner_id(coach, "member"), cohort, "member")
    await join(coach.sessions, await learner_id(coach, "officer"), cohort, "officer")
    for n in range(4):
        await Chat(coach, clock.now(), f"peer{n}").onboard("en")
        await join(coach.sessions, await learner_id(coach, f"peer{n}"), cohort, "member")

    await member.say("ask an officer")
    sent = await member.say("May I paste\x00 the minutes into the AI?")
    assert "Sent to your officer" in sent[0].text
    async with coach.sessions() as session:
        [to_officer] = list(await session.scalars(select(Outbox)))
    assert "paste the minutes" in to_officer.payload["text"]["ja"]
    assert "\x00" not in str(to_officer.payload)
