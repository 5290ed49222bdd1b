"""Read a question as it was meant: English words misspelt, Japanese typed in romaji.

Both are corrected against the lessons themselves, not against a list of expected mistakes: a
misspelt English word becomes the commonest lesson word one edit away ("sorces" → "sources",
"wirte" → "write"), and a question typed in romaji is also read in kana
("kakunin" → かくにん), which the index's readings then find as 確認.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Set

LATIN_WORD = re.compile(r"[a-z]+")
JAPANESE = re.compile(r"[\u3041-\u30ff\u3400-\u9fff]")
SHORTEST = 4  # shorter words are too often another word with one letter changed (cat, car)
SUBSTITUTED = 7  # from this length a changed letter is a typo; below it, often another word

# Hepburn and the common keyboard spellings, longest first when read.
_ROMAJI = {
    "a": "あ", "i": "い", "u": "う", "e": "え", "o": "お",
    "ka": "か", "ki": "き", "ku": "く", "ke": "け", "ko": "こ",
    "sa": "さ", "shi": "し", "si": "し", "su": "す", "se": "せ", "so": "そ",
    "ta": "た", "chi": "ち", "ti": "ち", "tsu": "つ", "tu": "つ", "te": "て", "to": "と",
    "na": "な", "ni": "に", "nu": "ぬ", "ne": "ね", "no": "の",
    "ha": "は", "hi": "ひ", "fu": "ふ", "hu": "ふ", "he": "へ", "ho": "ほ",
    "ma": "ま", "mi": "み", "mu": "む", "me": "め", "mo": "も",
    "ya": "や", "yu": "ゆ", "yo": "よ",
    "ra": "ら", "ri": "り", "ru": "る", "re": "れ", "ro": "ろ",
    "wa": "わ", "wo": "を", "nn": "ん",
    "ga": "が", "gi": "ぎ", "gu": "ぐ", "ge": "げ", "go": "ご",
    "za": "ざ", "ji": "じ", "zi": "じ", "zu": "ず", "ze": "ぜ", "zo": "ぞ",
    "da": "だ", "di": "ぢ", "du": "づ", "de": "で", "do": "ど",
    "ba": "ば", "bi": "び", "bu": "ぶ", "be": "べ", "bo": "ぼ",
    "pa": "ぱ", "pi": "ぴ", "pu": "ぷ", "pe": "ぺ", "po": "ぽ",
    "kya": "きゃ", "kyu": "きゅ", "kyo": "きょ",
    "sha": "しゃ", "shu": "しゅ", "sho": "しょ", "sya": "しゃ", "syu": "しゅ", "syo": "しょ",
    "cha": "ちゃ", "chu": "ちゅ", "cho": "ちょ", "tya": "ちゃ", "tyu": "ちゅ", "tyo": "ちょ",
    "nya": "にゃ", "nyu": "にゅ", "nyo": "にょ",
    "hya": "ひゃ", "hyu": "ひゅ", "hyo": "ひょ",
    "mya": "みゃ", "myu": "みゅ", "myo": "みょ",
    "rya": "りゃ", "ryu": "りゅ", "ryo": "りょ",
    "gya": "ぎゃ", "gyu": "ぎゅ", "gyo": "ぎょ",
    "ja": "じゃ", "ju": "じゅ", "jo": "じょ", "jya": "じゃ", "jyu": "じゅ", "jyo": "じょ",
    "bya": "びゃ", "byu": "びゅ", "byo": "びょ",
    "pya": "ぴゃ", "pyu": "ぴゅ", "pyo": "ぴょ",
}  # fmt: skip
_LONGEST = max(len(key) for key in _ROMAJI)


def to_kana(word: str) -> str | None:
    """A romaji word in hiragana (kakunin → かくにん), or None if it cannot be romaji."""
    kana: list[str] = []
    at = 0
    while at < len(word):
        rest = word[at:]
        if len(rest) > 1 and rest[0] == rest[1] and rest[0] not in "aiueon":
            kana.append("っ")  # a doubled consonant: kitte → きって
            at += 1
            continue
        for size in range(min(_LONGEST, len(rest)), 0, -1):
            if rest[:size] in _ROMAJI:
                kana.append(_ROMAJI[rest[:size]])
                at += size
                break
        else:
            if rest[0] == "n":  # ん before a consonant or at the end: kakunin
                kana.append("ん")
                at += 1
                continue
            return None
    return "".join(kana)


def romaji_reading(text: str, english: Set[str]) -> str:
    """The kana of a question typed in romaji, or "" when it does not read as one: every word
    must be romaji, and at least two of them words the lessons do not use in English."""
    if JAPANESE.search(text):
        return ""
    words = [word for word in LATIN_WORD.findall(text) if word != "ai"]
    kana = [to_kana(word) for word in words]
    if not words or any(reading is None for reading in kana):
        return ""
    if sum(word not in english for word in words) < 2:
        return ""
    return " ".join(reading for reading in kana if reading)


def _deletions(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


def distance(a: str, b: str) -> int:
    """Edits between two words (insert, delete, change, swap two neighbours)."""
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        current = [i]
        for j, y in enumerate(b, 1):
            cost = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x != y))
            if i > 1 and j > 1 and x == b[j - 2] and a[i - 2] == y:
                cost = min(cost, previous2[j - 2] + 1)
            current.append(cost)
        previous2, previous = previous, current
    return previous[-1]


class Speller:
    """The lessons' English words, and the nearest of them to a word they do not use."""

    def __init__(self, words: Counter[str], known: Set[str]) -> None:
        self.words = Counter({w: n for w, n in words.items() if len(w) >= SHORTEST})
        self.known = known  # words never corrected: stopwords, the synonyms' words
        self.near: dict[str, list[str]] = {}
        for word in self.words:
            for key in _deletions(word) | {word}:
                self.near.setdefault(key, []).append(word)

    def correct(self, word: str, stems: Set[str] = frozenset()) -> str:
        """`word` if the lessons use it (or its stem), else the commonest lesson word one edit
        away that starts with the same letter. A changed letter (not a missing, extra or swapped
        one) is corrected in long words only: stuff is not staff, but minimun is minimum."""
        if len(word) < SHORTEST or word in self.words or word in self.known or word in stems:
            return word
        candidates = {c for key in _deletions(word) | {word} for c in self.near.get(key, ())}
        fitting = [
            (-self.words[c], c)
            for c in candidates
            if c[0] == word[0]
            and distance(word, c) == 1
            and (len(c) != len(word) or sorted(c) == sorted(word) or len(word) >= SUBSTITUTED)
        ]
        return min(fitting)[1] if fitting else word

    def correct_text(self, text: str, stems: Set[str] = frozenset()) -> str:
        """A folded text with every misspelt English word replaced by the lessons' spelling."""
        return LATIN_WORD.sub(lambda m: self.correct(m.group(0), stems), text)
