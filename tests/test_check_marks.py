"""Marking each claim of a checklist checked ✔ / wrong ✘ / unsure ?: only counts are kept."""

from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.channels.console import render as console_render
from bot.content.model import Curriculum
from bot.core.actions import Mark, decode, unstamped
from bot.core.conversation import Coach
from bot.core.dialog import LIVE_CHECKLISTS, MAX_CLAIMS
from bot.core.messages import Identity, Inbound, Reply
from bot.core.officers.reports import as_text, organisation_report
from bot.core.officers.roles import operator_scope
from bot.storage.db import transaction
from bot.storage.models import Learner
from tests.clocks import FixedClock
from tests.dialog import Chat
from tests.officers_helpers import NOW, add_cohort, add_member

ANSWER_JA = (
    "労働基準法第36条により、時間外労働の上限は原則として月45時間です。"
    "厚生労働省も「上限は必ず守られる」と述べています。"
)
ANSWER_EN = "Under the Working Time Regulations 1998, workers must never work more than 48 hours."


async def marks(sessions: async_sessionmaker[AsyncSession], user: str) -> tuple[int, int, int]:
    """The learner's stored counts: claims marked checked, wrong, unsure."""
    async with sessions() as session:
        row = (
            await session.execute(
                select(Learner.claims_checked, Learner.claims_wrong, Learner.claims_unsure).where(
                    Learner.platform_user_id == user
                )
            )
        ).one()
        return (int(row[0]), int(row[1]), int(row[2]))


def mark_values(reply: Reply) -> list[str]:
    """The unstamped mark buttons of a checklist, in order."""
    return [unstamped(c.value) for c in reply.choices if isinstance(c.action, Mark)]


async def test_each_claim_gets_three_buttons_and_a_press_counts_once(
    coach: Coach, clock: FixedClock, sessions: async_sessionmaker[AsyncSession]
) -> None:
    chat = Chat(coach, clock.now())
    await chat.onboard("ja")
    replies = await chat.say(f"確認して\n{ANSWER_JA}")
    checklist = replies[0]
    assert checklist.kind == "checklist"
    values = mark_values(checklist)
    claims = len({c.row for c in checklist.choices})
    assert claims >= 3 and len(values) == 3 * claims
    assert values[:3] == ["mark:1:1:c", "mark:1:1:w", "mark:1:1:u"]
    assert [c.label for c in checklist.choices[:3]] == [
        "✔ 確かめた",
        "✘ 違っていた",
        "? わからない",
    ]
    assert checklist.choices[0].row == "「労働基準法第36条」"
    kept = {unstamped(c.value): c.value for c in checklist.choices}  # the message's buttons

    marked = await chat.send(kept["mark:1:1:c"])
    assert [(r.kind, r.replace_original) for r in marked] == [("claim_marked", True)]
    assert marked[0].text.startswith("✔ 1番目の主張")
    assert await marks(sessions, "u1") == (1, 0, 0)
    assert await chat.send(kept["mark:1:1:c"]) == []  # a second press: nothing
    again = await chat.send(kept["mark:1:1:w"])  # another mark on the same claim: nothing
    assert all(r.kind != "claim_marked" for r in again)
    assert await marks(sessions, "u1") == (1, 0, 0)

    assert (await chat.send(kept["mark:1:2:w"]))[0].kind == "claim_marked"
    assert (await chat.send(kept["mark:1:3:u"]))[0].kind == "claim_marked"
    assert await marks(sessions, "u1") == (1, 1, 1)
    progress = await chat.say("進捗")
    assert "✔ 1件" in progress[0].text and "違っていた 1件" in progress[0].text


async def test_a_bystander_press_changes_nothing(
    coach: Coach, clock: FixedClock, sessions: async_sessionmaker[AsyncSession]
) -> None:
    owner, bystander = Chat(coach, clock.now(), "u1"), Chat(coach, clock.now(), "u2")
    await owner.onboard("en")
    await bystander.onboard("en")
    checklist = (await owner.say(f"check {ANSWER_EN}"))[0]
    value = next(c.value for c in checklist.choices if unstamped(c.value) == "mark:1:1:c")
    replies = await bystander.send(value)
    assert [r.kind for r in replies] == ["not_yours"]
    assert await marks(sessions, "u1") == (0, 0, 0)
    assert await marks(sessions, "u2") == (0, 0, 0)
    assert (await owner.send(value))[0].text == "✔ Claim 1: checked (only the count is kept)"
    assert await marks(sessions, "u1") == (1, 0, 0)


