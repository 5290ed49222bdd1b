"""BM25 over four views of a text: character n-grams (forgive typos and unknown words), the
words a morphological analyser finds (学習 in がくしゅう), the text's reading in katakana
(はるしねーしょん finds ハルシネーション), and the readings of the lessons' words in kanji (めいぼ
finds 名簿). Lessons are ranked on their best passages and on the whole lesson read as one text."""

from __future__ import annotations

import math
import re
import unicodedata
import zlib
from array import array
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from itertools import accumulate
from typing import Final

from bot.content.model import Curriculum
from bot.core.english import stem
from bot.core.ports import Passage
from bot.core.redaction import speaks_of_giving
from bot.retrieval.analyser import Analysis, analyse
from bot.retrieval.normalise import (
    PLACEHOLDER,
    PLACEHOLDER_WORDS,
    katakana,
    normalise,
    others_data,
)
from bot.retrieval.passages import (
    MEMBER,
    MEMBER_ALSO,
    MEMBER_NONE,
    curriculum_passages,
    search_text,
    with_whole_lists,
)
from bot.retrieval.spelling import LATIN_WORD, Speller, romaji_reading
from bot.retrieval.synonyms import expand, vocabulary

K1 = 1.2
B = 0.75
MIN_COVERAGE = 0.075  # below this share of the question's weight, no lesson is a match
EXPANSION = 0.5  # the weight of a synonym the member did not write
# What a redaction mark stands for ([email] → personal data) weighs less than a synonym: in a long
# question a colleague's details are often only its setting, not what it asks about.
HINT = 0.3
# ...and less again in a long question that does not speak of giving a text to an AI (pasting,
# typing, uploading): there the details are who it is about, and its setting, not what it asks
# (a misquoting summary, a rating). Measured on the tunable sets: 0.15 from 60 to 100 characters.
SETTING_HINT = 0.15
LONG_QUESTION = 80  # characters, after redaction
# When showing a lesson, prefer its own words to a quiz about them, and both to its objectives.
DISPLAY = {"body": 1.0, "explanation": 0.8, "objectives": 0.7}
# When ranking lessons, a quiz counts for half: a lesson has more quiz passages than body ones,
# and a quiz about a mistake shares its words with questions about other things.
# A question members asked (lessons/questions.yaml) counts as much as a lesson's own `asked` for
# the lesson that answers it best, and half for the others it names. Measured by scoring each
# spent question set with the others' questions (bench/qa_members_cv.py, docs/benchmarks.md):
# 1.0 ranks better than 0.5; 1.5 ranks the left-out sets a little better still, but puts members'
# words before the lessons' own for questions worded as the lessons are (bench/qa_questions.yaml).
RANKING = {
    "body": 1.0,
    "explanation": 0.5,
    "objectives": 1.2,
    "asked": 1.0,
    MEMBER: 1.0,
    MEMBER_ALSO: 0.5,
}
# The everyday questions a lesson answers (its `asked`, and members' questions) find it, but are
# never shown.
HIDDEN = frozenset({"asked", MEMBER, MEMBER_ALSO, MEMBER_NONE})
# A lesson's score adds its best passages, each less: one that matches in several places is more
# likely to be about the question than one with a single lucky passage.
PASSAGE_WEIGHTS = (1.0, 0.5, 0.3, 0.2)
# The lesson read as one text (its body, objectives and everyday questions in one language, no
# quiz) adds this share of its own BM25 score: words spread over a lesson's paragraphs count
# together there. Measured on the tunable sets: 0.6 ranks better than 0.3, less than 0.8.
WHOLE_LESSON = 0.6
WHOLE_KINDS = frozenset({"body", "objectives", "asked"})
MEMBERS = frozenset({MEMBER, MEMBER_ALSO, MEMBER_NONE})
# A question closer to one members asked that no lesson answers than to any a lesson answers is
# about something the course does not teach: every lesson's match is this much weaker (the order
# stays). Measured by leaving each spent set out (bench/qa_members_cv.py, docs/benchmarks.md).
OFF_TOPIC = 0.5
# A lesson's coverage (0-1, what WEAK_MATCH and MIN_COVERAGE compare) is its score over the
# question's ceiling, scaled so that the thresholds keep the meaning they had when a lesson was
# scored by its best two passages (measured on the tunable question sets, docs/benchmarks.md;
# lowered with the whole lesson's larger share, so that off-topic questions stay weak matches).
NEAR_LESSON = 0.6  # a lesson scoring this share of the best one's may give more passages
COVERAGE_SCALE = 0.6
WORD = 1.0  # a dictionary word the analyser found (m:学習)
READING = 1.0  # a katakana n-gram of the reading (r:ガク): a second chance for kana
READING_SIZES = (2, 3)  # measured: 3-4 grams miss short kana words (docs/benchmarks.md)
STEM = 1.0  # an English word's stem (w:check)
# A word's whole reading (y:メイボ for 名簿): a question in kana finds the word the lessons write in
# kanji. The lessons' words give the readings; a question's reading is searched for them.
WORD_READING = 1.0
WORD_READING_SIZES = range(3, 9)  # katakana; two are too often a piece of something else
SPELLED = 0.5  # the weight of the features of a word found by its reading, spelled in kanji
TRIGRAM = 0.5  # a Latin 3-gram (che, hec): a typo's second chance
# A question whose words the lessons never use (the weather, the canteen, a bonus date) is about
# something they do not teach, however many n-grams it shares with one of them. Its coverage is
# scaled by 1 - UNKNOWN * (the share of its words' weight the lessons never use) ** 2: the same
# for every lesson, so that it changes how strong a match is, never the order of the lessons.
UNKNOWN = 0.5
SUBJECT = 0.9  # a word in this share of the lessons names what the course is about: no scaling
HIRAGANA_WORD = re.compile(r"^m:[\u3040-\u309f]+$")  # a guess of the analyser's in kana
FIELDS = ("s", "m", "r", "y")
KEY_POINT = re.compile(r"^\*\*(?:今日のポイント|Today's point)\*\*\s*[：:]\s*(.+)$", re.DOTALL)
PACKED: Final = "I"  # array type code of the postings: unsigned 32-bit
OFFSET: Final = "I"  # ...and of the offsets into the postings table
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
# Words any question may hold whatever it is about ("how do I go about it", 「確かめる方法は？」,
# 「入れても大丈夫？」, 「平気で嘘をつく」): they count for this share of their weight, so that in a
# short question they do not outweigh the one word that names the topic. Kept as written.
GENERIC = 0.2
_GENERIC_ENGLISH = (
    "go goes going went keep keeps kept stuff thing things tips tip anyway "
    "lot bit gonna wanna wat wot fine"
)
GENERIC_WORDS = re.compile(
    r"(?<![a-z0-9'])(?:"
    + "|".join(_GENERIC_ENGLISH.split())
    + r")(?![a-z0-9])|大丈夫|だいじょうぶ|平気|へいき|気をつけ|気を付け|注意点"
)


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
    """Return every feature of a text: its n-grams, its words (m:), its reading n-grams (r:) and
    the readings of its words in kanji (y:)."""
    return _features(text)[0]


