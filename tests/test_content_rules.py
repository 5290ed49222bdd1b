"""Item-writing rules: each test plants one problem in a clean synthetic bank and expects
`manabi lessons check` to name it (file, line, what is wrong)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from bot.cli import main
from bot.content.loader import check_curriculum, load_curriculum
from bot.content.problems import ContentError
from tests.test_content_bank import bank as bank  # the fixture
from tests.test_content_bank import dump, lesson_yaml, line_of, load, make_item

ALL_LESSONS = range(6)


def problems(root: Path) -> list[ContentError]:
    _, errors = check_curriculum(root)
    return errors


def only(errors: list[ContentError], needle: str) -> list[ContentError]:
    found = [e for e in errors if needle in e.message]
    assert found, "\n".join(str(e) for e in errors)
    return found


def edit_lesson(root: Path, n: int, change: Any) -> Path:
    path = lesson_yaml(root, n)
    data = load(path)
    change(data)
    dump(path, data)
    return path


def items_of(data: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [item for item in data["items"] if item["type"] == kind]


def edit_form(root: Path, kind: str, change: Any) -> Path:
    path = root / "assessments" / f"{kind}.yaml"
    data = load(path)
    change(data)
    dump(path, data)
    return path


# ------------------------------------------------------------------ per item


def test_a_key_much_longer_than_its_distractors_is_named_with_file_and_line(
    bank: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    def lengthen(data: dict[str, Any]) -> None:
        item = items_of(data, "choice")[0]
        key = next(c for c in item["choices"] if c["key"] == item["answer"])
        key["en"] = "Open the labour bureau page and compare the figure with the rota"

    path = edit_lesson(bank, 0, lengthen)
    assert main(["lessons", "check", str(bank)]) == 1
    out = capsys.readouterr().out
    [line] = [text for text in out.splitlines() if "en key a is" in text]
    expected = line_of(path, "Open the labour bureau page")
    assert line.startswith(f"{path}:{expected}: item track-one-lesson-1.q1: en key a is 64")
    assert "1.25x its longest distractor (24)" in line


def test_a_key_at_most_a_quarter_longer_passes(bank: Path) -> None:
    def lengthen(data: dict[str, Any]) -> None:
        item = items_of(data, "choice")[0]
        key = next(c for c in item["choices"] if c["key"] == item["answer"])
        key["en"] = key["en"] + " zuza"  # 24 -> 29 characters: 1.21x

    edit_lesson(bank, 0, lengthen)
    assert [e for e in problems(bank) if "key" in e.message] == []


def test_every_item_but_safe_to_paste_needs_a_source(bank: Path) -> None:
    def drop(data: dict[str, Any]) -> None:
        for item in data["items"]:
            item.pop("source", None)

    path = edit_lesson(bank, 0, drop)
    found = only(problems(bank), "needs a `source`")
    assert {e.path for e in found} == {str(path)}
    assert len(found) == 5  # six items, one of them safe_to_paste
    assert not any("q6" in e.message for e in found)


@pytest.mark.parametrize(
    ("locale", "text", "shown"),
    [
        ("ja", "b が正解です。数字は一次情報で確かめます。", "b が"),
        ("ja", "3番が誤りです。", "3番が"),
        ("ja", "正解は c です。", "正解は c"),
        ("en", "Option b is right: check the rota first.", "Option b"),
        ("en", "b) is the best first step.", "b) is"),
        ("en", "Sentence 3 is wrong: the Act says 40 hours.", "Sentence 3"),
        ("en", "The last option is a trap.", "last option"),
    ],
)
def test_explanations_may_not_name_an_option_by_letter_or_position(
    bank: Path, locale: str, text: str, shown: str
) -> None:
    def rewrite(data: dict[str, Any]) -> None:
        data["items"][0]["explanation"][locale] = text

    path = edit_lesson(bank, 0, rewrite)
    [error] = only(problems(bank), "names an option by letter or position")
    assert (error.path, error.line) == (str(path), line_of(path, text.split("。")[0][:12]))
    assert f"{locale} explanation" in error.message
    assert repr(shown) in error.message


@pytest.mark.parametrize(
    "text",
    [
        "個人情報保護委員会のQ&Aは、目的を示すよう求めています。",
        "Aさんが作ったシフト表の数字を、元の記録と比べます。",
        "The answer a member gives depends on the rota.",
        "A ministry page is a primary source.",
    ],
)
def test_ordinary_explanations_are_not_mistaken_for_position_references(
    bank: Path, text: str
) -> None:
    locale = "en" if text.isascii() else "ja"

    def rewrite(data: dict[str, Any]) -> None:
        data["items"][0]["explanation"][locale] = text

    edit_lesson(bank, 0, rewrite)
    assert [e for e in problems(bank) if "names an option" in e.message] == []


# ------------------------------------------------------------------ sources


def test_every_lesson_needs_a_primary_source(bank: Path) -> None:
    def demote(data: dict[str, Any]) -> None:
        for entry in data["sources"]:
            entry["primary"] = False

    path = edit_lesson(bank, 2, demote)
    [error] = only(problems(bank), "is marked `primary: true`")
    assert (error.path, error.line) == (str(path), line_of(path, "sources:") + 1)  # its 1st entry


@pytest.mark.parametrize("field", ["checked", "quote"])
def test_a_source_needs_checked_and_quote(bank: Path, field: str) -> None:
    def drop(data: dict[str, Any]) -> None:
        del data["sources"][1][field]

    path = edit_lesson(bank, 0, drop)
    [error] = only(problems(bank), f"sources.1.{field}: Field required")
    assert error.path == str(path)
    assert error.line == line_of(path, "- title: Source track-one-lesson-1-b")


def test_checked_must_be_a_date_and_link_an_https_url(bank: Path) -> None:
    def spoil(data: dict[str, Any]) -> None:
        data["sources"][0]["checked"] = "last spring"
        items_of(data, "spot_the_error")[0]["link"] = "http://laws.example.go.jp/x"

    path = edit_lesson(bank, 0, spoil)
    errors = problems(bank)
    checked = only(errors, "sources.0.checked")[0]
    link = only(errors, "link")[0]
    assert checked.line == line_of(path, "checked: last spring")
    assert link.line == line_of(path, "link: http://")


# ------------------------------------------------------------------ bank-level cues


def test_a_key_that_is_often_the_longest_leaks_even_within_the_ratio(bank: Path) -> None:
    def lengthen(data: dict[str, Any]) -> None:
        for kind in ("choice", "source_first"):
            item = items_of(data, kind)[0]
            key = next(c for c in item["choices"] if c["key"] == item["answer"])
            key["ja"] += "ワ"  # 12 -> 13 characters: within 1.25x, but always the longest

    for n in ALL_LESSONS:
        edit_lesson(bank, n, lengthen)
    errors = problems(bank)
    [error] = only(errors, "picking the longest ja option")
    assert error.path.endswith("lessons") and error.line == 1
    assert "scores 100% on 12 choice/source_first items (chance 25%)" in error.message
    assert not any("picking the longest en" in e.message for e in errors)
    assert not any(" key a is" in e.message or " key b is" in e.message for e in errors)


def test_true_false_answers_must_be_balanced(bank: Path) -> None:
    def falsify(data: dict[str, Any]) -> None:
        items_of(data, "true_false")[0]["answer"] = False

    for n in ALL_LESSONS:
        edit_lesson(bank, n, falsify)
    only(problems(bank), "lesson bank: 0 of 6 true_false answers are true (0%); keep 40%-60%")


def test_real_or_fabricated_answers_must_be_balanced(bank: Path) -> None:
    def fabricate(data: dict[str, Any]) -> None:
        items_of(data, "real_or_fabricated")[0]["answer"] = "fabricated"

    for n in (0, 3, 4):  # the three "real" ones
        edit_lesson(bank, n, fabricate)
    only(problems(bank), "0 of 6 real_or_fabricated answers are real")


def test_one_safe_to_paste_answer_may_not_dominate(bank: Path) -> None:
    def redact(data: dict[str, Any]) -> None:
        items_of(data, "safe_to_paste")[0]["answer"] = "redact"

    for n in ALL_LESSONS:
        edit_lesson(bank, n, redact)
    only(problems(bank), "6 of 6 safe_to_paste answers are 'redact'")


def test_absolute_words_only_in_false_statements_are_a_giveaway(bank: Path) -> None:
    def absolute(data: dict[str, Any]) -> None:
        item = items_of(data, "true_false")[0]
        if item["answer"] is False:
            item["prompt"]["ja"] = "「AIの答えは必ず間違っている」。正しいですか、誤りですか？"
            item["prompt"]["en"] = '"AI answers are always wrong." True or false?'

    for n in ALL_LESSONS:
        edit_lesson(bank, n, absolute)
    errors = problems(bank)
    for locale in ("ja", "en"):
        [error] = only(errors, f"absolute words appear only in false {locale} true_false")
        assert "track-one-lesson-2.q3" in error.message
        only(errors, f"treating {locale} absolute words as wrong scores 100% on 6 items")


def test_absolute_words_in_true_statements_too_are_fine(bank: Path) -> None:
    def absolute(data: dict[str, Any]) -> None:
        prompt = items_of(data, "true_false")[0]["prompt"]
        prompt["ja"] = prompt["ja"].replace("」", "は必ず残す」")
        prompt["en"] = prompt["en"].replace('" True', ' must always stay." True')

    for n in ALL_LESSONS:
        edit_lesson(bank, n, absolute)
    assert [str(e) for e in problems(bank)] == []


def test_absolute_words_only_in_the_wrong_sentence_of_passages(bank: Path) -> None:
    def absolute(data: dict[str, Any]) -> None:
        item = items_of(data, "spot_the_error")[0]
        wrong = item["answer"] - 1
        item["passage"]["ja"][wrong] = "有給休暇は入社した日から必ず20日与えられます。"
        item["passage"]["en"][wrong] = "Every worker always gets 20 days from day one."

    for n in ALL_LESSONS:
        edit_lesson(bank, n, absolute)
    errors = problems(bank)
    only(errors, "absolute words appear only in the wrong ja sentence of spot_the_error")
    only(errors, "treating en absolute words as wrong scores")


def test_errors_bunched_in_one_third_of_passages(bank: Path) -> None:
    def middle(data: dict[str, Any]) -> None:
        items_of(data, "spot_the_error")[0]["answer"] = 3

    for n in ALL_LESSONS:
        edit_lesson(bank, n, middle)
    only(problems(bank), "6 of 6 spot_the_error errors sit in the middle third")


def test_errors_bunched_on_the_first_and_last_sentence(bank: Path) -> None:
    answers = iter([1, 5, 1, 5, 3, 5])

    def edges(data: dict[str, Any]) -> None:
        items_of(data, "spot_the_error")[0]["answer"] = next(answers)

    for n in ALL_LESSONS:
        edit_lesson(bank, n, edges)
    errors = problems(bank)
    only(errors, "5 of 6 spot_the_error errors are the first or last sentence (83%")
    assert not any("third of the passage" in e.message for e in errors)  # 2 / 1 / 3


def test_a_third_of_spot_the_error_items_need_a_link(bank: Path) -> None:
    def unlink(data: dict[str, Any]) -> None:
        for item in data["items"]:
            item.pop("link", None)

    for n in ALL_LESSONS:
        edit_lesson(bank, n, unlink)
    only(problems(bank), "item bank: 2 of 10 spot_the_error items have a `link`; at least 4")


# ------------------------------------------------------------------ duplicates


def test_a_duplicated_item_is_named_with_both_places(bank: Path) -> None:
    original = load(lesson_yaml(bank, 0))["items"][2]

    def copy(data: dict[str, Any]) -> None:
        data["items"][2] = {**original, "id": data["items"][2]["id"]}

    path = edit_lesson(bank, 4, copy)
    [error] = only(problems(bank), "duplicates item")
    first = lesson_yaml(bank, 0)
    copied_id = load(path)["items"][2]["id"]
    assert (error.path, error.line) == (str(path), line_of(path, f"- id: {copied_id}"))
    assert f"item {copied_id} duplicates item track-one-lesson-1.q3" in error.message
    assert f"({first}:{line_of(first, '- id: track-one-lesson-1.q3')})" in error.message


def test_a_reworded_item_is_still_a_near_duplicate(bank: Path) -> None:
    original = load(lesson_yaml(bank, 0))["items"][4]

    def reword(data: dict[str, Any]) -> None:
        twin = {**original, "id": data["items"][4]["id"]}
        twin["passage"] = {
            "ja": [s.replace("。", "！") for s in original["passage"]["ja"]],
            "en": [s.upper() for s in original["passage"]["en"]],
        }
        twin["prompt"] = {"ja": original["prompt"]["ja"] + "。", "en": original["prompt"]["en"]}
        data["items"][4] = twin

    edit_lesson(bank, 3, reword)
    [error] = only(problems(bank), "duplicates item track-one-lesson-1.q5")
    assert "100% alike" in error.message


def test_an_item_with_one_word_changed_is_a_near_duplicate(bank: Path) -> None:
    original = load(lesson_yaml(bank, 0))["items"][4]

    def change_a_word(data: dict[str, Any]) -> None:
        twin = {**original, "id": data["items"][4]["id"]}
        en = list(original["passage"]["en"])
        en[1] = "Zuza " + en[1].split(" ", 1)[1]
        ja = list(original["passage"]["ja"])
        ja[1] = "シフト" + ja[1][3:]
        twin["passage"] = {"ja": ja, "en": en}
        data["items"][4] = twin

    edit_lesson(bank, 5, change_a_word)
    [error] = only(problems(bank), "duplicates item track-one-lesson-1.q5")
    alike = int(error.message.split(" text ")[1].split("%")[0])
    assert 85 <= alike < 100


def test_a_test_item_may_not_repeat_a_lesson_item(bank: Path) -> None:
    lesson_item = load(lesson_yaml(bank, 1))["items"][2]  # a true_false item

    def copy(data: dict[str, Any]) -> None:
        data["items"][0]["prompt"] = lesson_item["prompt"]

    path = edit_form(bank, "posttest", copy)
    [error] = only(problems(bank), "a test item must not repeat a lesson item")
    assert error.path == str(path)
    assert "posttest.q1 duplicates item track-one-lesson-2.q3" in error.message


def test_different_items_are_not_duplicates(bank: Path) -> None:
    assert [e for e in problems(bank) if "duplicates" in e.message] == []


# ------------------------------------------------------------------ the two test forms


def test_a_form_needs_twenty_items_and_fourteen_discernment_items(bank: Path) -> None:
    def shorten(data: dict[str, Any]) -> None:
        data["items"] = data["items"][4:]

    edit_form(bank, "pretest", shorten)
    errors = problems(bank)
    only(errors, "pretest has 16 items; a form needs at least 20")
    only(errors, "pretest has 10 discernment items")
    only(errors, "posttest has 20 items, pretest 16")


def test_discernment_items_must_be_balanced_genuine_and_flawed(bank: Path) -> None:
    def flaw(data: dict[str, Any]) -> None:
        for item in data["items"]:
            if item["type"] == "true_false":
                item["answer"] = False

    path = edit_form(bank, "posttest", flaw)
    errors = problems(bank)
    [error] = only(errors, "posttest: 3 of 14 discernment items are genuine")
    assert (error.path, error.line) == (str(path), line_of(path, "items:") + 1)
    only(errors, "posttest form: 0 of 8 true_false answers are true")


def test_the_forms_must_be_parallel_in_type_and_difficulty(bank: Path) -> None:
    def swap(data: dict[str, Any]) -> None:
        data["items"][15]["difficulty"] = "hard"  # pretest item 16 is "easy"
        data["items"][17] = make_item("posttest.q18", "true_false", True, track="track-two", n=17)

    path = edit_form(bank, "posttest", swap)
    errors = problems(bank)
    [difficulty] = only(errors, "item 16 difficulty is")
    [kind] = only(errors, "item 18 type is 'true_false' but pretest item 18 is 'choice'")
    assert difficulty.line == line_of(path, "difficulty:", line_of(path, "- id: posttest.q16"))
    assert kind.line == line_of(path, "type: true_false", line_of(path, "- id: posttest.q18"))


def test_test_items_need_a_difficulty(bank: Path) -> None:
    def drop(data: dict[str, Any]) -> None:
        del data["items"][3]["difficulty"]

    path = edit_form(bank, "pretest", drop)
    [error] = only(problems(bank), "test items need `difficulty`")
    assert error.line == line_of(path, "- id: pretest.q4")


def test_both_forms_are_required(bank: Path) -> None:
    (bank / "assessments" / "posttest.yaml").unlink()
    [error] = only(problems(bank), "the posttest form is missing")
    assert error.path.endswith("assessments")


def test_form_items_point_at_the_form_sources(bank: Path) -> None:
    def point_past(data: dict[str, Any]) -> None:
        data["items"][0]["source"] = 2

    edit_form(bank, "pretest", point_past)
    only(problems(bank), "item pretest.q1: source 2 but the lesson has 1 source(s)")


# ------------------------------------------------------------------ check versus start-up


def test_the_server_loads_a_bank_that_breaks_only_item_writing_rules(bank: Path) -> None:
    def falsify(data: dict[str, Any]) -> None:
        items_of(data, "true_false")[0]["answer"] = False

    for n in ALL_LESSONS:
        edit_lesson(bank, n, falsify)
    assert problems(bank)  # `manabi lessons check` fails ...
    assert len(load_curriculum(bank).lessons) == 6  # ... the server still starts


def test_the_server_refuses_a_source_without_a_checked_date(bank: Path) -> None:
    from bot.content.loader import InvalidContent

    def drop(data: dict[str, Any]) -> None:
        del data["sources"][0]["checked"]

    edit_lesson(bank, 0, drop)
    with pytest.raises(InvalidContent):
        load_curriculum(bank)


def test_checked_may_be_written_quoted_or_not(bank: Path) -> None:
    path = lesson_yaml(bank, 0)
    path.write_text(
        path.read_text(encoding="utf-8").replace("checked: 2026-06-01", "checked: '2026-06-01'", 1),
        encoding="utf-8",
    )
    assert problems(bank) == []
    assert load_curriculum(bank).lessons[0].meta.sources[0].checked == date(2026, 6, 1)
