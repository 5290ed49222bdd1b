"""Channel-neutral messages: what core says, before a channel renders it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from bot.core.actions import Action


@dataclass(frozen=True)
class Source:
    """A source shown with a lesson, a feedback or an answer."""

    title: str
    publisher: str
    url: str


@dataclass(frozen=True)
class Cited:
    """A lesson an answer cites under a number, e.g. [1], and its first source's address."""

    number: int
    title: str
    url: str | None = None


@dataclass(frozen=True)
class Choice:
    """A button (or numbered option in the console) and the action it sends back."""

    label: str
    action: Action
    style: Literal["default", "primary", "danger"] = "default"
    stamp: str = ""  # "owner.offer" once offered to a learner (see core/presses.py)
    # A field the press may carry typed text from (Teams: a text box on the card, sent with
    # the button); "" for a plain button. Where there is no such field, the action asks.
    prompt: str = ""
    # Buttons about one thing among several (a claim of a checklist) share a row, shown with
    # its label; "" for the reply's own buttons.
    row: str = ""

    @property
    def value(self) -> str:
        """The action's wire form, which the platform sends back when it is pressed."""
        value = self.action.encode()
        return f"{value}|{self.stamp}" if self.stamp else value


@dataclass(frozen=True)
class Reply:
    """One message to a learner: Markdown-subset text, optional choices and sources."""

    text: str
    choices: tuple[Choice, ...] = ()
    sources: tuple[Source, ...] = ()
    kind: str = "text"  # e.g. welcome, lesson, question, feedback, progress, help, answer
    title: str | None = None
    replace_original: bool = False  # a channel may update the message whose button was pressed
    notes: tuple[str, ...] = field(default=())  # small print, e.g. "personal data removed"
    locale: str = "ja"  # the language it is written in (set by the coach)
    image: Image | None = None  # a picture sent after the text (the officers' weekly chart)
    cited: tuple[Cited, ...] = ()  # the lessons the text cites by number, e.g. [1]


@dataclass(frozen=True)
class Image:
    """A PNG picture that goes with a reply."""

    png: bytes = field(repr=False)  # kept out of reprs, so a logged reply never dumps it
    filename: str
    alt: str


@dataclass(frozen=True)
class Identity:
    """Who a message is from: a platform, a workspace in it, and a user id there. The three
    together name one learner (they are the learners table's unique key)."""

    platform: str
    workspace: str
    user_id: str


@dataclass(frozen=True)
class Inbound:
    """A message or a button press from a learner."""

    identity: Identity
    text: str | None = None
    action: str | None = None
    event_id: str | None = None  # platform event id, for deduplication
    timezone: str | None = None  # the platform's idea of the user's zone, used as a default
    locale: str | None = None
    conversation_ref: dict[str, Any] | None = None  # where to reach them later (Teams)

    def __post_init__(self) -> None:
        # Every channel builds an Inbound, so this is the one edge where control characters
        # go: PostgreSQL refuses NUL in text, and the others only ever hide or corrupt text.
        object.__setattr__(self, "text", strip_controls(self.text))
        object.__setattr__(self, "action", strip_controls(self.action))


_CONTROLS = {c: None for c in range(0x20) if chr(c) not in "\t\n\r"} | {0x7F: None}


def strip_controls(text: str | None) -> str | None:
    """The text without NUL and the other C0 control characters (tab and line breaks stay)."""
    return text.translate(_CONTROLS) if text is not None else None
