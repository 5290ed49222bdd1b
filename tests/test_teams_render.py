"""Rendering core replies for Teams: Markdown text and Adaptive Cards."""

from __future__ import annotations

from bot.channels.teams import render
from bot.core.actions import Answer, Command
from bot.core.messages import Choice, Reply, Source

SOURCE = Source("Guide [2024]", "Agency", "https://example.org/guide")


def test_plain_replies_are_teams_markdown_with_sources_and_notes() -> None:
    reply = Reply(
        text="**大事**な点:\n- 確かめる\n- 出典を見る\n\n一行目\n二行目 <b>",
        sources=(SOURCE,),
        notes=("個人情報を取り除きました",),
        locale="ja",
    )
    sent = render.activity_json(reply)
    assert sent["textFormat"] == "markdown"
    text = sent["text"]
    assert text.startswith("**大事**な点:\n\n- 確かめる\n- 出典を見る\n\n")  # a list stays a list…
    assert "一行目<br>二行目 &lt;b&gt;" in text  # …a line break is kept, HTML is not run
    assert "**出典**" in text
    assert "[Guide (2024)](https://example.org/guide) (Agency)" in text
    assert "※ 個人情報を取り除きました" in text


def test_lists_survive_as_markdown_lists() -> None:
    assert render.to_teams_markdown("* one\n* two") == "- one\n- two"
    assert render.to_card_markdown("intro\n\n1. a\n2. b") == "intro\n\n1. a\n2. b"


def test_choices_become_execute_actions_with_a_submit_fallback() -> None:
    reply = Reply(
        text="Which one?",
        title="Question 1",
        choices=(
            Choice("A", Answer(1, "i", "a"), "primary"),
            Choice("Stop", Command("stop"), "danger"),
        ),
        locale="en",
    )
    sent = render.activity_json(reply)
    [attachment] = sent["attachments"]
    assert attachment["contentType"] == "application/vnd.microsoft.card.adaptive"
    card = attachment["content"]
    assert (card["type"], card["version"]) == ("AdaptiveCard", "1.5")
    assert [b["text"] for b in card["body"]] == ["Question 1", "Which one?"]
    first, second = card["actions"]
    assert first == {
        "type": "Action.Execute",
        "title": "A",
        "verb": "manabi",
        "data": {"manabi": "ans:1:i:a", "label": "A", "about": "Question 1"},
        "style": "positive",
        "fallback": {
            "type": "Action.Submit",
            "title": "A",
            "data": {"manabi": "ans:1:i:a", "label": "A", "about": "Question 1"},
            "style": "positive",
        },
    }
    assert second["style"] == "destructive"
    assert sent["summary"] == "Question 1"


def test_feedback_that_replaces_a_card_is_a_card_without_buttons() -> None:
    reply = Reply(text="Right!", sources=(SOURCE,), replace_original=True, locale="en")
    card = render.activity_json(reply)["attachments"][0]["content"]
    assert "actions" not in card
    assert any("Sources" in block["text"] for block in card["body"])


def test_only_our_action_values_are_accepted() -> None:
    assert render.action_value({"manabi": "cmd:today"}) == "cmd:today"
    assert render.action_value({"other": "x"}) is None
    assert render.action_value({"manabi": 3}) is None
    assert render.action_value({"manabi": "x" * 500}) is None
    assert render.action_value("cmd:today") is None