def _features(text: str) -> tuple[Counter[str], Analysis]:
    """A text's features, and what the analyser found in it."""
    text = normalise(text)
    found = grams(text)
    analysis = analyse(text)
    if WORD_READING:
        for reading, _surface in analysis.word_readings:
            if len(reading) >= WORD_READING_SIZES.start:
                found[f"y:{reading}"] += 1
    if WORD:
        for word in analysis.words:
            found[f"m:{word}"] += 1
    if READING:
        for run in analysis.reading.split():
            for size in READING_SIZES:
                for i in range(len(run) - size + 1):
                    found[f"r:{run[i : i + size]}"] += 1
    return found, analysis


def _field(gram: str) -> str:
    """The view a feature belongs to: s (surface n-grams and stems), m (words), r (reading
    n-grams) or y (words' readings)."""
    return gram[0] if gram[1:2] == ":" and gram[0] in "mry" else "s"


def _weight(gram: str) -> float:
    """Kanji and katakana carry the topic; hiragana are mostly particles and endings. A gram that
    is all hiragana, or starts with one (a particle before a word: が出, か確), says little. A
    Latin 3-gram only forgives a typo: a long word has many, and they must not outweigh its stem."""
    if gram.startswith("m:"):
        return WORD
    if gram.startswith("r:"):
        return READING
    if gram.startswith("y:"):
        return WORD_READING
    if gram.startswith("w:"):
        return STEM
    if LATIN_GRAM.match(gram):
        return TRIGRAM
    if not HIRAGANA_CHAR.search(gram):
        return 1.0
    if HIRAGANA.match(gram) or HIRAGANA_CHAR.match(gram):
        return 0.3
    return 0.6  # a word and its ending: 出した, 確かめ


