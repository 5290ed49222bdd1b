"""Search over lesson passages: n-grams, words and readings, in both languages."""

from __future__ import annotations

import math
import pickle

import pytest

from bot.content.model import Curriculum, ItemType
from bot.retrieval.index import NEAR_LESSON, PassageIndex, Postings, grams
from bot.retrieval.passages import curriculum_passages


@pytest.fixture(scope="module")
def index(curriculum: Curriculum) -> PassageIndex:
    """The index over the real curriculum."""
    return PassageIndex.from_curriculum(curriculum)


def test_grams_cover_japanese_and_forgive_typos() -> None:
    japanese = grams("出典を確かめる")
    assert {"出典", "典を", "確か", "出典を", "確かめ"} <= set(japanese)
    english = grams("How do I check a citation?")
    assert "w:citat" in english and "w:how" not in english  # stems; stop words are dropped
    assert {"w:check", "w:citat"} <= set(grams("checking the citations"))  # one stem, any form
    assert len(set(grams("citaton")) & set(english)) >= 3  # a misspelling still shares grams


def test_index_covers_every_lesson(curriculum: Curriculum) -> None:
    index = PassageIndex.from_curriculum(curriculum)  # how fast: python -m bench.qa_speed
    lessons = {p.lesson_id for p in index.passages}
    assert lessons == {lesson.id for lesson in curriculum.lessons} | {""}  # "": no lesson answers
    assert {p.kind for p in index.passages if not p.lesson_id} == {"member-none"}
    assert {p.kind for p in index.passages} == {
        "body",
        "objectives",
        "explanation",
        "asked",
        "member",
        "member-also",
        "member-none",
    }


def test_the_postings_table_finds_each_feature_and_nothing_else() -> None:
    pairs = {"確か": [0, 2, 3, 1], "a": [1, 1], "ab": [4, 7], "w:check": [2, 5], "": [9, 1]}
    table = pickle.loads(pickle.dumps(Postings(pairs, texts=10)))  # as the cache keeps it
    assert len(table) == len(pairs)
    for gram, expected in pairs.items():
        assert gram in table
        assert list(table.pairs(gram) or []) == expected
        docs = len(expected) // 2
        assert table.idf(gram) == math.log(1 + (10 - docs + 0.5) / (docs + 0.5))
    for missing in ("b", "aa", "確", "確かめ", "w:chec", "zz"):
        assert missing not in table
        assert table.pairs(missing) is None and table.idf(missing) is None


def test_planted_errors_never_become_passages(curriculum: Curriculum) -> None:
    texts = "\n".join(p.text for p in curriculum_passages(curriculum))
    for lesson in curriculum.lessons:
        for item in lesson.meta.items:
            if item.type is ItemType.SPOT_THE_ERROR and item.passage is not None:
                wrong = int(item.answer) - 1
                assert item.passage.ja[wrong] not in texts
                assert item.passage.en[wrong] not in texts


def test_every_lesson_is_found_by_its_own_title(
    index: PassageIndex, curriculum: Curriculum
) -> None:
    missed = [
        (lesson.id, locale)
        for lesson in curriculum.lessons
        for locale in ("ja", "en")
        if lesson.id
        not in [hit[0] for hit in index.rank_lessons(lesson.meta.title.get(locale), limit=3)]
    ]
    assert missed == []


@pytest.mark.parametrize(
    "question",
    [
        "AIの答えが自信満々なら正しいと思っていい？",
        "Is a fluent, confident AI answer more likely to be correct?",
        "is a fluant confidnet ai answer corect?",  # misspelled
    ],
)
def test_questions_find_the_lesson_that_answers_them(index: PassageIndex, question: str) -> None:
    top = [hit[0] for hit in index.rank_lessons(question, limit=3)]
    assert "fluent-is-not-true" in top


def test_search_returns_passages_in_the_learners_language_with_sources(
    index: PassageIndex,
) -> None:
    passages = index.search("Is a confident AI answer correct?", locale="ja", limit=4)
    assert passages and all(p.locale == "ja" for p in passages)
    lessons = [p.lesson_id for p in passages]
    assert len(set(lessons[:3])) == len(lessons[:3])  # the best lessons first, one each
    first = passages[0]
    assert first.lesson_title and first.sources and first.sources[0].url.startswith("https://")
    assert 0 < first.score <= 1


