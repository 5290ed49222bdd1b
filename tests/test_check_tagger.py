"""The learned claim tagger: what it was trained on, what it may add, and what stays the rules'."""

from __future__ import annotations

import hashlib
import json
import threading
from pathlib import Path
from typing import Any

import pytest

from bench.check_train import BENCH, HELD_OUT, PARAMS, train, training_sets
from bot.core.qa.checking import find_en, find_ja, tagger
from bot.core.qa.checking.claims import needs_source_note
from bot.core.qa.checking.finder import extract_claims

DATA = Path(tagger.__file__).parents[3] / "data"


class Scripted:
    """A stand-in model that tags the tokens whose surface it was given, with the given kind."""

    def __init__(self, tags: dict[str, str]) -> None:
        self.tags = {word.lower(): kind for word, kind in tags.items()}

    def tag(self, rows: list[dict[str, float]]) -> list[str]:
        out, previous = [], tagger.OUTSIDE
        for row in rows:
            word = next(k[3:] for k in row if k.startswith("0w="))
            kind = self.tags.get(word)
            if kind is None:
                out.append(previous := tagger.OUTSIDE)
            else:
                edge = "I" if previous.endswith(kind) else "B"
                out.append(previous := f"{edge}-{kind}")
        return out


def rules(text: str) -> list[tuple[str, str]]:
    return [(text[c.start : c.end], c.kind) for c in [*find_ja.find(text), *find_en.find(text)]]


def found(text: str, model: Any = None) -> list[tuple[str, str]]:
    return [(c.text, c.kind) for c in extract_claims(text, model)]


def test_the_installed_model_learned_from_the_sets_as_they_are_now() -> None:
    manifest = json.loads((DATA / tagger.MANIFEST).read_text())
    assert (DATA / tagger.MODEL).is_file()
    learned = manifest["sets"]
    assert learned == {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in training_sets()
    }, "a training set changed: run python -m bench.check_train"
    assert manifest["params"] == PARAMS
    assert set(manifest["held_out"]) == set(HELD_OUT)
    for name in HELD_OUT:
        assert (BENCH / name).is_file()
        assert name not in learned


def test_labels_and_spans_give_back_the_claims() -> None:
    text = "Professor Ines Marrow said on 3 May that 4.5% was fair."
    toks = tagger.tokens(text)
    tags = tagger.labels(text, toks, [("Ines Marrow", "person"), ("4.5%", "figure")])
    got = [(kind, text[a:b]) for kind, a, b, _ in tagger.spans(toks, tags)]
    assert got == [("person", "Ines Marrow"), ("figure", "4.5%")]
    with pytest.raises(ValueError, match="not in the text"):
        tagger.labels(text, toks, [("Marlow", "person")])


def test_training_learns_what_it_is_shown(tmp_path: Path) -> None:
    answers = [
        {
            "text": f"The {name} Institute published a report. Staff were never told.",
            "claims": [
                {"text": f"{name} Institute", "kind": "organisation"},
                {"text": "never told", "kind": "absolute"},
            ],
        }
        for name in ("Hartfield", "Brennock", "Calder", "Tillbrook", "Fenwick", "Grayhollow")
    ]
    model = tmp_path / "tiny.crf"
    train(answers, model, {**PARAMS, "c1": 0.0, "c2": 0.001})
    text = "The Marrowby Institute published a report. Staff were never told."
    learned = {
        (text[c.start : c.end], c.kind) for c in tagger.find(text, tagger.open_model(str(model)))
    }
    assert learned == {("Marrowby Institute", "organisation"), ("never told", "absolute")}


@pytest.mark.parametrize(
    ("text", "claim"),
    [
        (
            "According to Workwise Scotland, most employers now offer hybrid work.",
            ("Workwise Scotland", "organisation"),
        ),
        (
            "ひかり労働研究会のレポートでは、残業は減っていません。",
            ("ひかり労働研究会", "organisation"),
        ),
    ],
)
def test_the_installed_tagger_finds_bodies_the_rules_do_not_know(
    text: str, claim: tuple[str, str]
) -> None:
    assert claim not in rules(text)
    assert claim in found(text)


def test_a_rule_keeps_its_span_and_its_kind_where_the_tagger_overlaps_it() -> None:
    text = "Tillbrook Health described the cuts as necessary."
    assert rules(text) == [("Tillbrook Health", "person")]
    model = Scripted({"Tillbrook": "organisation", "Health": "organisation"})
    assert found(text, model) == [("Tillbrook Health", "person")]


