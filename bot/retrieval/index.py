"""BM25 over three views of a text: character n-grams (forgive typos and unknown words), the
words a morphological analyser finds (学習 in がくしゅう), and the text's reading in katakana
(はるしねーしょん finds ハルシネーション)."""

from __future__ import annotations

import math
import re
import unicodedata
from array import array
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import replace
from functools import lru_cache
from typing import Final

import snowballstemmer

from bot.content.model import Curriculum
from bot.core.ports import Passage
from bot.retrieval.analyser import analyse
from bot.retrieval.normalise import normalise
from bot.retrieval.passages import curriculum_passages, search_text, with_whole_lists
from bot.retrieval.synonyms import expand

K1 = 1.2
B = 0.75
MIN_COVERAGE = 0.075  # below this share of the question's weight, no lesson is a match
EXPANSION = 0.5  # the weight of a synonym the member did not write
# When showing a lesson, prefer its own words to a quiz about them, and both to its objectives.
DISPLAY = {"body": 1.0, "explanation": 0.8, "objectives": 0.7}
RANKING = {"body": 1.0, "explanation": 1.0, "objectives": 1.2}
SECOND_PASSAGE = 0.7  # how much a lesson's second-best passage adds to its score
WORD = 1.0  # a dictionary word the analyser found (m:学習)
READING = 1.0  # a katakana n-gram of the reading (r:ガク): a second chance for kana
READING_SIZES = (2, 3)  # measured: 3-4 grams miss short kana words (docs/benchmarks.md)
STEM = 1.0  # an English word's stem (w:check)
TRIGRAM = 0.5  # a Latin 3-gram (che, hec): a typo's second chance
FIELDS = ("s", "m", "r")
KEY_POINT = re.compile(r"^\*\*(?:今日のポイント|Today's point)\*\*\s*[：:]\s*(.+)$", re.DOTALL)
PACKED: Final = "I"  # array type code of the postings: unsigned 32-bit
LATIN = re.compile(r"[a-z0-9]+")
LATIN_GRAM = re.compile(r"^[a-z0-9_]{3}$")
CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff々〆ヵヶ]+")
HIRAGANA = re.compile(r"^[\u3040-\u309f]+$")
KANJI = re.compile(r"[\u3400-\u9fff\uf900-\ufaff々]")
HIRAGANA_CHAR = re.compile(r"[\u3040-\u309f]")
_STOPWORD_TEXT = (
    "a an the is are was were be been being am to of in on for and or i me my mine we our us you "
    "your it its this that these those do does did doing done how what why when where which who "
    "whom can could should would will shall may might must with about from as at by if there "
    "their they them so not no any some get got just really even also very much many too than "
    "then now still ever anything something everything nothing one ok okay please hi hello lol "
    "don doesn didn isn aren wasn won can't cant im ive id youre thats whats s t ll ve re d m"
)
STOPWORDS = frozenset(_STOPWORD_TEXT.split())


