"""The curriculum's data model: lessons, quiz items, sources and assessments."""

from __future__ import annotations

import hashlib
from datetime import date
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, StringConstraints, field_validator

Locale = Literal["ja", "en"]
LOCALES: tuple[Locale, ...] = ("ja", "en")

Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(?:[-.][a-z0-9]+)*$", max_length=64)]
NonEmpty = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
HttpsUrl = Annotated[str, StringConstraints(pattern=r"^https://\S+$")]
Difficulty = Literal["easy", "medium", "hard"]


class Strict(BaseModel):
    """A model that rejects unknown keys, so a typo in a lesson file is an error."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Text(Strict):
    """One text in both languages, side by side."""

    ja: NonEmpty
    en: NonEmpty

    def get(self, locale: str) -> str:
        """Return the text in `locale`, falling back to Japanese."""
        return self.en if locale == "en" else self.ja


ShortJa = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=40)]
ShortEn = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=80)]


class AskedAs(Text):
    """A short, everyday way a member asks about what a lesson covers, in both languages."""

    ja: ShortJa
    en: ShortEn


class ItemType(StrEnum):
    """The kinds of quiz item."""

    CHOICE = "choice"
    TRUE_FALSE = "true_false"
    SPOT_THE_ERROR = "spot_the_error"
    REAL_OR_FABRICATED = "real_or_fabricated"
    SOURCE_FIRST = "source_first"
    SAFE_TO_PASTE = "safe_to_paste"


# Item types whose choices are fixed by the type; their answer is one of these keys.
FIXED_CHOICES: dict[ItemType, dict[str, Text]] = {
    ItemType.TRUE_FALSE: {
        "true": Text(ja="正しい", en="True"),
        "false": Text(ja="誤り", en="False"),
    },
    ItemType.REAL_OR_FABRICATED: {
        "real": Text(ja="実在する", en="Real"),
        "fabricated": Text(ja="でっち上げ", en="Fabricated"),
    },
    ItemType.SAFE_TO_PASTE: {
        "safe": Text(ja="そのまま貼ってよい", en="Safe to paste as is"),
        "redact": Text(ja="消してから貼る", en="Remove details first"),
        "never": Text(ja="貼ってはいけない", en="Never paste this"),
    },
}


# Item types whose options authors write; they are shown in a per-learner order.
SHUFFLED_TYPES = frozenset({ItemType.CHOICE, ItemType.SOURCE_FIRST})


class Choice(Strict):
    """One answer option of a choice or source_first item."""

    key: Annotated[str, StringConstraints(pattern=r"^[a-z]$")]
    ja: NonEmpty
    en: NonEmpty

    def text(self, locale: str) -> str:
        """Return the option's text in `locale`."""
        return self.en if locale == "en" else self.ja


class Passage(Strict):
    """An AI answer split into sentences, for spot_the_error items."""

    ja: list[NonEmpty]
    en: list[NonEmpty]


class Item(Strict):
    """One quiz item. Which fields it needs depends on its type; see `content.validate`."""

    id: Slug
    type: ItemType
    prompt: Text
    passage: Passage | None = None
    choices: list[Choice] | None = None
    answer: str | int | bool
    explanation: Text
    source: int | None = Field(default=None, ge=1, description="1-based index into sources")
    confidence: bool = False
    track: Slug | None = None  # assessments only: which track the item measures
    link: HttpsUrl | None = None  # a primary source page the learner should open to decide
    difficulty: Difficulty | None = None  # expected difficulty; required on assessment items

    @field_validator("answer", mode="before")
    @classmethod
    def _answer_scalar(cls, value: object) -> object:
        if isinstance(value, bool | int | str):
            return value
        raise ValueError("answer must be a choice key, a sentence number, or true/false")

    def answer_key(self) -> str:
        """Return the answer as the key a learner's choice is compared with."""
        if isinstance(self.answer, bool):
            return "true" if self.answer else "false"
        return str(self.answer)

    def choice_keys(self) -> list[str]:
        """Return the keys a learner can choose from, in display order."""
        if self.type in FIXED_CHOICES:
            return list(FIXED_CHOICES[self.type])
        if self.type is ItemType.SPOT_THE_ERROR and self.passage is not None:
            return [str(n) for n in range(1, len(self.passage.ja) + 1)]
        return [choice.key for choice in self.choices or []]

    def display_keys(self, seed: str) -> list[str]:
        """Return the keys in the order shown to the learner identified by `seed`.

        Options written by authors (choice, source_first) are shuffled, the same way every time
        for the same learner and item, so an answer's place in the file is no cue. Fixed
        choices and a passage's sentences keep their natural order.
        """
        keys = self.choice_keys()
        if self.type not in SHUFFLED_TYPES:
            return keys

        def rank(key: str) -> bytes:
            return hashlib.sha256(f"{seed}\x1f{self.id}\x1f{key}".encode()).digest()

        return sorted(keys, key=rank)

    def choice_label(self, key: str, locale: str) -> str:
        """Return the label shown for choice `key` in `locale`."""
        if self.type in FIXED_CHOICES:
            return FIXED_CHOICES[self.type][key].get(locale)
        if self.type is ItemType.SPOT_THE_ERROR:
            return key
        for choice in self.choices or []:
            if choice.key == key:
                return choice.text(locale)
        raise KeyError(key)


