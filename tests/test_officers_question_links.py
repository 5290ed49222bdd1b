"""A member's question forwarded to an officer reaches them inert: no link, no image, no
auto-linked address, in Slack's and in Teams' rendering alike — the address stays readable."""

from __future__ import annotations

import re
from typing import Any

import pytest
from sqlalchemy import select

from bot.channels.slack.render import render_all
from bot.channels.teams.render import card, message_text
from bot.core.conversation import Coach
from bot.core.daily import render
from bot.core.messages import Reply
from bot.core.officers.ask_officer import inert
from bot.core.texts import t
from bot.storage.models import Outbox
from tests.clocks import FixedClock
from tests.dialog import Chat
from tests.officers_helpers import add_cohort
from tests.test_officers_feedback import join, learner_id

# What the member types, and what the officer reads in its place.
FORMS = {
    "markdown link": ("[the union login](https://evil.example/login)", "evil[.]example/login"),
    "slack link": ("<http://evil.example/pay|the union page>", "hxxp[:]//evil[.]example/pay"),
    "bare url": ("https://evil.example/pay?x=1", "hxxps[:]//evil[.]example/pay?x=1"),
    "upper-case scheme": ("HTTPS://EVIL.EXAMPLE/pay", "hxxps[:]//EVIL[.]EXAMPLE/pay"),
    "other scheme": ("ftp://files.evil.example/a", "ftp[:]//files[.]evil[.]example/a"),
    "www": ("www.evil.example", "www[.]evil[.]example"),
    "bare domain": ("詳しくはevil.co.jpを見て", "詳しくはevil[.]co[.]jpを見て"),
    "protocol-relative": ("//evil.example/x", "//evil[.]example/x"),
    "ip address": ("http://203.0.113.7/login", "hxxp[:]//203[.]0[.]113[.]7/login"),
    "mailto": ("mailto:payroll@evil.example", "mailto[:]payroll@evil[.]example"),
    "markdown image": ("![](https://tracker.example/p.png)", "tracker[.]example/p[.]png"),
    "html image": ('<img src="https://tracker.example/p.png">', "＜img src="),
    "hidden dot": ("evil\u200b.example", "evil[.]example"),
}

# Anything a client would make live: a scheme, www., a host name, Slack's and Markdown's
# link and image syntax, an HTML tag.
LIVE = re.compile(
    r"[a-z][a-z0-9+.-]*://|(?<![a-z0-9])(?:mailto|tel|javascript|data):|www\.|"
    r"[^\W_]\.[^\W\d_]{2}|\d\.\d{1,3}\.\d|<(?:https?|mailto|img|a )|\]\(|!\[|&lt;img",
    re.IGNORECASE,
)


def slack_texts(reply: Reply) -> list[str]:
    """Every text Slack shows for a reply: the notification and each block's mrkdwn."""
    texts = []
    for message in render_all([reply]):
        texts.append(message["text"])
        for block in message["blocks"]:
            if isinstance(block.get("text"), dict):
                texts.append(block["text"]["text"])
            texts.extend(e["text"] for e in block.get("elements", []) if "text" in e)
    return [text if isinstance(text, str) else str(text.get("text")) for text in texts]


def teams_texts(reply: Reply) -> list[str]:
    """Every text Teams shows for a reply: the Markdown message and the card's text blocks."""
    body: list[dict[str, Any]] = card(reply)["body"]
    return [message_text(reply)] + [block["text"] for block in body if "text" in block]


def for_officer(text: str, locale: str = "en") -> Reply:
    """A forwarded question as `ask_officer.forward` queues it and the officer's client gets it."""
    shown = inert(text)
    payload = {"text": {locale: t("officer_question", locale, cohort="tokyo", id=7, text=shown)}}
    [reply] = render("officer_question", payload, locale)
    return reply


@pytest.mark.parametrize("form", sorted(FORMS))
def test_each_kind_of_link_reaches_the_officer_as_text_on_slack_and_teams(form: str) -> None:
    typed, shown = FORMS[form]
    reply = for_officer(f"Is this real? {typed} Thanks.")
    for platform, texts in (("slack", slack_texts(reply)), ("teams", teams_texts(reply))):
        live = [m.group(0) for text in texts for m in LIVE.finditer(text)]
        assert live == [], (platform, live)
    readable = reply.text.replace("&amp;", "&")
    assert shown in readable


def test_ordinary_text_is_left_alone() -> None:
    text = "残業代の計算は正しいですか？ e.g. 1.5倍 (U.S. rules?) 10:30に。"
    assert inert(text) == text


async def test_a_forwarded_question_with_every_kind_of_link_reaches_the_officer_inert(
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
    await member.say("Are these real?\n" + "\n".join(typed for typed, _ in FORMS.values()))
    async with coach.sessions() as session:
        [row] = list(await session.scalars(select(Outbox).where(Outbox.kind == "officer_question")))
    for locale in ("ja", "en"):
        [reply] = render(row.kind, row.payload, locale)
        for platform, texts in (("slack", slack_texts(reply)), ("teams", teams_texts(reply))):
            live = [m.group(0) for text in texts for m in LIVE.finditer(text)]
            assert live == [], (platform, locale, live)
        assert "evil[.]example/login" in reply.text and "www[.]evil[.]example" in reply.text
