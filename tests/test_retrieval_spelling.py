"""Questions as typed: English misspelt, Japanese in romaji."""

from __future__ import annotations

from collections import Counter

import pytest

from bot.content.model import Curriculum
from bot.retrieval.index import PassageIndex
from bot.retrieval.spelling import Speller, distance, romaji_reading, to_kana

LESSON_WORDS = Counter(
    {"sources": 5, "source": 9, "prompt": 4, "write": 3, "staff": 2, "confidential": 2, "sick": 1}
)


def test_edits_count_swaps_as_one() -> None:
    assert distance("wirte", "write") == 1
    assert distance("sorces", "sources") == 1
    assert distance("stuff", "staff") == 1
    assert distance("copywrite", "copyright") > 1


def test_a_misspelt_word_becomes_the_lessons_spelling() -> None:
    speller = Speller(LESSON_WORDS, known=set())
    assert speller.correct_text("how to wirte a promt") == "how to write a prompt"
    assert speller.correct("sorces") == "sources"
    assert speller.correct("confidental") == "confidential"


def test_real_words_the_lessons_do_not_use_stay_as_written() -> None:
    speller = Speller(LESSON_WORDS, known={"stick"})
    assert speller.correct("stuff") == "stuff"  # a changed letter in a short word: another word
    assert speller.correct("stick") == "stick"  # a word members use (the synonyms' words)
    assert speller.correct("sourced", stems={"sourced"}) == "sourced"  # its stem is known
    assert speller.correct("ourses") == "ourses"  # the first letter is kept


def test_romaji_is_read_in_kana() -> None:
    assert to_kana("kakunin") == "かくにん"
    assert to_kana("kitte") == "きって"
    assert to_kana("this") is None
    assert romaji_reading("ai no kotae wo kakunin suru houhou", set()) != ""
    assert romaji_reading("can i trust this", set()) == ""
    assert romaji_reading("no more", {"more"}) == ""  # one word only the lessons lack
    assert romaji_reading("aiのkotae wo kakunin", set()) == ""  # Japanese already


@pytest.fixture(scope="module")
def index(curriculum: Curriculum) -> PassageIndex:
    return PassageIndex.from_curriculum(curriculum)


def test_misspelt_and_romaji_questions_reach_the_same_lessons(index: PassageIndex) -> None:
    def top(question: str) -> list[str]:
        return [hit[0] for hit in index.rank_lessons(question, limit=3)]

    assert (
        top("how to chek the sorces the AI gives me")[:1]
        == top("how to check the sources the AI gives me")[:1]
    )
    assert set(top("AI no kotae wo kakunin suru houhou")) & set(top("AIの答えを確認する方法"))
