"""Hostile input at the edge: control characters, formula cells, links in forwarded text."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

from openpyxl import load_workbook
from sqlalchemy import func, select

from bot.channels.slack.render import render_all
from bot.channels.teams.render import card, message_text
from bot.config import ROOT
from bot.core.conversation import Coach
from bot.core.daily import render
from bot.core.messages import Identity, Inbound
from bot.core.officers.announcements import member_texts
from bot.core.officers.spreadsheet import Column, Table, as_csv
from bot.scheduler import build_scheduler
from bot.storage.db import transaction
from bot.storage.learners import claim_event
from bot.storage.models import Learner, OfficerQuestion, Outbox, ProcessedEvent
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


def test_a_formula_in_a_roster_value_reaches_the_report_csv_as_text(tmp_path: Path) -> None:
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "DATABASE_URL"))},
        "DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'cli.db'}",
    }
    hostile = ['=HYPERLINK("http://evil.example","x")', "+1+1", "-2+3", "@SUM(A1)"]
    lines = ["user_id,workspace,cohort"] + [
        f'U00000{n}{m},T1,"{name.replace(chr(34), chr(34) * 2)}"'
        for n, name in enumerate(hostile)
        for m in range(2)
    ]
    roster = tmp_path / "roster.csv"
    roster.write_text("\n".join(lines) + "\n", encoding="utf-8")
    run = [sys.executable, "-m", "bot"]
    subprocess.run(
        [*run, "roster", "import", str(roster), "--org", "u", "--yes"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
    )
    report = [*run, "report", "--org", "u", "--locale", "en"]
    out = subprocess.run(
        [*report, "--format", "csv"], cwd=ROOT, env=env, capture_output=True, check=True
    ).stdout.decode("utf-8-sig")
    cohorts = {r["cohort"] for r in csv.DictReader(io.StringIO(out)) if r["cohort"] != "total"}
    assert cohorts == {"'" + name for name in hostile}
    book = tmp_path / "report.xlsx"
    subprocess.run([*report, "--format", "xlsx", "--out", str(book)], cwd=ROOT, env=env, check=True)
    sheet = load_workbook(book).worksheets[0]
    cells = [row[1] for row in sheet.iter_rows(min_row=2) if row[1].value != "total"]
    assert {c.value for c in cells} == set(hostile)  # shown as written, as text
    assert {c.data_type for c in cells} == {"s"}  # never a formula


def test_our_own_signed_figures_stay_numbers_in_a_csv() -> None:
    table = Table(
        "t", [Column(k, k) for k in "abcdef"], [["-0.12", "+3..+5", 7, None, "=1+1", "@x"]]
    )
    assert as_csv(table)[3:] == b"a,b,c,d,e,f\r\n-0.12,+3..+5,7,,'=1+1,'@x\r\n"


async def test_delete_my_data_takes_the_question_out_of_the_officers_outbox(
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
    await member.say("Is my overtime pay calculated right?")
    await member.say("delete my data")
    await member.press(member.button("del:yes"))
    async with coach.sessions() as session:
        assert (
            await session.scalar(select(Learner).where(Learner.platform_user_id == "member"))
            is None
        )
    async with coach.sessions() as session:
        rows = list(await session.scalars(select(Outbox)))
    assert all("overtime" not in str(row.payload) for row in rows)


async def test_processed_events_keep_no_platform_user_ids(coach: Coach, clock: FixedClock) -> None:
    chat = Chat(coach, clock.now(), "U0PRIVATE")
    await chat.say("start", event_id="action:U0PRIVATE:1700000000.1:1700000001.2")
    async with coach.sessions() as session:
        keys = list(await session.scalars(select(ProcessedEvent.key)))
    assert keys and all("U0PRIVATE" not in key for key in keys)


async def test_the_scheduler_prunes_processed_events(coach: Coach, clock: FixedClock) -> None:
    async with transaction(coach.sessions) as session:
        await claim_event(session, key="slack:EvOld", now=clock.now() - timedelta(days=2))
        await claim_event(session, key="slack:EvNew", now=clock.now())
    scheduler = build_scheduler(coach.sessions, clock, "JP")
    job = scheduler.get_job("prune_events")
    assert job is not None
    await job.func()
    async with coach.sessions() as session:
        assert len(list(await session.scalars(select(ProcessedEvent.key)))) == 1


async def test_a_deleted_members_question_id_is_never_given_to_a_new_question(
    coach: Coach, clock: FixedClock
) -> None:
    officer = Chat(coach, clock.now(), "officer")
    await officer.onboard("ja")
    cohort = await add_cohort(coach.sessions, "union", "tokyo")
    await join(coach.sessions, await learner_id(coach, "officer"), cohort, "officer")
    for n in range(6):
        await Chat(coach, clock.now(), f"peer{n}").onboard("en")
        await join(coach.sessions, await learner_id(coach, f"peer{n}"), cohort, "member")
    first, second = Chat(coach, clock.now(), "peer0"), Chat(coach, clock.now(), "peer1")
    await first.say("ask an officer")
    await first.say("A first question")
    async with coach.sessions() as session:
        old = await session.scalar(select(func.max(OfficerQuestion.id)))
    await first.say("delete my data")
    await first.press(first.button("del:yes"))
    await second.say("ask an officer")
    await second.say("A second question")
    async with coach.sessions() as session:
        new = await session.scalar(select(func.max(OfficerQuestion.id)))
        rows = list(await session.scalars(select(Outbox).where(Outbox.kind == "officer_question")))
    assert old is not None and new is not None and new > old
    assert [row.dedupe_key.split(":")[1] for row in rows] == [str(new)]


async def test_links_and_images_in_a_question_for_an_officer_reach_them_inert(
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
    await member.say(
        "Please check [the union login](https://evil.example/login) "
        "![seen](https://tracker.example/pixel.png) <https://evil.example|here>"
    )
    async with coach.sessions() as session:
        [row] = list(await session.scalars(select(Outbox)))
    [reply] = render(row.kind, row.payload, "ja")
    slack = json.dumps(render_all([reply]), ensure_ascii=False)
    assert "<https://evil.example" not in slack and "<https://tracker" not in slack
    teams = message_text(reply) + json.dumps(card(reply), ensure_ascii=False)
    assert "](https://" not in teams
    assert "the union login" in teams and "evil[.]example/login" in teams  # shown, not live


def test_an_officers_announcement_text_loses_control_characters_too() -> None:
    texts, fallback = member_texts("お知らせ\x00です\x1b", "")
    assert texts == {"ja": "お知らせです", "en": "お知らせです"} and fallback == ("en",)
