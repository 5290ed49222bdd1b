"""A few words members use for what the lessons call by another name (no dictionary needed)."""

from __future__ import annotations

import unicodedata

# Each group is one idea; a question that uses one word also searches for the others.
GROUPS: tuple[tuple[str, ...], ...] = (
    ("出典", "参考文献", "引用", "ソース", "根拠"),
    ("本物", "実在"),
    ("偽物", "でっち上げ", "実在しない", "架空"),
    ("嘘", "うそ", "ウソ", "誤り", "間違い"),
    ("確かめ", "確認", "検証", "調べ"),
    ("ハルシネーション", "作話", "もっともらしい誤り"),
    ("個人情報", "名簿", "氏名", "プライバシー"),
    ("貼", "入力", "入れ"),
    ("citation", "reference", "source"),
    ("fake", "fabricated", "invented", "made up", "does not exist"),
    ("real", "exist", "genuine"),
    ("check", "verify", "confirm"),
    ("wrong", "incorrect", "error", "mistake"),
    ("sure", "confident"),
    ("paste", "type", "input"),
)
_INDEX = {word: group for group in GROUPS for word in group}


def expand(query: str) -> str:
    """Return the other words of every group the query touches (empty if none)."""
    text = unicodedata.normalize("NFKC", query).casefold()
    extra: list[str] = []
    for word, group in _INDEX.items():
        if word in text:
            extra += [other for other in group if other != word and other not in text]
    return " ".join(dict.fromkeys(extra))
