"""A small synthetic v2 item bank that passes every rule, for tests to plant problems in.

The repo's own lessons change often; the rule tests build this bank in a temporary folder
instead, so that each test shows one rule catching one planted problem.
"""

from __future__ import annotations

import hashlib
import random
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.cli import main
from bot.content.loader import check_curriculum

TRACKS = ("track-one", "track-two")
LESSON_TYPES = (
    "choice",
    "source_first",
    "true_false",
    "real_or_fabricated",
    "spot_the_error",
    "safe_to_paste",
)
TF_ANSWERS = (True, False, True, False, True, False)
ROF_ANSWERS = ("real", "fabricated", "fabricated", "real", "real", "fabricated")
SAFE_ANSWERS = ("safe", "redact", "never", "safe", "redact", "never")
CHOICE_KEYS = ("a", "b", "c", "d", "b", "c")
SOURCE_FIRST_KEYS = ("d", "a", "c", "b", "a", "d")
SPOT_ANSWERS = (2, 4, 1, 3, 5, 3)  # thirds 2/2/2, first-or-last 2 of 6
FORM_TYPES = (
    ["true_false", "real_or_fabricated"] * 6
    + ["true_false", "true_false"]
    + ["choice", "spot_the_error", "source_first", "choice", "spot_the_error", "safe_to_paste"]
)  # 20 items: 8 true_false, 6 real_or_fabricated, 6 others
DIFFICULTY = ("easy", "medium", "hard")
KANA = "アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワ"
SYLLABLES = [c + v for c in "bdfgklmprstvz" for v in "aeiou"]


class Words:
    """Made-up words, the same for the same name every time; free of absolute words."""

    def __init__(self, name: str) -> None:
        self.rng = random.Random(hashlib.sha256(name.encode()).digest())

    def ja(self, chars: int) -> str:
        return "".join(self.rng.choice(KANA) for _ in range(chars))

    def en(self, words: int) -> str:
        return " ".join("".join(self.rng.choice(SYLLABLES) for _ in range(2)) for _ in range(words))


def _text(words: Words, ja: int, en: int) -> dict[str, str]:
    return {"ja": words.ja(ja), "en": words.en(en)}


def source(name: str, checked: date = date(2026, 6, 1), primary: bool = True) -> dict[str, Any]:
    """One source entry: every v2 field."""
    words = Words(name)
    return {
        "title": f"Source {name}",
        "publisher": "Ministry of Examples",
        "url": f"https://example.go.jp/{name}",
        "supports": words.en(8),
        "quote": words.en(10),
        "checked": checked,
        "primary": primary,
    }


def make_item(
    item_id: str, kind: str, answer: Any, *, track: str | None = None, n: int = 0
) -> dict[str, Any]:
    """An item of `kind` with made-up text of even length, so no option stands out."""
    words = Words(item_id)
    item: dict[str, Any] = {"id": item_id, "type": kind}
    if kind == "true_false":
        item["prompt"] = {
            "ja": f"「{words.ja(30)}」。正しいですか、誤りですか？",
            "en": f'"{words.en(8)}" True or false?',
        }
    else:
        item["prompt"] = _text(words, 30, 8)
    if kind in ("choice", "source_first"):
        item["choices"] = [{"key": key, **_text(words, 12, 5)} for key in "abcd"]
    if kind == "spot_the_error":
        item["passage"] = {
            "ja": [words.ja(20) + "。" for _ in range(5)],
            "en": [words.en(6).capitalize() + "." for _ in range(5)],
        }
        if n % 2 == 0:
            item["link"] = f"https://laws.example.go.jp/{item_id}"
    item["answer"] = answer
    item["explanation"] = _text(words, 40, 12)
    if kind != "safe_to_paste":
        item["source"] = 1
    if track is not None:
        item["track"] = track
        item["difficulty"] = DIFFICULTY[n % 3]
    return item