@pytest.mark.parametrize("question", ["", "？", "qwrtp zvbnk"])
def test_nothing_to_match_finds_nothing(index: PassageIndex, question: str) -> None:
    assert index.search(question, locale="ja", limit=4) == []


def test_a_short_question_is_ranked_by_score_not_by_name(index: PassageIndex) -> None:
    # Synonyms lift several lessons past full coverage; they are still ordered by their score
    # (before, every lesson at 1.0 tied and the alphabet decided: disclosing-ai-use came first).
    ranked = index.rank_lessons("should I share this?", limit=3)
    assert ranked[0][0] == "pause-before-sharing"
    assert all(0 < coverage <= 1 for _lesson, coverage, _n in ranked)


def test_coverage_follows_the_ranking(index: PassageIndex) -> None:
    # Offline answers compare coverages (a further lesson must match nearly as well as the
    # first), so the order of lessons and of their coverages must agree.
    for question in ("AIの答えを鵜呑みにしていい？", "Can I paste a member list into AI?"):
        coverages = [coverage for _lesson, coverage, _n in index.rank_lessons(question, limit=5)]
        assert coverages == sorted(coverages, reverse=True)


def test_a_word_typed_in_kana_is_read_as_the_lessons_write_it(index: PassageIndex) -> None:
    # めいぼ shares no character with 名簿; its reading meets the lessons' word (メイボ), which
    # then searches as 名簿 and brings its synonyms (個人情報…) along.
    assert index.spellings["メイボ"] == "名簿"
    top = [hit[0] for hit in index.rank_lessons("くみあいいんのなまえをふせるには？", limit=3)]
    assert top[0] in {"redact-before-pasting", "what-never-goes-in"}


def test_a_lesson_far_ahead_gives_more_of_its_passages(index: PassageIndex) -> None:
    # Only one lesson really answers; the room goes to more of its passages (its definition sits
    # below its summary) rather than to lessons far behind it.
    question = "はるしねーしょんってなに？"
    ranked = index.rank_lessons(question, limit=4)
    best = ranked[0][1]
    found = index.search(question, locale="ja", limit=4)
    near = {lesson for lesson, coverage, _n in ranked if coverage >= best * NEAR_LESSON}
    assert len(near) < len(ranked)  # lessons far behind were found too
    assert [p.lesson_id for p in found[:2]] == [ranked[0][0]] * 2
    assert any("と呼びます" in p.text for p in found if p.lesson_id == ranked[0][0])


def test_lessons_about_as_good_each_give_a_passage_first(index: PassageIndex) -> None:
    question = "AIの答えの数字や出典や条文は、どうやって確かめればいいですか？"
    ranked = index.rank_lessons(question, limit=4)
    found = index.search(question, locale="ja", limit=4)
    assert [p.lesson_id for p in found] == [lesson for lesson, _c, _n in ranked]


def test_a_question_in_words_no_lesson_uses_is_a_weaker_match(
    index: PassageIndex, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Words the lessons never use (a depot's bicycle racks, a staff trip) make the match weaker,
    by the same factor for every lesson: the order stays as it was."""
    questions = ("Where can I park my bike at the new depot?", "来月の社員旅行の集合場所は？")
    for question in questions:
        scaled = index.rank_lessons(question, limit=3)
        assert index.scores(question).known < 1.0
        monkeypatch.setattr("bot.retrieval.index.UNKNOWN", 0.0)
        plain = index.rank_lessons(question, limit=3)
        monkeypatch.undo()
        assert [hit[0] for hit in scaled] == [hit[0] for hit in plain]
        assert all(s[1] < p[1] for s, p in zip(scaled, plain, strict=True))


def test_a_question_naming_ai_or_in_the_lessons_words_keeps_its_strength(
    index: PassageIndex,
) -> None:
    """The course's subject, in nearly every lesson, or the lessons' own words: no scaling."""
    assert index.scores("AIに社員旅行の行き先を決めさせてもいい？").known == 1.0
    assert index.scores("how do I check a quote the chatbot gave me?").known == 1.0
    assert index.scores("[email] さんの住所、どこに書けばいい？").known == 1.0
