"""Every button a member can press, as a small typed value with one wire format.

A button carries its action as a short string (`kind:arguments`, within Slack's 2,000-character
value and Teams' card data). Core builds and reads them only here, so a new button is one class.

A button shown to a learner is also stamped with whom it was offered to and which offer it
belongs to (`kind:arguments|owner.offer`), so that a press by someone else, a second press and
a press on a stale message can be told apart from a valid one (see `core/presses.py`).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass, fields
from typing import ClassVar, Literal, Self, get_args, get_origin, get_type_hints

Locale = Literal["ja", "en"]
RATING_KINDS = ("lesson", "answer")
THUMBS = {"1": 1, "-1": -1}  # 👍 / 👎 on a lesson or an answer
PULSE = {str(n): n for n in range(1, 6)}
MAX_TARGET = 80  # characters of a rated lesson's or answer's id


def _split(rest: str, count: int, wide: int | None) -> list[str] | None:
    """`rest` cut at `:` into `count` arguments, or None when it has another number of them;
    argument number `wide` (if not None) may hold `:` itself and takes what the others leave."""
    parts = rest.split(":")
    if wide is None or len(parts) < count:
        return parts if len(parts) == count else None
    tail = len(parts) - (count - 1 - wide)
    return [*parts[:wide], ":".join(parts[wide:tail]), *parts[tail:]]


_NUMBER = re.compile(r"[0-9]{1,18}")  # ASCII digits only, within a database integer
_YES_NO = {"yes": True, "no": False}


def _reader(hint: object) -> Callable[[str], object | None]:
    """How an argument of a field of this type is read; its reader returns None when the text
    is not a valid value: an int is a count or an id (digits, no sign), a str is not empty, a
    bool is `yes` or `no`, a Literal is one of its values."""
    if get_origin(hint) is Literal:
        return {str(value): value for value in get_args(hint)}.get
    if hint is bool:
        return _YES_NO.get
    if hint is int:
        return lambda part: int(part) if _NUMBER.fullmatch(part) else None
    if hint is str:
        return lambda part: part or None
    raise TypeError(f"an action field cannot be a {hint!r}")


_READERS: dict[type[_Coded], tuple[Callable[[str], object | None], ...]] = {}


def _readers(cls: type[_Coded]) -> tuple[Callable[[str], object | None], ...]:
    """The readers of a class's arguments, one a field, in order (worked out once a class)."""
    if cls not in _READERS:
        hints = get_type_hints(cls)
        _READERS[cls] = tuple(_reader(hints[f.name]) for f in fields(cls))
    return _READERS[cls]


def _written(value: object) -> str:
    """An argument as it stands on the wire (a bool as `yes` / `no`)."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


@dataclass(frozen=True)
class _Coded:
    """The one wire codec every action shares: `kind:` and its fields joined by `:`, read back
    by cutting at `:` and reading each piece as its field's type says (see `_reader`)."""

    kind: ClassVar[str]
    wide: ClassVar[int | None] = None  # which argument may hold `:` (None: none)

    def encode(self) -> str:
        """The wire form."""
        return ":".join([self.kind, *(_written(getattr(self, f.name)) for f in fields(self))])

    @classmethod
    def parse(cls, rest: str) -> Self | None:
        """Read the arguments, or None if they are not valid."""
        parts = _split(rest, len(_readers(cls)), cls.wide)
        return None if parts is None else cls.build(parts)

    @classmethod
    def build(cls, parts: list[str]) -> Self | None:
        """The action from its arguments, one a field, or None if one is not a valid value of
        its field's type or `valid` refuses them together."""
        values = [read(part) for read, part in zip(_readers(cls), parts, strict=True)]
        if any(value is None for value in values):
            return None
        action = cls(*values)
        return action if action.valid() else None

    def valid(self) -> bool:
        """Rules the field types cannot say (none unless a class has some)."""
        return True


@dataclass(frozen=True)
class _Choice(_Coded):
    """What a quiz button names: the delivery (a lesson, review or test), its item, a choice."""

    delivery: int
    item: str
    key: str


# A class that adds no field inherits its dataclass methods and needs no decorator.
class Answer(_Choice):
    """A choice for a quiz item, asked in a delivery (a lesson, review or test)."""

    kind: ClassVar[str] = "ans"


@dataclass(frozen=True)
class Confidence(_Choice):
    """How sure the member was (1–4) of the choice they made, before the feedback."""

    kind: ClassVar[str] = "conf"
    level: int

    def valid(self) -> bool:
        return 1 <= self.level <= 4


@dataclass(frozen=True)
class Command(_Coded):
    """A command, as if typed (`today`, `review`, `time 7:45` …)."""

    kind: ClassVar[str] = "cmd"
    wide: ClassVar[int | None] = 0
    text: str


@dataclass(frozen=True)
class Language(_Coded):
    """The member picks a language."""

    kind: ClassVar[str] = "lang"
    locale: Locale


