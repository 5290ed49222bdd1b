"""bench.testwise: cue-following learners score near chance on a clean bank, and each planted
cue shows up in the table (and in the exit status)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from bench.testwise import Row, evaluate, main
from bot.content.loader import load_curriculum
from tests.test_content_bank import bank as bank  # the fixture
from tests.test_content_bank import dump, lesson_yaml, load

LEARNERS = ["--learners", "40"]


def rows_for(root: Path) -> dict[tuple[str, str, str], Row]:
    rows = evaluate(load_curriculum(root), learners=40)
    return {(row.bank, row.locale, row.learner): row for row in rows}


def edit_all(root: Path, change: Any) -> None:
    for n in range(6):
        path = lesson_yaml(root, n)
        data = load(path)
        change(data)
        dump(path, data)


def first_of(data: dict[str, Any], kind: str) -> dict[str, Any]:
    return next(item for item in data["items"] if item["type"] == kind)


def test_the_table_covers_every_bank_language_and_learner(
    bank: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--lessons", str(bank), *LEARNERS]) == 0
    out = capsys.readouterr().out
    for name in ("lessons", "pretest", "posttest"):
        for locale in ("ja", "en"):
            for learner in ("longest", "position", "absolute", "false", "combined"):
                assert any(
                    line.split()[:3] == [name, locale, learner] for line in out.splitlines()
                ), (name, locale, learner)
    assert "0 row(s) where a cue beats chance by more than 10 points" in out


def test_a_longest_key_is_caught_by_the_longest_learner(
    bank: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    def lengthen(data: dict[str, Any]) -> None:
        for kind in ("choice", "source_first"):
            item = first_of(data, kind)
            key = next(c for c in item["choices"] if c["key"] == item["answer"])
            key["en"] += " zu"

    edit_all(bank, lengthen)
    rows = rows_for(bank)
    assert rows["lessons", "en", "longest"].leaks
    assert not rows["lessons", "ja", "longest"].leaks
    assert main(["--lessons", str(bank), *LEARNERS]) == 1
    flagged = [line for line in capsys.readouterr().out.splitlines() if "beats chance" in line]
    assert any(line.split()[:3] == ["lessons", "en", "longest"] for line in flagged)


def test_mostly_false_statements_are_caught_by_the_always_false_learner(bank: Path) -> None:
    def falsify(data: dict[str, Any]) -> None:
        first_of(data, "true_false")["answer"] = False

    edit_all(bank, falsify)
    row = rows_for(bank)["lessons", "ja", "false"]
    assert row.accuracy == pytest.approx(9 / 12)  # 6 false statements, 3 of 6 fabricated
    assert row.chance == pytest.approx(0.5)
    assert row.leaks


def test_an_absolute_word_in_the_wrong_sentence_is_caught(bank: Path) -> None:
    def absolute(data: dict[str, Any]) -> None:
        item = first_of(data, "spot_the_error")
        item["passage"]["en"][item["answer"] - 1] = "Staff always get twenty days at once."

    edit_all(bank, absolute)
    rows = rows_for(bank)
    assert rows["lessons", "en", "absolute"].leaks
    assert rows["lessons", "en", "combined"].margin > rows["lessons", "ja", "combined"].margin


def test_a_favourite_error_position_is_caught_by_the_position_learner(bank: Path) -> None:
    def third(data: dict[str, Any]) -> None:
        first_of(data, "spot_the_error")["answer"] = 3
        first_of(data, "safe_to_paste")["answer"] = "never"
        first_of(data, "true_false")["answer"] = False
        first_of(data, "real_or_fabricated")["answer"] = "fabricated"

    edit_all(bank, third)
    assert rows_for(bank)["lessons", "ja", "position"].leaks


def test_a_form_is_scored_on_its_own(bank: Path) -> None:
    path = bank / "assessments" / "pretest.yaml"
    data = load(path)
    for item in data["items"]:
        if item["type"] == "true_false":
            item["answer"] = False
    dump(path, data)
    rows = rows_for(bank)
    assert rows["pretest", "en", "false"].leaks
    assert not rows["posttest", "en", "false"].leaks


def test_a_folder_with_nothing_to_score_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--lessons", str(tmp_path / "missing")]) == 2
    assert "no items to score" in capsys.readouterr().err
