"""Offline answers built to answer: the best sentence, whole lists, quizzes with their question,
key points on a weak match, the officer for a member's own case; and checked citations."""

from __future__ import annotations

from dataclasses import replace

import pytest

from bot.content.model import Curriculum
from bot.core.messages import Source
from bot.core.ports import Passage
from bot.core.qa import answers
from bot.core.qa.answers import Answer, about_own_case
from bot.core.qa.citations import Checked, keep_known_markers
from bot.core.qa.excerpts import excerpt
from bot.core.qa.questions import QuestionAnswering, match_strength, question_language
from bot.core.texts import t
from bot.retrieval.index import PassageIndex

SOURCE = Source("A source", "Publisher", "https://example.org/source")
FILLER = "これは前置きの文で、質問とは関係のない話が続きます。" * 3


def passage(text: str, kind: str = "body", score: float = 0.5, lesson: str = "l1") -> Passage:
    """A Japanese lesson passage."""
    return Passage(lesson, f"レッスン{lesson}", text, score, (SOURCE,), "ja", kind)


def test_the_excerpt_is_centred_on_the_sentence_that_matches() -> None:
    text = f"{FILLER}\n\n{FILLER}\n\n出典のURLが開けないときは、題名で発行元を探します。{FILLER}"
    shown = excerpt(text, "ja", "出典のURLが開けない")
    assert "出典のURLが開けないときは" in shown
    assert shown.startswith("…")  # it starts in the middle, at the sentence that answers


def test_a_question_typed_in_kana_finds_the_sentence_written_in_kanji() -> None:
    text = f"{FILLER}\n\n{FILLER}\n\n組合員の名簿は、外部のAIに入れないのが原則です。{FILLER}"
    shown = excerpt(text, "ja", "くみあいいんのめいぼ いれたらまずい？")
    assert "名簿は、外部のAIに入れない" in shown and shown.startswith("…")


def test_a_list_the_excerpt_introduces_is_shown_whole() -> None:
    items = [f"- {n}つ目：{'長い説明の文がここに入ります。' * 3}" for n in range(1, 5)]
    text = "\n".join([f"{FILLER}確かめることは次の4つです：", *items, FILLER])
    shown = excerpt(text, "ja", "確かめること")
    assert all(item in shown for item in items)


def test_a_quiz_explanation_comes_with_its_question_and_choices(curriculum: Curriculum) -> None:
    index = PassageIndex.from_curriculum(curriculum)
    quizzes = [p for p in index.passages if p.kind == "explanation" and "\n" in p.text]
    assert quizzes
    for quiz in quizzes:
        first, *_rest = quiz.text.splitlines()
        assert first.startswith(("クイズ：", "Quiz: "))
        assert ("正解：" if quiz.locale == "ja" else "Answer: ") in quiz.text
    shown = answers.offline(
        Answer(question="q", locale="ja", outcome="offline"),
        [replace(next(q for q in quizzes if q.locale == "ja"), score=0.5)],
        question="AIの答え",
    )
    body = shown.text.split("\n\n", 1)[1]
    assert "クイズ：" in body and "正解：" in body
    assert body.index("クイズ：") < body.index("正解：")


def test_a_weak_match_shows_each_lessons_key_point() -> None:
    weak = [passage("関係の薄い本文。", score=0.05)]
    point = passage("きれいな参考文献は、実在の証拠ではありません。", kind="key_point")
    shown = answers.offline(
        Answer(question="q", locale="ja", outcome="offline"),
        weak,
        question="ランチのおすすめ",
        key_points={"l1": point},
    )
    assert shown.text.startswith(t("qa_weak_match", "ja"))
    assert "「レッスンl1」" in shown.text and point.text in shown.text


@pytest.mark.parametrize(
    ("question", "own"),
    [
        ("来月の査定が不安です", True),
        ("3週間連勤しています。どうすればいい？", True),
        ("I think I was fired unfairly", True),
        ("私の評価が下がった理由を知りたい", True),
        ("Can my evaluation be done by an algorithm?", True),
        ("AIが出した評価結果は公平ですか？", False),
        ("AIが出した出典が本物か確かめるには？", False),
    ],
)
def test_a_members_own_case_is_recognised(question: str, own: bool) -> None:
    assert about_own_case(question) is own


def test_a_members_own_case_points_to_the_officer() -> None:
    shown = answers.offline(
        Answer(question="q", locale="ja", outcome="offline"),
        [passage("評価にAIを使うときは、最後に人が決めます。")],
        question="私の査定をAIが決めるのは公平？",
    )
    assert shown.text.endswith(t("qa_ask_officer_hint", "ja"))
    assert "担当者に聞く" in shown.text


def test_unknown_lesson_markers_are_removed() -> None:
    checked = keep_known_markers(Checked("要点です [1]。別の話 [7]。", (), (1, 7)), lessons=3)
    assert checked.text == "要点です [1]。別の話。" and checked.markers == (1,)


@pytest.mark.parametrize(
    ("text", "setting", "language"),
    [
        ("AIの答えは正しい？", "en", "ja"),
        ("Is the AI answer right?", "ja", "en"),
        ("ChatGPTってうそつくの？", "en", "ja"),
        ("AI?", "ja", "ja"),
        ("What is 36協定 and can AI explain it?", "ja", "en"),
        ("ハルシネーション対策", "en", "ja"),
        ("12345", "en", "en"),
    ],
)
def test_the_answer_language_is_the_questions(text: str, setting: str, language: str) -> None:
    assert question_language(text, setting) == language


def test_the_match_strength_is_strong_weak_or_none() -> None:
    assert match_strength([]) == "none"
    assert match_strength([passage("x", score=answers.WEAK_MATCH / 2)]) == "weak"
    assert match_strength([passage("x", score=0.5)]) == "strong"


async def test_the_question_sets_the_language_unless_one_is_asked_for(
    curriculum: Curriculum,
) -> None:
    qa = QuestionAnswering(retriever=PassageIndex.from_curriculum(curriculum))
    assert (await qa.answer("Is a fluent AI answer right?", locale="ja")).locale == "en"
    fixed = await qa.answer("Is a fluent AI answer right?", locale="ja", fixed_locale=True)
    assert fixed.locale == "ja" and fixed.title == t("qa_offline_title", "ja")