def test_numbers_laws_and_links_stay_with_the_rules() -> None:
    text = "If your hourly rate is ¥1,800, see Section 12 at example.org for more."
    model = Scripted({"1,800": "money", "Section": "law", "12": "law", "example": "url"})
    assert found(text, model) == found(text, Scripted({}))


def test_a_learned_document_or_sweeping_statement_holds_the_rules_date_inside_it() -> None:
    text = "Cuts were set out in the Halden pay memo of March 2023, which staff never saw."
    alone = found(text, Scripted({}))
    assert alone == [("March 2023", "date"), ("never saw", "absolute")]
    words = ("Halden", "pay", "memo", "of", "March", "2023")
    memo = Scripted(dict.fromkeys(words, "citation"))
    assert found(text, memo) == [
        ("Halden pay memo of March 2023", "citation"),
        ("never saw", "absolute"),
    ]
    # a body is not a container: the rule's date stays the rule's call
    assert found(text, Scripted(dict.fromkeys(words, "organisation"))) == alone


def test_quoted_words_are_taken_from_the_tagger_as_the_conventions_say() -> None:
    words = ("approved", "in", "every", "EU", "country")
    material = 'Your leaflet could say: "approved in every EU country".'
    said = 'The minister said it was "approved in every EU country".'

    def learned(text: str, kind: str) -> list[tuple[str, str]]:
        model = Scripted(dict.fromkeys(words, kind))
        return [(text[c.start : c.end], c.kind) for c in tagger.find(text, model)]

    assert learned(material, "quote") == []  # offered as material: no one's words
    assert learned(said, "quote") == [("approved in every EU country", "quote")]
    assert learned(material, "absolute") == []  # sweeping words in material are no claim
    assert learned(said, "absolute") == []  # in someone's words they go with the quote
    assert found(material) == []


def test_a_body_the_tagger_adds_does_not_silence_the_no_source_note() -> None:
    text = "Average pay at Quillmere rose 12% last year."
    assert not [c for c in extract_claims(text, Scripted({})) if c.kind == "organisation"]
    claims = extract_claims(text, Scripted({"Quillmere": "organisation"}))
    assert ("Quillmere", "organisation") in [(c.text, c.kind) for c in claims]
    assert needs_source_note(claims)


def test_with_no_model_installed_the_rules_answer_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    text = "ひかり労働研究会のレポートでは、残業は減っていません。"
    monkeypatch.setattr(tagger, "MODEL", "missing.crf")
    result: list[Any] = []
    worker = threading.Thread(target=lambda: result.append(found(text)))  # a fresh thread's model
    worker.start()
    worker.join()
    assert result == [rules(text)]


def test_threads_each_tag_with_their_own_model() -> None:
    texts = [
        "ひかり労働研究会のレポートでは、残業は減っていません。",
        "According to Marisol Quenby, a labour economist at Hartfield College, pay fell.",
    ] * 4
    alone = [found(t) for t in texts]
    together: dict[int, Any] = {}

    def work(i: int) -> None:
        for _ in range(20):
            together.setdefault(i, set()).add(repr(found(texts[i])))

    workers = [threading.Thread(target=work, args=(i,)) for i in range(len(texts))]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    assert [together[i] for i in range(len(texts))] == [{repr(a)} for a in alone]


def test_a_supposed_remark_is_no_quote_even_with_its_closing_bracket() -> None:
    text = "上司が「今月は休まないでほしい」と言っても、年休は取れます。"
    words = [t.surface for t in tagger.tokens(text)]
    inside = words[words.index("「") + 1 : words.index("」") + 1]  # the closing bracket too
    inside = [w for w in inside if words.count(w) == 1]
    assert len(inside) > 3
    assert list(tagger.find(text, Scripted(dict.fromkeys(inside, "quote")))) == []


def test_whichever_office_is_the_members_is_a_kind_even_where_the_tagger_starts_late() -> None:
    text = "詳しくは最寄りの Labor Standards Inspection Office に相談してください。"
    late = Scripted(dict.fromkeys(("Standards", "Inspection", "Office"), "organisation"))
    assert list(tagger.find(text, late)) == []
    named = "詳しくは Tamagawa Labor Standards Inspection Office に相談してください。"
    learned = [named[c.start : c.end] for c in tagger.find(named, late)]
    assert learned == ["Standards Inspection Office"]