@dataclass(frozen=True)
class Scores:
    """What a query scored: each passage, each whole lesson (over its ceiling), and the
    passages' ceiling (the score a passage holding every word of the question would reach)."""

    passages: dict[int, float]
    ceiling: float
    lessons: dict[str, float]
    known: float = 1.0  # how much of the question is in the lessons' words (UNKNOWN)


class Postings:
    """Each feature's postings, (text number, count) pairs, in one table: a string and flat
    arrays, which load from the cache at once, where dicts of the hundred thousand features (and
    their idf) took a tenth of a second to rebuild at each start (bench/startup). The features
    are grouped by a hash of their bytes (CRC-32, the same in every process), about one to a
    bucket, so a feature is found by comparing one or two; its idf follows from its pairs."""

    def __init__(self, postings: dict[str, list[int]], texts: int) -> None:
        buckets = max(1, len(postings))
        grams = sorted(postings, key=lambda gram: (_bucket(gram, buckets), gram))
        sizes = [0] * buckets
        for gram in grams:
            sizes[_bucket(gram, buckets)] += 1
        packed = [array(PACKED, postings[gram]).tobytes() for gram in grams]
        self.texts = texts  # how many texts were indexed: BM25's N
        self._buckets = array(OFFSET, accumulate(sizes, initial=0))  # each bucket's first place
        self._grams = "".join(grams)
        self._starts = array(OFFSET, accumulate(map(len, grams), initial=0))
        self._pairs = b"".join(packed)
        self._offsets = array(OFFSET, accumulate(map(len, packed), initial=0))

    def __len__(self) -> int:
        return len(self._starts) - 1

    def __contains__(self, gram: object) -> bool:
        return isinstance(gram, str) and self._find(gram) is not None

    def _find(self, gram: str) -> int | None:
        """The place of `gram` in the table, or None."""
        bucket = _bucket(gram, len(self._buckets) - 1)
        grams, starts = self._grams, self._starts
        for place in range(self._buckets[bucket], self._buckets[bucket + 1]):
            if grams[starts[place] : starts[place + 1]] == gram:
                return place
        return None

    def pairs(self, gram: str) -> memoryview | None:
        """The (text number, count) pairs of a feature, flat, or None when no text has it."""
        place = self._find(gram)
        if place is None:
            return None
        start, end = self._offsets[place], self._offsets[place + 1]
        return memoryview(self._pairs)[start:end].cast(PACKED)

    def idf(self, gram: str) -> float | None:
        """BM25's idf of a feature, or None when no text has it."""
        pairs = self.pairs(gram)
        return None if pairs is None else _idf(len(pairs) // 2, self.texts)


def _bucket(gram: str, buckets: int) -> int:
    """A feature's bucket in a postings table."""
    return zlib.crc32(gram.encode()) % buckets


def _idf(docs: int, texts: int) -> float:
    """BM25's idf of a feature found in `docs` of `texts` texts."""
    return math.log(1 + (texts - docs + 0.5) / (docs + 0.5))


def _bm25(
    postings: dict[str, list[int]], lengths: dict[str, list[int]], total: int
) -> tuple[dict[str, list[float]], Postings]:
    """BM25's length norms per view (a text long in readings is not long in words), and the
    postings, packed for the cache on disk."""
    norms: dict[str, list[float]] = {}
    for field, sizes in lengths.items():
        average = (sum(sizes) / total if total else 0.0) or 1.0
        norms[field] = [K1 * (1 - B + B * size / average) for size in sizes]
    return norms, Postings(postings, total)


def _ceiling(weights: dict[str, float], postings: Postings) -> float:
    """The score of a text that holds each of the query's features once."""
    unseen = math.log(1 + postings.texts + 0.5)
    return sum(
        weight * (K1 + 1) * (postings.idf(gram) or unseen) for gram, weight in weights.items()
    )


def _score(
    weights: dict[str, float], norms: dict[str, list[float]], postings: Postings
) -> dict[int, float]:
    """BM25 of every text that holds one of the weighted features."""
    scores: dict[int, float] = defaultdict(float)
    for gram, weight in weights.items():
        pairs = postings.pairs(gram)
        if pairs is None:
            continue
        rarity = _idf(len(pairs) // 2, postings.texts)
        view = norms[_field(gram)]
        for number, tf in zip(pairs[::2], pairs[1::2], strict=True):
            scores[number] += weight * rarity * tf * (K1 + 1) / (tf + view[number])
    return scores


class PassageIndex:
    """An in-memory BM25 index over lesson passages, built once at start-up."""

    def __init__(self, passages: Sequence[Passage]) -> None:
        self.passages = list(passages)
        postings: dict[str, list[int]] = defaultdict(list)
        lengths: dict[str, list[int]] = {field: [] for field in FIELDS}
        self.by_lesson: dict[tuple[str, str], list[int]] = defaultdict(list)
        # The whole lessons, one text per lesson and language, counted from the same features.
        wholes: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
        spellings: Counter[tuple[str, str]] = Counter()
        english: Counter[str] = Counter()
        for number, passage in enumerate(self.passages):
            self.by_lesson[(passage.lesson_id, passage.locale)].append(number)
            text = f"{passage.lesson_title}\n{search_text(passage)}"
            counts, analysis = _features(text)
            spellings.update(analysis.word_readings)
            if passage.kind not in MEMBERS:  # members' typos are not words to correct towards
                english.update(LATIN_WORD.findall(normalise(text)))
            if passage.kind in WHOLE_KINDS:
                wholes[(passage.lesson_id, passage.locale)].update(counts)
            for field in FIELDS:
                lengths[field].append(0)
            for gram, count in counts.items():
                postings[gram] += (number, count)
                lengths[_field(gram)][number] += count
        self.norms, self.postings = _bm25(postings, lengths, len(self.passages))
        self.speller = Speller(english, STOPWORDS | vocabulary())
        self.stems = {stem(word) for word in english}  # the lessons' English, as stems
        # How the lessons most often write each reading (メイボ → 名簿), commonest spelling first.
        self.spellings: dict[str, str] = {}
        for (reading, surface), _count in spellings.most_common():
            self.spellings.setdefault(reading, surface)
        self.whole_lessons = [lesson_id for lesson_id, _locale in wholes]
        whole_postings: dict[str, list[int]] = defaultdict(list)
        whole_lengths: dict[str, list[int]] = {field: [0] * len(wholes) for field in FIELDS}
        for number, counts in enumerate(wholes.values()):
            for gram, count in counts.items():
                whole_postings[gram] += (number, count)
                whole_lengths[_field(gram)][number] += count
        self.whole_norms, self.whole_postings = _bm25(whole_postings, whole_lengths, len(wholes))

    @classmethod
    def from_curriculum(cls, curriculum: Curriculum) -> PassageIndex:
        """Build the index over every lesson in the curriculum."""
        return cls(curriculum_passages(curriculum))

    def scores(self, query: str) -> Scores:
        """Return BM25 scores by passage number and by whole lesson, and the query's ceilings."""
        # What redaction took out is a hint of the topic, weighed below a synonym (HINT).
        kinds, rest = others_data(query)
        hints = " ".join(PLACEHOLDER_WORDS[kind] for kind in dict.fromkeys(kinds))
        meant = self.as_meant(rest)
        found, analysis = _features(meant)
        # The features only the generic words give (their n-grams, readings, the grams that join
        # them to their neighbours) count for GENERIC of their weight.
        plain = GENERIC_WORDS.sub("、", meant)
        topic = features(plain) if plain != meant else found
        weights = {
            gram: _weight(gram) * min(count, 3) * (1.0 if gram in topic else GENERIC)
            for gram, count in found.items()
            if not gram.startswith("y:")
        }
        ceiling = _ceiling(weights, self.postings)
        whole_ceiling = _ceiling(weights, self.whole_postings)
        # The lessons' words found in the question's reading (めいぼ → y:メイボ): they add to the
        # score, not to the ceiling, as a second reading of what the question already says.
        readings = self._word_readings(analysis.reading)
        for gram in readings:
            weights[gram] = WORD_READING
        # ...and written as the lessons write them, they find their synonyms too.
        spelled = " ".join(self.spellings[gram[2:]] for gram in sorted(readings))
        if SPELLED:
            for gram in features(spelled):
                weights.setdefault(gram, SPELLED * _weight(gram))
        # Words the member did not use but the lessons might: they add to the score only. A word
        # written in hiragana is looked up in katakana too (こつ → コツ), as kana and romaji
        # questions write it; whole words only, not runs of kana (でまとめ holds no デマ).
        kana = " ".join(katakana(word) for word in analysis.words if HIRAGANA.match(word))
        for gram in features(expand(f"{meant} {spelled} {kana}")):
            weights.setdefault(gram, EXPANSION * _weight(gram))
        setting = len(rest) >= LONG_QUESTION and not speaks_of_giving(rest)
        hint = SETTING_HINT if setting else HINT
        for gram in features(f"{hints} {expand(hints)}"):
            weights.setdefault(gram, hint * _weight(gram))
        passages = _score(weights, self.norms, self.postings)
        wholes = _score(weights, self.whole_norms, self.whole_postings)
        by_lesson: dict[str, float] = defaultdict(float)
        for number, score in wholes.items():
            by_lesson[self.whole_lessons[number]] += score / (whole_ceiling or 1.0)
        return Scores(passages, ceiling, by_lesson, self._known(query, rest, meant, found))

    def _known(self, query: str, rest: str, meant: str, found: Counter[str]) -> float:
        """1 less UNKNOWN times the squared share of the question's words (weighed by their
        rarity) that no lesson uses. Not counted: the words of a question typed in romaji (its kana
        are), the analyser's guesses at words in hiragana, and the rest of a question holding a
        redaction mark (personal data is a topic of the course)."""
        if PLACEHOLDER.search(query):
            return 1.0
        romaji = meant != normalise(rest) and not CJK.search(rest)
        vocabulary = self.whole_postings
        unseen = math.log(1 + vocabulary.texts + 0.5)
        total = unknown = 0.0
        for gram in found:
            if gram[:2] not in ("w:", "m:") or HIRAGANA_WORD.match(gram):
                continue
            if romaji and gram.startswith("w:"):
                continue
            pairs = vocabulary.pairs(gram)
            if pairs is not None and len(pairs) // 2 >= SUBJECT * vocabulary.texts:
                return 1.0  # the course's subject (AI), in nearly every lesson
            idf = vocabulary.idf(gram)
            total += idf or unseen
            unknown += 0.0 if idf else unseen
        return 1.0 - UNKNOWN * (unknown / total) ** 2 if total else 1.0

    def as_meant(self, query: str) -> str:
        """The question with its English spelt as the lessons spell it, and, when it is typed in
        romaji, its kana after it."""
        text = normalise(query)
        kana = romaji_reading(text, self.speller.words.keys())
        if kana:
            return f"{text} {kana}"
        stems = {word for word in LATIN_WORD.findall(text) if stem(word) in self.stems}
        return self.speller.correct_text(text, stems)

    def _word_readings(self, reading: str) -> set[str]:
        """The readings of the lessons' words that occur in a question's reading."""
        found: set[str] = set()
        for run in reading.split():
            for size in WORD_READING_SIZES:
                for i in range(len(run) - size + 1):
                    gram = f"y:{run[i : i + size]}"
                    if gram in self.postings:
                        found.add(gram)
        return found

    def rank_lessons(self, query: str, limit: int) -> list[tuple[str, float, int]]:
        """Return (lesson id, coverage 0-1, best passage number) for the best lessons; the passage
        is one that may be shown."""
        return self._rank(self.scores(query), limit)

    def _rank(self, scores: Scores, limit: int) -> list[tuple[str, float, int]]:
        found: dict[str, list[tuple[float, int]]] = defaultdict(list)
        # The best scores of members' questions: one no lesson answers, and one a lesson answers.
        off_topic = on_topic = 0.0
        for number, score in scores.passages.items():
            passage = self.passages[number]
            if passage.kind == MEMBER_NONE:
                off_topic = max(off_topic, score)
                continue
            if passage.kind == MEMBER:
                on_topic = max(on_topic, score)
            found[passage.lesson_id].append((score * RANKING.get(passage.kind, 1.0), number))
        known = scores.known * (OFF_TOPIC if off_topic > on_topic else 1.0)
        ranked: list[tuple[str, float, int]] = []
        for lesson_id, hits in found.items():
            hits.sort(reverse=True)
            best = sum(weight * hit[0] for weight, hit in zip(PASSAGE_WEIGHTS, hits, strict=False))
            score = (best / scores.ceiling if scores.ceiling else 0.0) + WHOLE_LESSON * (
                scores.lessons.get(lesson_id, 0.0)
            )
            shown = next((n for _s, n in hits if self.passages[n].kind not in HIDDEN), hits[0][1])
            ranked.append((lesson_id, score * COVERAGE_SCALE, shown))
        # Ranked by score, not by coverage: coverage stops at 1 and would tie every lesson above.
        ranked.sort(key=lambda hit: (-hit[1], hit[0]))
        return [
            (lesson, min(1.0, score * known), n)
            for lesson, score, n in ranked[:limit]
            if score >= MIN_COVERAGE
        ]

    def search(self, query: str, *, locale: str, limit: int = 4) -> list[Passage]:
        """Return up to `limit` passages from the best lessons (one each first), in `locale`."""
        found = self.scores(query)
        scores = found.passages
        per_lesson: list[list[Passage]] = []
        far: list[list[Passage]] = []
        ranked = self._rank(found, limit)
        best = ranked[0][1] if ranked else 0.0
        for lesson_id, coverage, _number in ranked:
            own = [
                (self._display(n, scores), n)
                for n in self.by_lesson.get((lesson_id, locale), [])
                if self.passages[n].kind not in HIDDEN
            ]
            own.sort(key=lambda pair: (-pair[0], pair[1]))
            if not own:
                continue
            if own[0][0] == 0.0:  # matched in the other language only: start with objectives
                own.sort(key=lambda pair: self.passages[pair[1]].kind != "objectives")
            # A lesson about as good as the best may give up to `limit` passages (a definition or
            # a reason often sits further down than the lesson's summary); a lesson well behind
            # it gives one, and only after the near lessons' second passages.
            near = coverage >= best * NEAR_LESSON
            keep = own[:1] + [pair for pair in own[1 : limit if near else 1] if pair[0] > 0]
            passages = [replace(self._whole(n), score=round(coverage, 3)) for _s, n in keep]
            (per_lesson if near else far).append(passages)
        chosen: list[Passage] = []
        for depth in range(limit):  # the near lessons, one passage each at a time
            for passages in per_lesson:
                if depth < len(passages) and len(chosen) < limit:
                    chosen.append(passages[depth])
        return chosen + [passages[0] for passages in far][: limit - len(chosen)]

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
