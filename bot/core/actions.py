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
from dataclasses import dataclass, fields
from typing import ClassVar, Literal, Self

Locale = Literal["ja", "en"]
RATING_KINDS = ("lesson", "answer")


def _split(rest: str, count: int, wide: int | None) -> list[str] | None:
    """`rest` cut at `:` into `count` arguments, or None when it has another number of them;
    argument number `wide` (if not None) may hold `:` itself and takes what the others leave."""
    parts = rest.split(":")
    if wide is None or len(parts) < count:
        return parts if len(parts) == count else None
    tail = len(parts) - (count - 1 - wide)
    return [*parts[:wide], ":".join(parts[wide:tail]), *parts[tail:]]


@dataclass(frozen=True)
class _Coded:
    """The one wire codec every action shares: `kind:` and its arguments joined by `:`, read
    back by cutting at `:` and handing the pieces to the class's own `build`."""

    kind: ClassVar[str]
    wide: ClassVar[int | None] = None  # which argument may hold `:` (None: none)

    @classmethod
    def arity(cls) -> int:
        """How many arguments the wire form has: one a field (a class may have others)."""
        return len(fields(cls))

    def args(self) -> tuple[object, ...]:
        """The arguments as written: the fields, in order (a class may write them otherwise)."""
        return tuple(getattr(self, f.name) for f in fields(self))

    def encode(self) -> str:
        """The wire form."""
        return ":".join([self.kind, *map(str, self.args())])

    @classmethod
    def parse(cls, rest: str) -> Self | None:
        """Read the arguments, or None if they are not valid."""
        parts = _split(rest, cls.arity(), cls.wide)
        return None if parts is None else cls.build(parts)

    @classmethod
    def build(cls, parts: list[str]) -> Self | None:
        """The action from its `arity` arguments, or None if they are not valid."""
        raise NotImplementedError


@dataclass(frozen=True)
class _Choice(_Coded):
    """What a quiz button names: the delivery (a lesson, review or test), its item, a choice."""

    delivery: int
    item: str
    key: str


@dataclass(frozen=True)
class Answer(_Choice):
    """A choice for a quiz item, asked in a delivery (a lesson, review or test)."""

    kind: ClassVar[str] = "ans"

    @classmethod
    def build(cls, parts: list[str]) -> Self | None:
        delivery, item, key = parts
        if not delivery.isdigit() or not item or not key:
            return None
        return cls(int(delivery), item, key)


@dataclass(frozen=True)
class Confidence(_Choice):
    """How sure the member was (1–4) of the choice they made, before the feedback."""

    kind: ClassVar[str] = "conf"
    level: int

    @classmethod
    def build(cls, parts: list[str]) -> Self | None:
        delivery, item, key, level = parts
        if not delivery.isdigit() or level not in ("1", "2", "3", "4"):
            return None
        return cls(int(delivery), item, key, int(level))


@dataclass(frozen=True)
class Command(_Coded):
    """A command, as if typed (`today`, `review`, `time 7:45` …)."""

    kind: ClassVar[str] = "cmd"
    wide: ClassVar[int | None] = 0
    text: str

    @classmethod
    def build(cls, parts: list[str]) -> Self | None:
        return cls(parts[0]) if parts[0] else None


@dataclass(frozen=True)
class Language(_Coded):
    """The member picks a language."""

    kind: ClassVar[str] = "lang"
    locale: Locale

    @classmethod
    def build(cls, parts: list[str]) -> Self | None:
        if parts[0] == "ja":
            return cls("ja")
        if parts[0] == "en":
            return cls("en")
        return None


@dataclass(frozen=True)
class _YesNo(_Coded):
    """A yes-or-no answer to a question Manabi asked."""

    yes: bool

    def args(self) -> tuple[object, ...]:
        return ("yes" if self.yes else "no",)

    @classmethod
    def build(cls, parts: list[str]) -> Self | None:
        return cls(parts[0] == "yes") if parts[0] in ("yes", "no") else None


@dataclass(frozen=True)
class Consent(_YesNo):
    """The member agrees to start (yes), or declines."""

    kind: ClassVar[str] = "consent"


@dataclass(frozen=True)
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
        about, target, value = parts
        try:
            rating = int(value)
        except ValueError:
            return None
        valid = (about in RATING_KINDS and rating in (1, -1)) or (
            about == "pulse" and 1 <= rating <= 5
        )
        if not valid or not target or len(target) > 80:
            return None
        return cls(about, target, rating)


@dataclass(frozen=True)
class Comment(_Coded):
    """The member wants to add a comment to their rating of a lesson or an answer."""

    kind: ClassVar[str] = "fbc"
    wide: ClassVar[int | None] = 1
    about: str
    target: str

    @classmethod
    def build(cls, parts: list[str]) -> Self | None:
        about, target = parts
        if about not in RATING_KINDS or not target or len(target) > 80:
            return None
        return cls(about, target)


@dataclass(frozen=True)
class AskOfficer(_Coded):
    """The member wants to ask one of their cohort's officers."""

    kind: ClassVar[str] = "officer"

    @classmethod
    def arity(cls) -> int:
        return 1  # the word `ask`

    def args(self) -> tuple[object, ...]:
        return ("ask",)

    @classmethod
    def build(cls, parts: list[str]) -> Self | None:
        return cls() if parts[0] == "ask" else None


@dataclass(frozen=True)
class OfficerReply(_Coded):
    """An officer replies to a member's forwarded question (its number), from its message."""

    kind: ClassVar[str] = "oreply"
    question: int

    @classmethod
    def build(cls, parts: list[str]) -> Self | None:
        rest = parts[0]
        return cls(int(rest)) if rest.isdigit() and len(rest) <= 18 else None


MARKS = {"c": "checked", "w": "wrong", "u": "unsure"}  # wire letter -> what the member found


@dataclass(frozen=True)
class Mark(_Coded):
    """The member marks claim `claim` (its place, from 1) of their checklist number `checklist`
    as checked (c), wrong (w) or unsure (u); the claim itself is never sent back."""

    kind: ClassVar[str] = "mark"
    checklist: int
    claim: int
    mark: str  # c / w / u

    @classmethod
    def build(cls, parts: list[str]) -> Self | None:
        checklist, claim, mark = parts
        if mark not in MARKS:
            return None
        if not (checklist.isdigit() and claim.isdigit()) or len(checklist + claim) > 12:
            return None
        return cls(int(checklist), int(claim), mark)


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
