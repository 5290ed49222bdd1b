"""What the answers say around the lesson text: quiz labels, key points, the officer hint."""

from __future__ import annotations

from string import Template

WORDING: dict[str, dict[str, str]] = {
    "quiz_label": {"ja": "クイズ", "en": "Quiz"},
    "answer_label": {"ja": "正解", "en": "Answer"},
    "key_point_intro": {
        "ja": "ぴったりの答えは見つかりませんでしたが、近いレッスンの要点です。",
        "en": "I found no exact answer, but these lessons come close. Their key points:",
    },
    "ask_officer_hint": {
        "ja": "ご自身の査定・給与・勤務・契約などの個別のことは、組合の担当者に相談してください。"
        "「担当者に聞く」と送ると、名前を出さずに質問できます。",
        "en": "For your own pay, evaluation, hours or contract, ask your union officer: send "
        "`ask officer` to write to them without your name being shown.",
    },
    "uncited": {
        "ja": "この回答はどのレッスンも引用していません。内容はご自身で確かめてください。",
        "en": "This answer cites no lesson. Check what it says for yourself.",
    },
}


def say(key: str, locale: str, **values: object) -> str:
    """Return the wording `key` in `locale` (ja or en) with `$name` values filled in."""
    entry = WORDING[key]
    return Template(entry.get(locale) or entry["ja"]).substitute(
        {name: str(value) for name, value in values.items()}
    )
