"""Buttons pressed twice, late or by someone else, through the real Slack and Teams stacks: signed
requests through Bolt against the fake Web API, and activities through the Agents SDK against the
fake connector. Nothing is lost, nothing is sent twice, and used buttons are closed."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.core.conversation import Coach
from bot.storage.models import Learner, LessonDelivery, QuizAttempt
from tests import test_slack_app as slack_app
from tests.conftest import FixedClock, make_settings
from tests.slack_fake import TEAM, Call, FakeSlack, event_body
from tests.teams_fakes import (
    activity,
    bot_client,
    card_actions,
    card_data,
    card_of,
    card_text,
    execute,
    fake_connector,
    submit,
)
from tests.test_slack_app import USER, Harness, texts, values

harness = slack_app.harness  # the fixtures of the Slack app's tests, used here as well
lessons_dir = slack_app.lessons_dir

BYSTANDER = "U0BYSTANDER"
THREAD = "1700000500.000001"


async def rows(sessions: async_sessionmaker[AsyncSession], model: type) -> int:
    """How many rows a table has."""
    async with sessions() as session:
        return int(await session.scalar(select(func.count()).select_from(model)) or 0)


def with_button(calls: list[Call], prefix: str) -> list[Call]:
    """The messages that have a button whose action starts with `prefix`."""
    return [c for c in calls if any(v.startswith(prefix) for v in values(c))]


async def press(h: Harness, call: Call, value: str, user: str = USER) -> None:
    """Press a button and wait until the press has been handled and its replies shown."""
    handled = await h.handled()
    assert await h.click(call, value, user=user) == 200
    await h.settle(handled)


async def test_slack_double_presses_stale_cards_and_a_bystander_lose_nothing(
    harness: Harness, clock: FixedClock
) -> None:
    h = harness
    await h.dm("start", "Ev1")
    await h.slack.wait_for(lambda s: len(s.of("chat.postMessage")) == 1)
    welcome = h.posted()[0]
    # Slack delivers a double click as two presses on the same message; the second is handled
    # once the first has been shown (presses on one message are serialised), so settling on the
    # second means the first's messages are all posted.
    await press(h, welcome, "lang:en")
    await press(h, welcome, "lang:en")
    [consent] = with_button(h.posted(), "consent:")
    await press(h, consent, "consent:yes")
    await press(h, consent, "consent:yes")
    lessons = [c for c in h.posted() if '"type": "header"' in texts(c)]
    assert len(lessons) == 1, "one welcome lesson, however often 'agree' was pressed"
    [question] = with_button(h.posted(), "ans:")
    await press(h, question, values(question)[0])
    await press(h, question, values(question)[0])
    assert await rows(h.app.sessions, QuizAttempt) == 1
    assert not any("already answered" in texts(c).lower() for c in h.posted())

    # Days later, the old consent and welcome cards are pressed: a kind word, nothing changes
    clock.set(clock.now() + timedelta(days=3))
    posts = len(h.posted())
    await press(h, consent, "consent:no")
    await h.slack.wait_for(lambda s: len(s.of("chat.postMessage")) > posts)
    notice = h.posted()[-1]
    assert "first welcome" in texts(notice) and "Nothing has been kept" not in texts(notice)
    closed = [u for u in h.posted("chat.update") if u.args["ts"] == consent.result["ts"]][-1]
    assert not values(closed) and "no longer active" in texts(closed)
    await press(h, welcome, "lang:ja")
    async with h.app.sessions() as session:
        learner = (await session.execute(select(Learner))).scalar_one()
    assert learner.locale == "en" and learner.status == "active"
    assert await rows(h.app.sessions, QuizAttempt) == 1

    # A bystander presses "Delete" under the member's request in a public channel thread
    mention = {
        "type": "app_mention",
        "user": USER,
        "text": "<@U0MANABI> delete my data",
        "ts": THREAD,
        "channel": "C0GENERAL",
        "team": TEAM,
    }
    await h.send(*event_body(mention, "EvDelete"))
    await h.slack.wait_for(lambda s: bool(with_button(s.of("chat.postMessage"), "del:")))
    [confirm] = with_button(h.posted(), "del:")
    assert (confirm.args["channel"], confirm.args["thread_ts"]) == ("C0GENERAL", THREAD)
    posts, updates = len(h.posted()), len(h.posted("chat.update"))
    await press(h, confirm, "del:yes", user=BYSTANDER)
    await h.slack.wait_for(lambda s: len(s.of("chat.postEphemeral")) == 1)
    [private] = h.posted("chat.postEphemeral")
    assert private.args["user"] == BYSTANDER and "someone else" in texts(private)
    assert len(h.posted()) == posts, "nothing is posted to the channel"
    assert len(h.posted("chat.update")) == updates, "the member's buttons stay"
    async with h.app.sessions() as session:
        people = [x.platform_user_id for x in await session.scalars(select(Learner))]
    assert people == [USER], "the bystander's press made no record of them"
    assert await rows(h.app.sessions, LessonDelivery) == 1
    assert await rows(h.app.sessions, QuizAttempt) == 1
    assert len(with_button(h.posted(), "consent:")) == 1
    assert len([c for c in h.posted() if '"type": "header"' in texts(c)]) == 1


async def test_slack_rating_a_finished_lesson_keeps_its_other_buttons(harness: Harness) -> None:
    h = harness
    await h.dm("start", "Ev1")
    await h.slack.wait_for(lambda s: len(s.of("chat.postMessage")) == 1)
    await press(h, h.posted()[0], "lang:en")
    await h.slack.wait_for(lambda s: bool(with_button(s.of("chat.postMessage"), "consent:")))
    await press(h, with_button(h.posted(), "consent:")[0], "consent:yes")
    clicked: set[str] = set()

    def waiting(s: FakeSlack) -> list[Call]:
        """The questions (or "how sure?") posted and not answered yet."""
        posted = s.of("chat.postMessage")
        asked = with_button(posted, "ans:") + with_button(posted, "conf:")
        return [c for c in asked if c.result["ts"] not in clicked]

    while not with_button(h.posted(), "fb:lesson:"):
        await h.slack.wait_for(
            lambda s: bool(waiting(s) or with_button(s.of("chat.postMessage"), "fb:lesson:"))
        )
        if with_button(h.posted(), "fb:lesson:"):
            break
        latest = max(waiting(h.slack), key=lambda c: float(c.result["ts"]))
        clicked.add(latest.result["ts"])
        await press(h, latest, values(latest)[0])
    [done] = with_button(h.posted(), "fb:lesson:")
    thumbs_up = next(v for v in values(done) if v.startswith("fb:lesson:") and v.endswith(":1"))
    await press(h, done, thumbs_up)
    await h.slack.wait_for(
        lambda s: any(u.args["ts"] == done.result["ts"] for u in s.of("chat.update"))
    )
    update = [u for u in h.posted("chat.update") if u.args["ts"] == done.result["ts"]][-1]
    kept = values(update)
    assert "cmd:review" in kept and "cmd:progress" in kept, "👍 leaves Review and Progress"
    assert not any(v.startswith("fb:lesson:") for v in kept), "a rating is given once"


# ---------------------------------------------------------------- Teams


def teams(coach: Coach, clock: FixedClock) -> Any:
    """The Teams channel in anonymous local mode."""
    from bot.channels.teams.hosting import build_channel

    built = build_channel(make_settings(teams_anonymous=True), coach, clock)
    assert built is not None
    return built


def cards_with(sent: list[Any], prefix: str) -> list[dict[str, Any]]:
    """The cards sent that have a button whose action starts with `prefix`."""
    cards = [card_of(c) for c in sent if c.body.get("attachments")]
    return [card for card in cards if any(a.startswith(prefix) for a in card_actions(card))]


def pressing(
    url: str,
    activity_id: str,
    card: dict[str, Any],
    action: str,
    card_id: str,
    *,
    old: bool = False,
) -> dict[str, Any]:
    """The activity Teams sends when the card's button for `action` is pressed: Action.Execute,
    or on an older client Action.Submit."""
    data = card_data(card, action)
    build = submit if old else execute
    return build(url, activity_id, data["manabi"], card_id, data)


async def test_teams_old_cards_and_double_presses_change_nothing(
    coach: Coach, clock: FixedClock, sessions: async_sessionmaker[AsyncSession]
) -> None:
    async with fake_connector() as connector, bot_client(teams(coach, clock)) as client:
        url = connector.url
        await client.post("/api/messages", json=activity(url, "t-1", text="hello"))
        [welcome] = cards_with(connector.sent(), "lang:")
        japanese = pressing(url, "t-2", welcome, "lang:ja", "w")
        first = await client.post("/api/messages", json=japanese)
        closed = (await first.json())["value"]
        assert "actions" not in closed, "the welcome card cannot be pressed again"
        assert "選択：日本語" in card_text(closed) and "Manabi" in card_text(closed)
        again = pressing(url, "t-3", welcome, "lang:ja", "w")
        assert (await client.post("/api/messages", json=again)).status == 200
        [consent] = cards_with(connector.sent(), "consent:")
        for n in (4, 5):
            agree = pressing(url, f"t-{n}", consent, "consent:yes", "c")
            await client.post("/api/messages", json=agree)
        assert len(cards_with(connector.sent(), "ans:")) == 1, "one first question"
        sent = len(connector.sent())

        # A week later: 「同意」 again on the old card (an older client's Submit), then
        # 「やめておく」
        clock.set(clock.now() + timedelta(days=7))
        body = pressing(url, "t-6", consent, "consent:yes", "consent-card", old=True)
        assert (await client.post("/api/messages", json=body)).status == 202
        assert len(connector.sent()) == sent, "the onboarding is not sent again"
        decline = pressing(url, "t-7", consent, "consent:no", "c")
        response = await client.post("/api/messages", json=decline)
        card = (await response.json())["value"]
        assert "actions" not in card and "もう使えません" in card_text(card)
        notice = connector.sent()[-1].body["text"]
        assert "データ削除" in notice and "何も保存していません" not in notice
        # a card sent before buttons carried their learner: 「同意」 closes it, sends no lesson
        body = submit(url, "t-8", "consent:yes", card_id="old-card")
        assert (await client.post("/api/messages", json=body)).status == 202
        [update] = connector.updates()
        assert update.path.endswith("/activities/old-card")
        assert "actions" not in card_of(update)
        assert len(cards_with(connector.sent(), "ans:")) == 1

    assert await rows(sessions, Learner) == 1
    assert await rows(sessions, LessonDelivery) == 1
    assert len(cards_with(connector.sent(), "consent:")) == 1
    assert len(cards_with(connector.sent(), "lang:")) == 1
