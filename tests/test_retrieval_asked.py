"""Search by meaning: a lesson's everyday questions (`asked`), and personal data in a question
read as its topic only when it is someone else's."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot.content.loader import check_curriculum
from bot.content.model import Curriculum
from bot.core.ports import Passage
from bot.core.redaction import redact
from bot.retrieval.index import PassageIndex
from bot.retrieval.normalise import others_data
from tests.test_content_bank import lesson_yaml, write_bank

CONFIDENTIALITY = {"what-never-goes-in", "redact-before-pasting"}
SYNTHETIC = {"what-synthetic-media-is", "checking-images-and-voices", "deepfake-video-calls"}


@pytest.fixture(scope="module")
def index(curriculum: Curriculum) -> PassageIndex:
    """The index over the real curriculum."""
    return PassageIndex.from_curriculum(curriculum)


def passage(lesson: str, text: str, kind: str = "body") -> Passage:
    """A passage of a small English lesson, titled by its id."""
    return Passage(lesson, lesson.title(), text, 0.0, (), "en", kind)


# Two small lessons in English, on lateral reading and on summarising minutes.
LESSONS = [
    passage("reading", "Lateral reading means leaving a page to judge it."),
    passage("reading", "- Open new tabs and look up who runs the site", "objectives"),
    passage("minutes", "Summaries of minutes drop decisions and dates."),
    passage("minutes", "- Compare a summary with the original minutes", "objectives"),
]


def _lessons(with_asked: bool) -> list[Passage]:
    """The two small lessons; the first may carry an everyday question it answers."""
    asked = [passage("reading", "Is this blog trustworthy?", "asked")] if with_asked else []
    return [*LESSONS, *asked]


def test_a_lesson_is_found_by_the_everyday_question_it_answers() -> None:
    question = "how do I know a blog is trustworthy"
    without = [hit[0] for hit in PassageIndex(_lessons(False)).rank_lessons(question, 3)]
    found = [hit[0] for hit in PassageIndex(_lessons(True)).rank_lessons(question, 3)]
    assert "reading" not in without
    assert found[:1] == ["reading"]


def test_everyday_questions_are_never_shown_as_passages(index: PassageIndex) -> None:
    asked = [p for p in index.passages if p.kind == "asked"]
    assert asked, "the lessons carry everyday questions"
    for passage in asked[:12]:
        shown = index.search(passage.text, locale=passage.locale, limit=4)
        assert shown and all(p.kind != "asked" for p in shown)
        assert passage.lesson_id in {p.lesson_id for p in shown}
        ranked = index.rank_lessons(passage.text, limit=3)
        assert all(index.passages[number].kind != "asked" for _id, _c, number in ranked)


@pytest.mark.parametrize(
    ("question", "lessons"),
    [
        ("勝手に仕事でAI使っても平気？", {"approved-tools-and-settings"}),
        ("Am I allowed to bring ChatGPT into my job?", {"approved-tools-and-settings"}),
        ("仕事で使っても平気？", {"approved-tools-and-settings"}),
        ("Can I use my own account for work?", {"whose-ai-are-you-using"}),
        ("上司が送金してって言ってきた、本人？", {"deepfake-video-calls"}),
        ("Why does it give a new reply each time I ask?", {"same-question-different-answers"}),
    ],
)
def test_short_everyday_questions_find_their_lesson(
    index: PassageIndex, question: str, lessons: set[str]
) -> None:
    top = [hit[0] for hit in index.rank_lessons(question, limit=3)]
    assert lessons & set(top), (question, top)


def test_an_everyday_question_too_long_or_one_too_many_is_reported(tmp_path: Path) -> None:
    root = write_bank(tmp_path / "lessons")
    path = lesson_yaml(root)
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["asked"] = [{"ja": "これ、信じていい？", "en": "Can I trust this?"}]
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    _, errors = check_curriculum(root)
    assert not errors
    data["asked"] = [{"ja": "あ" * 41, "en": "fine"}]
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    _, errors = check_curriculum(root)
    assert any("asked" in e.message for e in errors)
    data["asked"] = [{"ja": "信じていい？", "en": "Can I trust it?"}] * 9
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    _, errors = check_curriculum(root)
    assert any("asked" in e.message for e in errors)


@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        ("I'm [name], driver, staff no. [employee-id]. Is the voice on the phone real?", []),
        ("[name]です。[phone]から電話が来ました。", ["phone"]),
        ("My name is [name] ([email]), and the rota app gives me nights.", []),
        ("Can I paste [name]'s grievance ([phone]) into an AI?", ["name", "phone"]),
        ("利用者の[name]さん([address])の記録をAIで整理していい?", ["name", "address"]),
        ("My My Number is [my-number]. Can the AI fill in my form?", ["my-number"]),
    ],
)
def test_a_members_own_details_in_an_introduction_are_not_the_topic(
    text: str, kinds: list[str]
) -> None:
    found, rest = others_data(text)
    assert found == kinds
    assert "[" not in rest


def test_someone_elses_details_point_to_confidentiality(index: PassageIndex) -> None:
    theirs = redact("Can I paste the complaint letter from Sato Hanako (090-1234-5678) into AI?")
    assert index.rank_lessons(theirs.text, limit=1)[0][0] in CONFIDENTIALITY
    mine = redact(
        "I'm Kenji Mori from the warehouse. A caller who sounded exactly like my manager "
        "asked me to wire money today. Could the voice be fake?"
    )
    top = [hit[0] for hit in index.rank_lessons(mine.text, limit=3)]
    assert not CONFIDENTIALITY & set(top)
    assert top[0] in SYNTHETIC
