"""Questions members asked (lessons/questions.yaml): they find the lessons that answer them, are
never shown, hold no personal data, and a bad entry is reported with its file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.content.loader import check_curriculum
from bot.content.model import Curriculum
from bot.core.ports import Passage
from bot.core.redaction import redact
from bot.retrieval.index import PassageIndex
from bot.retrieval.passages import MEMBER, MEMBER_ALSO, MEMBER_NONE
from tests.test_content_bank import TRACKS, line_of, write_bank
from tests.test_retrieval_asked import LESSONS, passage

MEMBERS = {MEMBER, MEMBER_ALSO, MEMBER_NONE}


def _top(passages: list[Passage], question: str) -> list[str]:
    return [hit[0] for hit in PassageIndex(passages).rank_lessons(question, 3)]


def test_a_lesson_is_found_by_a_question_a_member_asked() -> None:
    question = "my mate sent me a viral post, is it legit"
    asked = passage("reading", "a viral post from a mate - legit or not?", MEMBER)
    assert "reading" not in _top(LESSONS, question)
    assert _top([*LESSONS, asked], question)[:1] == ["reading"]


def test_the_lesson_named_first_counts_more_than_the_others() -> None:
    question = "a viral post from a mate - legit or not?"
    for first, also in (("reading", "minutes"), ("minutes", "reading")):
        passages = [
            *LESSONS,
            passage(also, question, MEMBER_ALSO),
            passage(first, question, MEMBER),
        ]
        assert _top(passages, question)[:1] == [first]


def test_a_question_nearer_one_no_lesson_answers_is_a_weaker_match() -> None:
    question = "when do we get the summer bonus, is it in the minutes"
    bonus = passage("", "when is the summer bonus paid", MEMBER_NONE)
    asked = passage("minutes", "what was decided in the minutes", MEMBER)
    without = PassageIndex([*LESSONS, asked]).rank_lessons(question, 3)
    weaker = PassageIndex([*LESSONS, asked, bonus]).rank_lessons(question, 3)
    assert [hit[0] for hit in weaker] == [hit[0] for hit in without] == ["minutes"]
    assert weaker[0][1] < 0.75 * without[0][1]
    # ...and a question nearer one a lesson answers keeps its strength (the extra question only
    # moves the word statistics a little)
    near = "what did the minutes decide"
    kept = PassageIndex([*LESSONS, asked, bonus]).rank_lessons(near, 3)
    before = PassageIndex([*LESSONS, asked]).rank_lessons(near, 3)
    assert kept[0][0] == before[0][0] == "minutes"
    assert kept[0][1] == pytest.approx(before[0][1], rel=0.05)


def test_members_typos_are_not_words_to_correct_towards() -> None:
    typo = passage("reading", "is the sumary diffrent from the minuets?", MEMBER)
    index = PassageIndex([*LESSONS, typo])
    assert "diffrent" not in index.speller.words
    assert index.speller.correct("minuets") == "minutes"


@pytest.fixture(scope="module")
def index(curriculum: Curriculum) -> PassageIndex:
    """The index over the real curriculum."""
    return PassageIndex.from_curriculum(curriculum)


def test_members_questions_are_never_shown(curriculum: Curriculum, index: PassageIndex) -> None:
    members = [p for p in index.passages if p.kind in MEMBERS]
    assert len(members) >= len(curriculum.questions) > 0
    for member in members[::60]:
        shown = index.search(member.text, locale=member.locale, limit=4)
        assert shown and not MEMBERS & {p.kind for p in shown}
        ranked = index.rank_lessons(member.text, limit=3)
        assert all(index.passages[number].kind not in MEMBERS for _id, _c, number in ranked)
        assert "" not in {lesson_id for lesson_id, _c, _n in ranked}  # no lesson's questions


def test_the_questions_hold_no_personal_data(curriculum: Curriculum) -> None:
    holding = [q.q for q in curriculum.questions if redact(q.q).text != q.q]
    assert holding == []


def _questions(root: Path, text: str) -> list[str]:
    (root / "questions.yaml").write_text(text, encoding="utf-8")
    curriculum, errors = check_curriculum(root, item_rules=False)
    if curriculum is not None and not errors:
        assert len(curriculum.questions) == text.count("- {")
    return [str(e).replace(f"{root}/", "") for e in errors]


def test_a_bad_question_entry_is_reported_with_its_file_and_line(tmp_path: Path) -> None:
    root = write_bank(tmp_path / "lessons")
    real = f"{TRACKS[0]}-lesson-1"
    good = f'- {{lang: ja, q: "これ信じていい?", lessons: [{real}]}}\n'
    assert _questions(root, good) == []
    unknown = good + '- {lang: en, q: "is it legit", lessons: [no-such-lesson]}\n'
    errors = _questions(root, unknown)
    line = line_of(root / "questions.yaml", "no-such-lesson")
    assert errors == [f"questions.yaml:{line}: unknown lesson 'no-such-lesson'"]
    assert any(
        e.startswith("questions.yaml:2: question 2: lessons")
        for e in _questions(root, good + '- {lang: en, q: "is it legit"}\n')
    )
    assert any("lang" in e for e in _questions(root, good.replace("ja", "fr")))
    assert any("twice" in e for e in _questions(root, good + good))
    off_topic = '- {lang: en, q: "when is the summer bonus paid", lessons: []}\n'
    assert _questions(root, good + off_topic) == []
    assert _questions(root, "a: 1\n") == [
        "questions.yaml:1: questions.yaml must be a list of questions"
    ]
