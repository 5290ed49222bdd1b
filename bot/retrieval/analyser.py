"""Japanese morphological analysis with SudachiPy: the words of a text and how it is read."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from bot.core import japanese
from bot.retrieval.normalise import katakana

JAPANESE = re.compile(r"[\u3041-\u30ff\u3400-\u9fff\uf900-\ufaff々〆ヵヶ]")
KANJI = re.compile(r"[\u3400-\u9fff\uf900-\ufaff々]")
KATAKANA_WORD = re.compile(r"^[\u30a1-\u30ff]{3,}$")  # プロンプト: found in ぷろんぷと
# Parts of speech that carry a topic; particles, endings and symbols do not.
CONTENT = frozenset({"名詞", "動詞", "形容詞", "形状詞", "副詞"})
# Words so common in any question that they only add noise (dictionary forms).
_LIGHT_WORDS = (
    "為る 有る 居る 成る 出来る 言う 思う 良い 無い 事 物 様 為 時 方 所 中 人 的 今 其れ 此れ 何 "
    "どう 呉れる 貰う 下さる 遣る 行く 来る 見る 分かる 知る 教える 聞く 御 さん 達 等"
)
LIGHT = frozenset(_LIGHT_WORDS.split())


@dataclass(frozen=True)
class Analysis:
    """What the analyser found in a text: its content words and its reading."""

    words: tuple[str, ...]  # dictionary forms of content words: 学習, 確かめる
    reading: str  # the Japanese runs read in katakana, separated by spaces
    # each content word written in kanji, with its reading: (メイボ, 名簿)
    word_readings: tuple[tuple[str, str], ...] = ()


def _tokenizer() -> Any:
    """The shared analyser in split mode B (middle-sized words suit search)."""
    return japanese.tokenizer("B")


def analyse(text: str) -> Analysis:
    """Split a (normalised) text into words; non-Japanese text gives an empty analysis."""
    if not JAPANESE.search(text):
        return Analysis((), "")
    words: list[str] = []
    reading: list[str] = []
    word_readings: list[tuple[str, str]] = []
    for morpheme in _tokenizer().tokenize(text):
        surface = morpheme.surface()
        if not JAPANESE.search(surface):
            reading.append(" ")
            continue
        # Kana are read as written (はるしねーしょん); kanji as the dictionary reads them.
        reading.append(morpheme.reading_form() if KANJI.search(surface) else katakana(surface))
        form = morpheme.normalized_form()
        if morpheme.part_of_speech()[0] in CONTENT and form not in LIGHT and len(form) > 1:
            words.append(form)
            if KANJI.search(surface) or KATAKANA_WORD.match(surface):
                word_readings.append((morpheme.reading_form(), surface))
    return Analysis(tuple(words), " ".join("".join(reading).split()), tuple(word_readings))
