"""Streamed answers: parts checked as they come, the final text checked whole, the offline
answer when the model breaks off, and no transaction held while the model writes."""

from __future__ import annotations

import asyncio
import random
import re

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.content.model import Curriculum
from bot.core.messages import Identity, Inbound
from bot.core.ports import AnswerUnavailable, Completion
from bot.core.qa.citations import check_links, keep_known_markers, url_pattern
from bot.core.qa.streaming import SafeParts
from bot.core.texts import t
from bot.storage.models import Question
from tests.clocks import FixedClock
from tests.dialog import Chat
from tests.fake_openai import FakeOpenAI
from tests.test_llm_client import MESSAGES, answerer_for
from tests.test_qa_answering import LESSON, coach_with_model, rows

ALLOWED = ["https://www.mhlw.go.jp/stf/seisakunitsuite/", "https://example.org/a"]
MARKER = "[link removed]"
TEXTS = [
    "See https://example.org/a and https://example.org/abc, or example.org/a/b [1].",
    "詳しくはexample.com/pathを見て[2]。公式は https://www.mhlw.go.jp/stf/seisakunitsuite/ です。",
    "A [label](https://evil.example/x) and [good](https://example.org/a) [7], then www.bad.io.",
    "Ask [the union] first [1]. HTTPS://EVIL.EXAMPLE/p and //cdn.evil.net/x and mailto:a@b.jp",
    'foo_example.com is not a link but foo example.com is; [ref](<https://example.org/a> "t") ok',
    "Unclosed [bracket that goes on\nand a line later example.net ends  [3]  .",
]


def whole(text: str) -> str:
    """The text as the final check leaves it."""
    return keep_known_markers(check_links(text, ALLOWED, MARKER), 3).text


def cuts(text: str, rng: random.Random) -> list[str]:
    """The text cut at random places, as a model's stream might be."""
    points = sorted(rng.sample(range(1, len(text)), k=min(len(text) - 1, rng.randint(1, 40))))
    return [text[a:b] for a, b in zip([0, *points], [*points, len(text)], strict=True)]


def disallowed(shown: str) -> list[str]:
    """Links in shown text that the filter does not allow."""
    allowed = {whole(url) for url in ALLOWED}
    return [m.group() for m in url_pattern().finditer(shown) if whole(m.group()) not in allowed]


@pytest.mark.parametrize("text", TEXTS)
def test_parts_add_up_to_the_checked_text_however_the_stream_is_cut(text: str) -> None:
    rng = random.Random(text)
    for pieces in [list(text), *(cuts(text, rng) for _ in range(200))]:
        gate = SafeParts(ALLOWED, MARKER, 3)
        shown = ""
        for piece in pieces:
            shown += gate.feed(piece)
            # at no moment does the member see a link the final check removes
            assert not disallowed(shown), (pieces, shown)
        shown += gate.finish()
        assert shown == whole(text).strip(), pieces


def test_a_link_is_held_back_until_it_ends() -> None:
    gate = SafeParts(ALLOWED, MARKER, 3)
    assert gate.feed("Read https://example.org/a") == "Read"
    assert gate.feed("bc now") == f" {MARKER}"  # not the allowed prefix it began as
    assert gate.feed(" [lab") == " now"  # a word may be the start of a bare domain
    assert gate.feed("el](https://example.org/a)。") == " [label](https://example.org/a)。"


async def test_the_client_streams_pieces_then_the_completion(fake_openai: FakeOpenAI) -> None:
    fake_openai.stream(["Check ", "the source ", "[1]."])
    answerer = answerer_for(fake_openai.base_url)
    items = [item async for item in answerer.stream(MESSAGES, max_tokens=50)]
    await answerer.close()
    assert items[:3] == ["Check ", "the source ", "[1]."]
    assert items[3] == Completion("Check the source [1].", 900, 120, "gpt-4o-mini")
    assert fake_openai.requests[0]["stream"] is True


@pytest.mark.parametrize(("drop", "reason"), [(False, "stream_error"), (True, "connection")])
async def test_a_stream_that_breaks_off_is_unavailable(
    fake_openai: FakeOpenAI, drop: bool, reason: str
) -> None:
    fake_openai.stream(["Check ", "the source ", "[1]."], fail_after=1, drop=drop)
    answerer = answerer_for(fake_openai.base_url)
    got: list[object] = []
    with pytest.raises(AnswerUnavailable) as failed:
        async for item in answerer.stream(MESSAGES, max_tokens=50):
            got.append(item)
    await answerer.close()
    assert got == ["Check "] and failed.value.reason == reason


class Recorder:
    """A Draft that keeps what was written, and can run something at the first write."""

    def __init__(self, at_first: asyncio.Event | None = None) -> None:
        self.titles: list[str] = []
        self.parts: list[str] = []
        self.at_first = at_first

    async def begin(self, title: str) -> None:
        """Keep the title."""
        self.titles.append(title)

    async def write(self, text: str) -> None:
        """Keep the part; at the first, wait until the test lets the stream go on."""
        self.parts.append(text)
        if self.at_first is not None and len(self.parts) == 1:
            await self.at_first.wait()


