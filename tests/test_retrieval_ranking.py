"""How a lesson's passages add up, and how little the words any question holds count."""

from __future__ import annotations

from bot.core.ports import Passage
from bot.retrieval.index import PassageIndex


def _passage(lesson: str, text: str, kind: str = "body", locale: str = "en") -> Passage:
    return Passage(lesson, "", text, 0.0, (), locale, kind)


def _others() -> list[Passage]:
    texts = (
        "Minutes drop dates.",
        "Summaries lose detail.",
        "Bias comes from data.",
        "Check the law article.",
        "Deepfakes copy voices.",
        "Shift plans need review.",
    )
    return [_passage(f"other{n}", text) for n, text in enumerate(texts)]


def test_one_passage_holding_the_question_beats_several_holding_a_word_each() -> None:
    passages = [
        _passage("together", "Watch for quishing on parcels."),
        _passage("together", "Report it to the desk."),
        _passage("scattered", "Quishing is on the rise."),
        _passage("scattered", "Parcels arrive daily."),
        _passage("scattered", "Quishing costs money."),
        *_others(),
    ]
    ranked = PassageIndex(passages).rank_lessons("quishing parcels", 3)
    assert [hit[0] for hit in ranked][:2] == ["together", "scattered"]


def test_a_word_any_question_may_hold_does_not_outweigh_the_topic() -> None:
    passages = [
        _passage("members", "組合員の名簿には氏名と住所が載っています。外部に渡さないでください。"),
        _passage("members", "個人情報を扱うときの基本です。"),
        _passage("tools", "AIにデータを入れても大丈夫？", "asked"),
        _passage("tools", "大丈夫かどうか迷ったら、会社が認めたサービスを使いましょう。"),
        *_others(),
    ]
    ranked = PassageIndex(passages).rank_lessons("名簿をAIに入れても大丈夫？", 3)
    assert ranked and ranked[0][0] == "members"


def test_a_question_of_nothing_but_common_words_still_finds_its_lesson() -> None:
    passages = [
        _passage("tools", "AIにデータを入れても大丈夫？", "asked"),
        _passage("tools", "大丈夫かどうか迷ったら、会社が認めたサービスを使いましょう。"),
        *_others(),
    ]
    ranked = PassageIndex(passages).rank_lessons("大丈夫？", 3)
    assert ranked and ranked[0][0] == "tools"
