"""The claim evaluation: the data is consistent and the figures do not slip back."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from bench.check_eval import DATA, evaluate, main, occurrences, split
from bot.core.qa.checking.claims import KINDS


def load() -> list[dict[str, Any]]:
    """The evaluation set."""
    answers: list[dict[str, Any]] = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    return answers


def test_every_gold_claim_and_no_check_sentence_is_in_its_answer() -> None:
    for answer in load():
        for claim in answer["claims"]:
            assert claim["kind"] in KINDS
            assert occurrences(answer["text"], claim["text"]), (answer["id"], claim["text"])
        for sentence in answer.get("no_check", []):
            assert sentence.strip() in answer["text"], (answer["id"], sentence)


def test_the_split_holds_out_the_second_half_of_each_language() -> None:
    parts = split(load())
    dev = {a["id"] for a in parts["dev"]}
    held = {a["id"] for a in parts["held_out"]}
    assert not dev & held
    assert "ja-01" in dev and "en-01" in dev and "ja-23" in held and "en-23" in held


def _as_the_conventions_say(answer: dict[str, Any]) -> dict[str, Any]:
    """The answer without the absolutes this first set listed inside someone's quoted words:
    the conventions (docs/checking.md, and every set written since) list them with the quote."""
    quotes = [c["text"] for c in answer["claims"] if c["kind"] == "quote"]
    claims = [
        c
        for c in answer["claims"]
        if not (c["kind"] == "absolute" and any(c["text"] in q for q in quotes))
    ]
    return {**answer, "claims": claims}


def test_whole_set_figures_stay_at_their_measured_level() -> None:
    whole = evaluate([_as_the_conventions_say(a) for a in load()])["whole"]
    for lang in ("ja", "en"):
        assert whole[lang]["recall"] >= 0.95 and whole[lang]["precision"] >= 0.95, lang
        assert whole[lang]["no_check_violations"] == 0, lang
        for kind, row in whole[lang]["by_kind"].items():
            assert row["recall"] is None or row["recall"] >= 0.9, (lang, kind)
            assert row["precision"] is None or row["precision"] >= 0.8, (lang, kind)


def test_the_command_scores_another_set(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    other = tmp_path / "other.yaml"
    answer = {
        "id": "x-01",
        "lang": "en",
        "text": "Since April 2021 the rate has been 12%. Thanks!",
        "claims": [{"text": "April 2021", "kind": "date"}, {"text": "12%", "kind": "figure"}],
        "no_check": ["Thanks!"],
        "unsourced": True,
    }
    other.write_text(yaml.safe_dump([answer]), encoding="utf-8")
    assert main(["--set", str(other), "--json"]) == 0
    whole = json.loads(capsys.readouterr().out)["whole"]["all"]
    assert (whole["answers"], whole["gold"], whole["recall"]) == (1, 2, 1.0)


def test_the_command_prints_markdown(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 0
    out = capsys.readouterr().out
    assert "## held_out / ja" in out and "| absolute |" in out


def test_several_sets_are_scored_pooled(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    paths = []
    for n, (text, claim) in enumerate([("It rose 12% in total.", "12%"), ("It costs £40.", "£40")]):
        path = tmp_path / f"set{n}.yaml"
        answer = {
            "id": "en-01",
            "lang": "en",
            "text": text,
            "claims": [{"text": claim, "kind": "money" if "£" in claim else "figure"}],
            "unsourced": True,
        }
        path.write_text(yaml.safe_dump([answer]), encoding="utf-8")
        paths += ["--set", str(path)]
    assert main([*paths, "--json"]) == 0
    whole = json.loads(capsys.readouterr().out)["whole"]["all"]
    assert (whole["answers"], whole["gold"], whole["recall"]) == (2, 2, 1.0)


def test_agreement_scores_a_second_writer_against_the_first(tmp_path: Path) -> None:
    from bench.check_agreement import agreement

    text = "Since April 2021 the rate has been 12%, the ONS said."
    first = {
        "id": "en-01",
        "lang": "en",
        "text": text,
        "claims": [
            {"text": "April 2021", "kind": "date"},
            {"text": "12%", "kind": "figure"},
            {"text": "ONS", "kind": "organisation"},
        ],
    }
    # the second writer misses the body and reads the rate as money
    second = {
        **first,
        "claims": [{"text": "April 2021", "kind": "date"}, {"text": "12%", "kind": "money"}],
    }
    paths = []
    for name, data in (("first.yaml", first), ("second.yaml", second)):
        path = tmp_path / name
        path.write_text(yaml.safe_dump([data]), encoding="utf-8")
        paths.append(path)
    en = agreement([(paths[0], paths[1])])["en"]
    assert (en["recall"], en["precision"]) == (round(1 / 3, 3), 0.5)