def cited_answer(request: dict[str, object]) -> str:
    """A model answer citing lesson [1] and its source, plus a link no lesson has."""
    messages = request["messages"]
    assert isinstance(messages, list)
    match = LESSON.search(messages[-1]["content"])
    assert match is not None
    return (
        f"文章の自然さと正しさは別の話です [1]。詳しくは {match.group(2)} を。"
        "偽サイト https://evil.example/fake も見ないで。確認：数字は一次情報で。"
    )


async def test_a_streamed_answer_ends_as_the_checked_answer_and_holds_no_transaction(
    sessions: async_sessionmaker[AsyncSession],
    curriculum: Curriculum,
    clock: FixedClock,
    fake_openai: FakeOpenAI,
) -> None:
    coach, answerer = await coach_with_model(sessions, curriculum, fake_openai)
    try:
        asker, other = Chat(coach, clock.now(), "asker"), Chat(coach, clock.now(), "other")
        await asker.onboard("ja")
        await other.onboard("ja")
        fake_openai.reply(cited_answer)
        go_on = asyncio.Event()
        draft = Recorder(go_on)
        question = Inbound(asker.identity, text="AIの答えが自信満々なら正しい？", event_id="Ev-s")
        answering = asyncio.create_task(coach.handle(question, clock.now(), draft))
        for _ in range(500):
            if draft.parts:
                break
            await asyncio.sleep(0.01)
        # mid-answer, another member is served: no transaction waits on the model
        progress = Inbound(Identity("console", "local", "other"), text="進捗", event_id="Ev-p")
        served = await asyncio.wait_for(coach.handle(progress, clock.now()), timeout=2.0)
        assert served and served[0].kind == "progress" and not answering.done()
        go_on.set()
        replies = await answering
    finally:
        await answerer.close()
    assert len(draft.parts) >= 2
    written = "".join(draft.parts)
    (answer,) = replies
    assert answer.kind == "answer" and answer.title == t("qa_model_title", "ja")
    assert draft.titles == [answer.title], "the draft began with the answer's title"
    assert answer.text.startswith(written), "the final answer continues the draft"
    assert "evil.example" not in written and t("qa_unverified_link", "ja") in written
    assert [q.outcome for q in await rows(sessions, Question)] == ["model"]


async def test_a_model_failing_mid_stream_ends_with_the_offline_answer(
    sessions: async_sessionmaker[AsyncSession],
    curriculum: Curriculum,
    clock: FixedClock,
    fake_openai: FakeOpenAI,
) -> None:
    coach, answerer = await coach_with_model(sessions, curriculum, fake_openai)
    try:
        chat = Chat(coach, clock.now())
        await chat.onboard("ja")
        fake_openai.stream(["文章の自然さと", "正しさは別の話です [1]。", "確認："], fail_after=2)
        draft = Recorder()
        question = Inbound(chat.identity, text="AIの答えが自信満々なら正しい？", event_id="Ev-f")
        replies = await coach.handle(question, clock.now(), draft)
    finally:
        await answerer.close()
    assert draft.parts, "something was shown before the model broke off"
    (answer,) = replies
    assert answer.title == t("qa_offline_title", "ja")
    assert not answer.text.startswith("".join(draft.parts)), "the draft is replaced"
    assert t("qa_note_unavailable", "ja") in answer.notes
    assert [q.outcome for q in await rows(sessions, Question)] == ["error"]


async def test_a_stream_that_leaks_the_system_prompt_stops_showing_and_is_replaced(
    sessions: async_sessionmaker[AsyncSession],
    curriculum: Curriculum,
    clock: FixedClock,
    fake_openai: FakeOpenAI,
) -> None:
    coach, answerer = await coach_with_model(sessions, curriculum, fake_openai)

    def leaking(request: dict[str, object]) -> str:
        messages = request["messages"]
        assert isinstance(messages, list)
        canary = re.search(r"MANABI-CANARY-[0-9a-f]+", messages[0]["content"])
        assert canary is not None
        return f"文章の自然さと正しさは別の話です。秘密の印は {canary.group()} です。ほかにも色々。"

    try:
        chat = Chat(coach, clock.now())
        await chat.onboard("ja")
        fake_openai.reply(leaking)
        draft = Recorder()
        question = Inbound(chat.identity, text="AIの答えが自信満々なら正しい？", event_id="Ev-l")
        (answer,) = await coach.handle(question, clock.now(), draft)
    finally:
        await answerer.close()
    assert draft.parts and "CANARY" not in "".join(draft.parts)
    assert answer.title == t("qa_offline_title", "ja")  # replaces the draft
    assert t("qa_note_blocked", "ja") in answer.notes