@dataclass(frozen=True)
class _YesNo(_Coded):
    """A yes-or-no answer to a question Manabi asked."""

    yes: bool


class Consent(_YesNo):
    """The member agrees to start (yes), or declines."""

    kind: ClassVar[str] = "consent"


class Delete(_YesNo):
    """The member confirms (yes) or cancels erasing their data."""

    kind: ClassVar[str] = "del"


@dataclass(frozen=True)
class Rate(_Coded):
    """👍 (1) / 👎 (-1) on a lesson or an answer, or a 1–5 pulse (`target` names the survey)."""

    kind: ClassVar[str] = "fb"
    wide: ClassVar[int | None] = 1
    about: str  # lesson / answer / pulse
    target: str
    rating: int

    @classmethod
    def build(cls, parts: list[str]) -> Self | None:
        """Read here: 👎 is a signed number, and which ratings are valid depends on `about`."""
        about, target, value = parts
        ratings = PULSE if about == "pulse" else THUMBS if about in RATING_KINDS else {}
        rating = ratings.get(value)
        if rating is None or not target or len(target) > MAX_TARGET:
            return None
        return cls(about, target, rating)


@dataclass(frozen=True)
class Comment(_Coded):
    """The member wants to add a comment to their rating of a lesson or an answer."""

    kind: ClassVar[str] = "fbc"
    wide: ClassVar[int | None] = 1
    about: str  # lesson / answer
    target: str

    def valid(self) -> bool:
        return self.about in RATING_KINDS and len(self.target) <= MAX_TARGET


@dataclass(frozen=True)
class AskOfficer(_Coded):
    """The member wants to ask one of their cohort's officers."""

    kind: ClassVar[str] = "officer"
    word: Literal["ask"] = "ask"  # the wire form's one argument


@dataclass(frozen=True)
class OfficerReply(_Coded):
    """An officer replies to a member's forwarded question (its number), from its message."""

    kind: ClassVar[str] = "oreply"
    question: int


MARKS = {"c": "checked", "w": "wrong", "u": "unsure"}  # wire letter -> what the member found


@dataclass(frozen=True)
class Mark(_Coded):
    """The member marks claim `claim` (its place, from 1) of their checklist number `checklist`
    as checked (c), wrong (w) or unsure (u); the claim itself is never sent back."""

    kind: ClassVar[str] = "mark"
    checklist: int
    claim: int
    mark: str  # c / w / u

    def valid(self) -> bool:
        return self.mark in MARKS and len(f"{self.checklist}{self.claim}") <= 12


Action = (
    Answer
    | Confidence
    | Command
    | Language
    | Consent
    | Delete
    | Rate
    | Comment
    | AskOfficer
    | OfficerReply
    | Mark
)
ACTIONS: tuple[type[Action], ...] = (
    Answer,
    Confidence,
    Command,
    Language,
    Consent,
    Delete,
    Rate,
    Comment,
    AskOfficer,
    OfficerReply,
    Mark,
)
_BY_KIND: dict[str, type[Action]] = {cls.kind: cls for cls in ACTIONS}


_STAMP = re.compile(r"^(?P<owner>[0-9a-f]{8})\.(?P<offer>[0-9a-z]{0,8})$")


@dataclass(frozen=True)
class Pressed:
    """A pressed button: its action, whom it was offered to and its offer (None: unstamped)."""

    action: Action
    owner: str | None = None
    offer: str | None = None  # "" for a quiz answer, whose validity is the quiz's


def owner_tag(platform: str, workspace: str, user_id: str) -> str:
    """A short tag for the member a button is offered to (compared, never reversed)."""
    who = f"{platform}\x1f{workspace}\x1f{user_id}".encode()
    return hashlib.blake2s(who, digest_size=4).hexdigest()


def stamp(value: str, owner: str, offer: str) -> str:
    """An action value stamped with its owner's tag and its offer id."""
    return f"{unstamped(value)}|{owner}.{offer}"


def unstamped(value: str) -> str:
    """The action part of a (possibly stamped) value."""
    head, bar, tail = value.rpartition("|")
    return head if bar and _STAMP.match(tail) else value


def read(value: str) -> Pressed | None:
    """Read a pressed value with its stamp; None when it is not one of ours."""
    head, bar, tail = value.rpartition("|")
    found = _STAMP.match(tail) if bar else None
    action = decode(head if found else value)
    if action is None:
        return None
    if found is None:
        return Pressed(action)
    return Pressed(action, found.group("owner"), found.group("offer"))


def decode(value: str) -> Action | None:
    """Read a button's value; None when it is not one of ours or its arguments are invalid."""
    kind, _, rest = unstamped(value).partition(":")
    cls = _BY_KIND.get(kind)
    return cls.parse(rest) if cls is not None else None


def is_answer(value: str) -> bool:
    """Whether a button value answers a quiz item (its message is replaced by the feedback)."""
    return isinstance(decode(value), Answer | Confidence)
