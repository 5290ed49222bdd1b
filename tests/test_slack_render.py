"""Block Kit rendering: mrkdwn conversion and Slack's limits, without losing any text."""

from __future__ import annotations

import json

from bot.channels.slack.render import (
    MAX_BLOCKS,
    MAX_LABEL,
    MAX_SECTION,
    answered,
    home_view,
    mrkdwn,
    render,
    split_text,
)
from bot.core.actions import Answer, Command
from bot.core.learning.home import HomeView, TrackScore
from bot.core.learning.progress import Summary
from bot.core.messages import Choice, Reply, Source


def section_texts(messages: list[dict[str, object]]) -> list[str]:
    """The text of every section, in order, across messages."""
    return [
        block["text"]["text"]
        for message in messages
        for block in message["blocks"]  # type: ignore[attr-defined]
        if block["type"] == "section"
    ]


def test_markdown_subset_becomes_mrkdwn() -> None:
    text = "**大事**な点\n- one [guide](https://example.org/a?b=1&c=2)\n- 2 < 3 & 4 > 1"
    out = mrkdwn(text)
    assert "\u200b*大事*\u200b" in out
    assert "• one <https://example.org/a?b=1&amp;c=2|guide>" in out
    assert "• 2 &lt; 3 &amp; 4 &gt; 1" in out
    assert "**" not in out


def test_long_lessons_are_split_never_cut() -> None:
    paragraphs = [f"段落{n}：" + "あ" * 700 + "。" for n in range(30)]
    body = "\n\n".join(paragraphs)
    messages = render(Reply(text=body, title="長いレッスン", kind="lesson"))
    texts = section_texts(messages)
    assert all(len(text) <= MAX_SECTION for text in texts)
    assert "".join(texts).replace("\n", "") == body.replace("\n", "")


def test_one_huge_line_is_split_too() -> None:
    line = "word " * 2000
    pieces = split_text(line)
    assert all(len(p) <= MAX_SECTION for p in pieces)
    assert " ".join(pieces).split() == line.split()


def test_more_than_fifty_blocks_become_several_messages_with_buttons_last() -> None:
    body = "\n\n".join(f"{n}. " + "x" * 2990 for n in range(60))
    reply = Reply(text=body, choices=(Choice("OK", Command("quiz")),))
    messages = render(reply)
    assert len(messages) == 2
    assert all(len(m["blocks"]) <= MAX_BLOCKS for m in messages)
    assert messages[-1]["blocks"][-1]["type"] == "actions"
    assert len(section_texts(messages)) == 60


def test_long_labels_are_listed_in_full_and_buttons_numbered() -> None:
    long = "これはとても長い選択肢です。" * 8
    reply = Reply(
        text="Q", choices=(Choice(long, Answer(1, "i", "a")), Choice("short", Answer(1, "i", "b")))
    )
    blocks = render(reply)[0]["blocks"]
    actions = next(b for b in blocks if b["type"] == "actions")
    labels = [e["text"]["text"] for e in actions["elements"]]
    assert labels == ["1", "2"]
    assert all(len(label) <= MAX_LABEL for label in labels)
    assert long in json.dumps(blocks, ensure_ascii=False)
    assert [e["value"] for e in actions["elements"]] == ["ans:1:i:a", "ans:1:i:b"]
    assert len({e["action_id"] for e in actions["elements"]}) == 2


def test_sources_and_buttons() -> None:
    reply = Reply(
        text="Right.",
        sources=(Source("Guide", "Agency", "https://example.org/g"),),
        choices=(Choice("Next", Command("quiz"), "primary"),),
        locale="en",
    )
    blocks = render(reply)[0]["blocks"]
    assert "<https://example.org/g|Guide> (Agency)" in json.dumps(blocks)
    button = blocks[-1]["elements"][0]
    assert button["style"] == "primary" and button["action_id"].startswith("manabi_")


def test_answered_message_keeps_its_text_but_not_its_buttons() -> None:
    blocks = render(Reply(text="Q?", choices=(Choice("A", Answer(1, "i", "a")),)))[0]["blocks"]
    kept = answered(blocks, "A", "en")
    assert [b["type"] for b in kept] == ["section", "context"]
    assert "You chose: A" in json.dumps(kept)


def test_home_view_shows_progress_and_settings() -> None:
    summary = Summary(
        streak=3, freezes=1, done=2, total=10, answered=4, right=3, due=1, next_title="Next one"
    )
    home = HomeView("en", "paused", "07:45", "Europe/Berlin", summary, (TrackScore("T", 3, 4),))
    view = home_view(home)
    text = json.dumps(view)
    assert view["type"] == "home" and len(view["blocks"]) <= 100
    assert "75% (3/4)" in text and "Next one" in text and "07:45" in text
    assert "cmd:resume" in text and "manabi_time" in text
    new = home_view(HomeView("ja", "new", "08:30", "Asia/Tokyo"))
    assert "cmd:start" in json.dumps(new)