def _lesson(track: str, order: int, n: int, checked: date) -> dict[str, Any]:
    lesson_id = f"{track}-lesson-{order}"
    words = Words(lesson_id)
    items = []
    for kind in LESSON_TYPES:
        answer: Any = {
            "choice": CHOICE_KEYS[n],
            "source_first": SOURCE_FIRST_KEYS[n],
            "true_false": TF_ANSWERS[n],
            "real_or_fabricated": ROF_ANSWERS[n],
            "spot_the_error": SPOT_ANSWERS[n],
            "safe_to_paste": SAFE_ANSWERS[n],
        }[kind]
        items.append(make_item(f"{lesson_id}.q{len(items) + 1}", kind, answer, n=n))
    return {
        "id": lesson_id,
        "track": track,
        "order": order,
        "minutes": 3,
        "level": "basic",
        "title": _text(words, 10, 4),
        "objectives": [_text(words, 20, 6)],
        "sources": [source(lesson_id, checked), source(f"{lesson_id}-b", checked, primary=False)],
        "items": items,
    }


def _form(kind: str) -> dict[str, Any]:
    items = []
    genuine = {"true_false": [True, False] * 4, "real_or_fabricated": ["real", "fabricated"] * 3}
    keys = iter("abcd")
    spots = iter((2, 4))
    for n, item_type in enumerate(FORM_TYPES):
        if item_type in genuine:
            answer: Any = genuine[item_type].pop(0 if kind == "pretest" else -1)
        elif item_type in ("choice", "source_first"):
            answer = next(keys)
        elif item_type == "spot_the_error":
            answer = next(spots)
        else:
            answer = "redact"
        items.append(make_item(f"{kind}.q{n + 1}", item_type, answer, track=TRACKS[n % 2], n=n))
    return {
        "id": kind,
        "kind": kind,
        "title": {"ja": f"{kind} テスト", "en": f"{kind} test"},
        "sources": [source(f"{kind}-source")],
        "items": items,
    }


class _Dumper(yaml.SafeDumper):
    def ignore_aliases(self, data: Any) -> bool:
        return True


def dump(path: Path, data: Any) -> None:
    """Write YAML the way authors do: Unicode as is, keys in order, one value per line."""
    path.parent.mkdir(parents=True, exist_ok=True)
    text = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=1000)
    path.write_text(text, encoding="utf-8")


def load(path: Path) -> Any:
    """Read a YAML file of the bank."""
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def write_bank(root: Path, checked: date = date(2026, 6, 1)) -> Path:
    """Write the clean bank under `root` (2 tracks x 3 lessons, two 20-item forms)."""
    dump(root / "tracks.yaml", [{"id": t, "title": {"ja": t, "en": t}} for t in TRACKS])
    n = 0
    for track in TRACKS:
        for order in (1, 2, 3):
            folder = root / track / f"0{order}-lesson"
            dump(folder / "lesson.yaml", _lesson(track, order, n, checked))
            words = Words(f"{track}{order}body")
            (folder / "ja.md").write_text(words.ja(300) + "\n", encoding="utf-8")
            (folder / "en.md").write_text(words.en(90) + "\n", encoding="utf-8")
            n += 1
    for kind in ("pretest", "posttest"):
        dump(root / "assessments" / f"{kind}.yaml", _form(kind))
    return root


def lesson_yaml(root: Path, n: int = 0) -> Path:
    """The lesson.yaml of the n-th lesson (course order)."""
    return sorted(root.glob("*/0*-lesson/lesson.yaml"), key=lambda p: (p.parent.parent.name, p))[n]


def line_of(path: Path, needle: str, after: int = 0) -> int:
    """The 1-based number of the first line after line `after` that contains `needle`."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(n for n, text in enumerate(lines, 1) if n > after and needle in text)


@pytest.fixture
def bank(tmp_path: Path) -> Path:
    """A clean v2 bank in a temporary folder."""
    return write_bank(tmp_path / "lessons")


def test_the_synthetic_bank_passes_every_rule(
    bank: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, errors = check_curriculum(bank)
    assert [str(e) for e in errors] == []
    assert main(["lessons", "check", str(bank)]) == 0
    assert capsys.readouterr().out.startswith("ok: 6 lessons, 36 quiz items, 40 test items")


def test_the_synthetic_bank_gives_surface_cues_nothing(bank: Path) -> None:
    from bench.testwise import main as testwise

    assert testwise(["--lessons", str(bank), "--learners", "50"]) == 0