async def test_old_forged_and_unstarted_marks_are_stale(
    coach: Coach, clock: FixedClock, sessions: async_sessionmaker[AsyncSession]
) -> None:
    newcomer = Identity("slack", "T1", "U-new")
    replies = await coach.check(Inbound(newcomer, text=ANSWER_EN, locale="en"), clock.now())
    assert replies[0].kind == "checklist" and not replies[0].choices  # not counted, no marks
    chat = Chat(coach, clock.now())
    await chat.onboard("en")
    first = (await chat.say(f"check {ANSWER_EN}"))[0]
    kept = {unstamped(c.value): c.value for c in first.choices}
    for _ in range(LIVE_CHECKLISTS):
        await chat.say(f"check {ANSWER_EN}")
    for value in (
        kept["mark:1:1:c"],  # a checklist too old
        f"mark:{LIVE_CHECKLISTS + 2}:1:c",  # one not made yet
        f"mark:2:{MAX_CLAIMS + 1}:c",  # a claim that has no buttons
    ):
        assert all(r.kind != "claim_marked" for r in await chat.send(value)), value
    assert await marks(sessions, "u1") == (0, 0, 0)
    assert decode("mark:1:1:x") is None and decode("mark:a:1:c") is None


async def test_a_typed_number_marks_in_the_console(
    coach: Coach, clock: FixedClock, sessions: async_sessionmaker[AsyncSession]
) -> None:
    chat = Chat(coach, clock.now())
    await chat.onboard("en")
    checklist = (await chat.say(f"check {ANSWER_EN}"))[0]
    shown = console_render(checklist, "en", color=False)
    assert "1) ✔ Checked  2) ✘ Wrong  3) ? Unsure" in shown
    assert shown.count("「") == len({c.row for c in checklist.choices})
    replies = await chat.say("5")  # the second claim's "wrong"
    assert replies[0].text.startswith("✘ Claim 2: wrong")
    assert await marks(sessions, "u1") == (0, 1, 0)


async def test_delete_my_data_removes_the_counts(
    coach: Coach, clock: FixedClock, sessions: async_sessionmaker[AsyncSession]
) -> None:
    chat = Chat(coach, clock.now())
    await chat.onboard("en")
    await chat.say(f"check {ANSWER_EN}")
    await chat.press("mark:1:1:u")
    assert await marks(sessions, "u1") == (0, 0, 1)
    await chat.say("delete")
    await chat.press("del:yes")
    async with sessions() as session:
        assert await session.scalar(select(Learner).where(Learner.platform_user_id == "u1")) is None


async def test_officers_see_the_checking_figures_only_behind_the_floor(
    sessions: async_sessionmaker[AsyncSession], curriculum: Curriculum
) -> None:
    cohort = await add_cohort(sessions, "union", "big")
    officer = await add_member(sessions, cohort, "UOFF", role="officer")
    members = [await add_member(sessions, cohort, f"U{n}") for n in range(5)]

    async def did(learner: int, answers: int, wrong: int) -> None:
        async with transaction(sessions) as session:
            values = {"answers_checked": answers, "claims_wrong": wrong}
            await session.execute(update(Learner).where(Learner.id == learner).values(values))

    await did(officer, 9, 9)  # an officer's own practice never counts
    for n, learner in enumerate(members):
        await did(learner, n + 1, 2 if n else 0)  # five checked, four of them marked claims
    [report] = await organisation_report(sessions, operator_scope(), "union", curriculum, NOW, 5)
    assert (report.checkers, report.answers_checked, report.claims_marked) == (5, 15, None)
    assert report.claims_wrong is None  # no kind is shown when their sum is not
    text = as_text([report], curriculum, "en")
    assert "Members who checked an AI answer: 5; answers checked: 15; claims marked: –" in text
    await did(members[0], 1, 1)
    [report] = await organisation_report(sessions, operator_scope(), "union", curriculum, NOW, 5)
    assert report.claims_marked == 9
    assert (report.claims_checked, report.claims_wrong, report.claims_unsure) == (0, 9, 0)
    assert "印をつけた主張：9件（確かめた ✔ 0件・違っていた ✘ 9件・わからない ? 0件）" in as_text(
        [report], curriculum, "ja"
    )