class Source(Strict):
    """A source that supports what a lesson says."""

    title: NonEmpty
    publisher: NonEmpty
    url: HttpsUrl
    supports: NonEmpty
    quote: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=400)]
    checked: date  # when someone last read the source and found the quote in it
    primary: bool = False  # law text, regulator, standards body, original study, vendor's docs


class LessonMeta(Strict):
    """The contents of a lesson.yaml."""

    id: Slug
    track: Slug
    order: int = Field(ge=1, le=99)
    minutes: int = Field(ge=2, le=5)
    level: Literal["intro", "basic", "applied"]
    title: Text
    objectives: list[Text] = Field(min_length=1, max_length=4)
    # How members ask about the lesson in their own words, when those share no word with it
    # ("can I trust this?"): the search finds the lesson by them too; they are never shown.
    asked: list[AskedAs] = Field(default_factory=list, max_length=8)
    sources: list[Source] = Field(min_length=1)
    items: list[Item] = Field(min_length=1)


class AssessmentMeta(Strict):
    """The contents of a pre-test or post-test file."""

    id: Slug
    kind: Literal["pretest", "posttest"]
    title: Text
    sources: list[Source] = Field(default_factory=list)
    items: list[Item] = Field(min_length=1)


class Track(Strict):
    """A group of lessons on one theme."""

    id: Slug
    title: Text


class Lesson(BaseModel):
    """A loaded lesson: its metadata, its bodies, and where it came from."""

    model_config = ConfigDict(frozen=True)

    meta: LessonMeta
    body: dict[str, str]
    path: str
    position: int = 0  # place in the whole course, from 0

    @property
    def id(self) -> str:
        """The lesson's stable id."""
        return self.meta.id


class MemberQuestion(Strict):
    """A question as a member asked it, in one language, with the lessons that answer it (best
    first; none for a question about something the course does not teach):
    lessons/questions.yaml. Written as redaction leaves it ([name], [phone]…)."""

    lang: Locale
    q: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=600)]
    lessons: list[Slug] = Field(max_length=3)


class Curriculum(BaseModel):
    """Every lesson, track and assessment, with look-ups by id."""

    model_config = ConfigDict(frozen=True)

    tracks: list[Track]
    lessons: list[Lesson]
    assessments: dict[str, AssessmentMeta] = Field(default_factory=dict)
    # Questions members asked, which find their lessons in search and are never shown.
    questions: list[MemberQuestion] = Field(default_factory=list)
    _items: dict[str, tuple[Item, Lesson | None]] | None = PrivateAttr(default=None)

    def lesson(self, lesson_id: str) -> Lesson | None:
        """Return the lesson with this id, if any."""
        return next((lesson for lesson in self.lessons if lesson.id == lesson_id), None)

    def item(self, item_id: str) -> tuple[Item, Lesson | None] | None:
        """Return a quiz item and its lesson (None for assessment items)."""
        return self.item_index().get(item_id)

    def item_index(self) -> dict[str, tuple[Item, Lesson | None]]:
        """Map every item id to its item and lesson."""
        if self._items is None:
            index: dict[str, tuple[Item, Lesson | None]] = {}
            for lesson in self.lessons:
                for item in lesson.meta.items:
                    index[item.id] = (item, lesson)
            for assessment in self.assessments.values():
                for item in assessment.items:
                    index.setdefault(item.id, (item, None))
            self._items = index
        return self._items

    def track(self, track_id: str) -> Track | None:
        """Return the track with this id, if any."""
        return next((track for track in self.tracks if track.id == track_id), None)