# Snowball (Porter 2) for English: checking, checked and checks share "check". Built in µs.
_STEMMER = snowballstemmer.stemmer("english")


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A word's English stem, remembered: the stemmer is pure Python, the lessons' words few."""
    return str(_STEMMER.stemWord(word))


def grams(text: str) -> Counter[str]:
    """Return the weighted n-grams of a text: CJK 2- and 3-grams, Latin word stems and 3-grams."""
    text = unicodedata.normalize("NFKC", text).casefold()
    found: Counter[str] = Counter()
    for word in LATIN.findall(text):
        if word in STOPWORDS or len(word) < 2:
            continue
        found[f"w:{stem(word)}"] += 1
        padded = f"_{word}_"
        for i in range(len(padded) - 2):
            found[padded[i : i + 3]] += 1
    for run in CJK.findall(text):
        for char in KANJI.findall(run):  # a word's stem: 偏る and 偏り share 偏
            found[char] += 1
        for size in (2, 3):
            for i in range(len(run) - size + 1):
                found[run[i : i + size]] += 1
    return found


def features(text: str) -> Counter[str]:
    """Return every feature of a text: its n-grams, its words (m:) and its reading n-grams (r:)."""
    text = normalise(text)
    found = grams(text)
    analysis = analyse(text)
    if WORD:
        for word in analysis.words:
            found[f"m:{word}"] += 1
    if READING:
        for run in analysis.reading.split():
            for size in READING_SIZES:
                for i in range(len(run) - size + 1):
                    found[f"r:{run[i : i + size]}"] += 1
    return found


def _field(gram: str) -> str:
    """The view a feature belongs to: s (surface n-grams and words), m (words) or r (reading)."""
    return gram[0] if gram[1:2] == ":" and gram[0] in "mr" else "s"


def _weight(gram: str) -> float:
    """Kanji and katakana carry the topic; hiragana are mostly particles and endings. A gram that
    is all hiragana, or starts with one (a particle before a word: が出, か確), says little. A
    Latin 3-gram only forgives a typo: a long word has many, and they must not outweigh its stem."""
    if gram.startswith("m:"):
        return WORD
    if gram.startswith("r:"):
        return READING
    if gram.startswith("w:"):
        return STEM
    if LATIN_GRAM.match(gram):
        return TRIGRAM
    if not HIRAGANA_CHAR.search(gram):
        return 1.0
    if HIRAGANA.match(gram) or HIRAGANA_CHAR.match(gram):
        return 0.3
    return 0.6  # a word and its ending: 出した, 確かめ


class PassageIndex:
    """An in-memory BM25 index over lesson passages, built once at start-up."""

    def __init__(self, passages: Sequence[Passage]) -> None:
        self.passages = list(passages)
        postings: dict[str, list[int]] = defaultdict(list)
        lengths: dict[str, list[int]] = {field: [] for field in FIELDS}
        self.by_lesson: dict[tuple[str, str], list[int]] = defaultdict(list)
        for number, passage in enumerate(self.passages):
            self.by_lesson[(passage.lesson_id, passage.locale)].append(number)
            counts = features(f"{passage.lesson_title}\n{search_text(passage)}")
            for field in FIELDS:
                lengths[field].append(0)
            for gram, count in counts.items():
                postings[gram] += (number, count)
                lengths[_field(gram)][number] += count
        total = len(self.passages)
        # BM25's length normalisation, per view: a passage long in readings is not long in words.
        self.norms: dict[str, list[float]] = {}
        for field, sizes in lengths.items():
            average = (sum(sizes) / total if total else 0.0) or 1.0
            self.norms[field] = [K1 * (1 - B + B * size / average) for size in sizes]
        self.idf = {
            gram: math.log(1 + (total - docs + 0.5) / (docs + 0.5))
            for gram, docs in ((gram, len(pairs) // 2) for gram, pairs in postings.items())
        }
        # (passage, count) pairs packed in bytes: the index is cached on disk, and bytes load at
        # once where a quarter of a million small tuples take most of a second (bench/startup).
        self.postings = {gram: array(PACKED, pairs).tobytes() for gram, pairs in postings.items()}

    @classmethod
    def from_curriculum(cls, curriculum: Curriculum) -> PassageIndex:
        """Build the index over every lesson in the curriculum."""
        return cls(curriculum_passages(curriculum))

    def scores(self, query: str) -> tuple[dict[int, float], float]:
        """Return BM25 scores by passage number, and the best score the query could reach."""
        scores: dict[int, float] = defaultdict(float)
        ceiling = 0.0
        weights = {gram: _weight(gram) * min(count, 3) for gram, count in features(query).items()}
        for gram, weight in weights.items():
            idf = self.idf.get(gram)
            ceiling += weight * (K1 + 1) * (idf or math.log(1 + len(self.passages) + 0.5))
        # Words the member did not use but the lessons might: they add to the score only.
        for gram in features(expand(normalise(query))):
            weights.setdefault(gram, EXPANSION * _weight(gram))
        for gram, weight in weights.items():
            idf = self.idf.get(gram)
            if idf is None:
                continue
            norms = self.norms[_field(gram)]
            pairs = memoryview(self.postings[gram]).cast(PACKED)
            for number, tf in zip(pairs[::2], pairs[1::2], strict=True):
                scores[number] += weight * idf * tf * (K1 + 1) / (tf + norms[number])
        return scores, ceiling

    def rank_lessons(self, query: str, limit: int) -> list[tuple[str, float, int]]:
        """Return (lesson id, coverage 0-1, best passage number) for the best lessons."""
        return self._rank(*self.scores(query), limit)

    def _rank(
        self, scores: dict[int, float], ceiling: float, limit: int
    ) -> list[tuple[str, float, int]]:
        found: dict[str, list[tuple[float, int]]] = defaultdict(list)
        for number, score in scores.items():
            passage = self.passages[number]
            found[passage.lesson_id].append((score * RANKING.get(passage.kind, 1.0), number))
        ranked: list[tuple[str, float, int]] = []
        for lesson_id, hits in found.items():
            hits.sort(reverse=True)
            # A lesson that matches in a second place too is more likely to be about the question.
            score = hits[0][0] + SECOND_PASSAGE * (hits[1][0] if len(hits) > 1 else 0.0)
            ranked.append((lesson_id, min(1.0, score / ceiling) if ceiling else 0.0, hits[0][1]))
        ranked.sort(key=lambda hit: (-hit[1], hit[0]))
        return [hit for hit in ranked[:limit] if hit[1] >= MIN_COVERAGE]

    def search(self, query: str, *, locale: str, limit: int = 4) -> list[Passage]:
        """Return up to `limit` passages from the best lessons (one each first), in `locale`."""
        scores, ceiling = self.scores(query)
        per_lesson: list[list[Passage]] = []
        for lesson_id, coverage, _number in self._rank(scores, ceiling, limit):
            own = [
                (self._display(n, scores), n) for n in self.by_lesson.get((lesson_id, locale), [])
            ]
            own.sort(key=lambda pair: (-pair[0], pair[1]))
            if not own:
                continue
            if own[0][0] == 0.0:  # matched in the other language only: start with objectives
                own.sort(key=lambda pair: self.passages[pair[1]].kind != "objectives")
            keep = own[:1] + [pair for pair in own[1:2] if pair[0] > 0]
            per_lesson.append([replace(self._whole(n), score=round(coverage, 3)) for _s, n in keep])
        chosen: list[Passage] = []
        for depth in range(2):
            for passages in per_lesson:
                if depth < len(passages) and len(chosen) < limit:
                    chosen.append(passages[depth])
        return chosen

    def _whole(self, number: int) -> Passage:
        """A passage with any list it announces, or opens with, made whole from its neighbours."""
        passage = self.passages[number]
        if passage.kind != "body":
            return passage
        same = self.by_lesson[(passage.lesson_id, passage.locale)]
        at = same.index(number)
        nearby = [
            self.passages[same[n]].text
            if 0 <= n < len(same) and self.passages[same[n]].kind == "body"
            else None
            for n in (at - 1, at + 1)
        ]
        return replace(passage, text=with_whole_lists(passage.text, *nearby))

    def key_point(self, lesson_id: str, *, locale: str) -> Passage | None:
        """A lesson's key point: its 「今日のポイント」 / "Today's point" paragraph, else its
        objectives."""
        numbers = self.by_lesson.get((lesson_id, locale), [])
        for number in numbers:
            passage = self.passages[number]
            for paragraph in passage.text.split("\n\n"):
                found = KEY_POINT.match(paragraph.strip())
                if passage.kind == "body" and found:
                    return replace(passage, text=found.group(1).strip(), kind="key_point")
        for number in numbers:
            if self.passages[number].kind == "objectives":
                return replace(self.passages[number], kind="key_point")
        return None

    def _display(self, number: int, scores: dict[int, float]) -> float:
        """A passage's score for showing it: a lesson's own words before its objectives list."""
        factor = DISPLAY.get(self.passages[number].kind, 1.0)
        return scores.get(number, 0.0) * factor
