"""A learner's dialog state: the one table of what Manabi is waiting for from them.

Stored as JSON on the learner row; read and written only through these types, so every state
and its fields are named in one place.
"""

from __future__ import annotations

import zlib
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

AwaitingWhat = Literal["comment", "officer", "reply", "check"]
OfferState = Literal["live", "used", "gone", "unstamped"]


@dataclass
class Quiz:
    """A quiz in progress: which delivery it belongs to and the items still to ask."""

    delivery: int
    kind: str  # lesson / review / pretest / posttest
    queue: list[str]
    total: int
    confiding: str | None = None  # the item whose "how sure were you?" is being asked

    @property
    def position(self) -> int:
        """The 1-based number of the question the learner is on."""
        return self.total - len(self.queue) + 1


@dataclass
class Awaiting:
    """Free text Manabi asked for: a comment on a rating, a question for an officer, an
    officer's reply to a member's question, or an AI answer to check (the text itself is never
    kept here)."""

    what: AwaitingWhat
    kind: str | None = None  # for a comment: lesson / answer
    id: str | None = None  # for a comment: the rated lesson or answer; for a reply: the question


@dataclass
class Offer:
    """A message's buttons that may still be pressed (once): its id, values and labels."""

    id: str
    values: list[str]  # the action values (unstamped)
    labels: list[str]
    exclusive: bool = False  # a confirmation: live only until anything else is offered


LIVE_OFFERS = 8  # messages whose buttons stay pressable; older ones are stale
LIVE_CHECKLISTS = 5  # a learner's latest checklists whose claims may still be marked
MAX_CLAIMS = 20  # claims of a checklist that get mark buttons (Slack: 50 blocks a message)
USED_OFFERS = 24  # offers remembered as used, so that a second press is known as one


@dataclass
class Dialog:
    """Everything Manabi remembers between a learner's messages."""

    choices: list[str] = field(default_factory=list)  # action values offered last
    labels: list[str] = field(default_factory=list)  # their labels, to offer them again
    quiz: Quiz | None = None
    awaiting: Awaiting | None = None
    seq: int = 0  # offers made so far (an offer's id is its number, base 36)
    offers: list[Offer] = field(default_factory=list)  # live offers, oldest first
    used: list[str] = field(default_factory=list)  # ids of offers pressed already
    marked: list[str] = field(default_factory=list)  # "checklist/claim" marked (never the text)

    @classmethod
    def from_json(cls, data: dict[str, Any] | None) -> Dialog:
        """Read the stored form; unknown or broken parts are dropped, never fatal."""
        data = data or {}
        quiz = data.get("quiz")
        awaiting = data.get("awaiting")
        seq = data.get("seq")
        return cls(
            choices=[str(v) for v in data.get("choices") or []],
            labels=[str(v) for v in data.get("labels") or []],
            quiz=_quiz(quiz) if isinstance(quiz, dict) else None,
            awaiting=_awaiting(awaiting) if isinstance(awaiting, dict) else None,
            seq=seq if isinstance(seq, int) else 0,
            offers=[o for o in map(_offer, data.get("offers") or []) if o is not None],
            used=[str(v) for v in data.get("used") or []],
            marked=[str(v) for v in data.get("marked") or []],
        )

    def to_json(self) -> dict[str, Any]:
        """The stored form (empty parts left out)."""
        out: dict[str, Any] = {}
        if self.choices:
            out["choices"] = list(self.choices)
            out["labels"] = list(self.labels)
        if self.quiz is not None:
            out["quiz"] = {k: v for k, v in asdict(self.quiz).items() if v is not None}
        if self.awaiting is not None:
            out["awaiting"] = {k: v for k, v in asdict(self.awaiting).items() if v is not None}
        if self.seq:
            out["seq"] = self.seq
        if self.offers:
            out["offers"] = [
                {k: v for k, v in asdict(offer).items() if v is not False} for offer in self.offers
            ]
        if self.used:
            out["used"] = list(self.used)
        if self.marked:
            out["marked"] = list(self.marked)
        return out

    def offer_state(self, offer: str | None, value: str) -> OfferState:
        """Whether a button (`value`, unstamped) of an offer is live, was pressed already, or
        is gone: its offer expired or another of its buttons was used (None: not stamped)."""
        if offer is None:
            return "unstamped"
        if _used(offer, value) in self.used:
            return "used"
        return "live" if any(o.id == offer for o in self.offers) else "gone"

    def find_offer(self, offer: str | None) -> Offer | None:
        """A live offer by id."""
        return next((o for o in self.offers if o.id == offer), None)

    def use_offer(self, offer: str, value: str) -> None:
        """Mark an offer as used by pressing `value`: none of its buttons works again."""
        self.offers = [o for o in self.offers if o.id != offer]
        self.used = [*self.used, _used(offer, value)][-USED_OFFERS:]

    def add_offer(self, values: list[str], labels: list[str], *, exclusive: bool) -> str:
        """Make a new offer; an exclusive one (a confirmation) dies with the next offer."""
        self.seq += 1
        offer_id = _base36(self.seq)
        live = [o for o in self.offers if not o.exclusive]
        self.offers = [*live, Offer(offer_id, values, labels, exclusive)][-LIVE_OFFERS:]
        return offer_id

    def keep_offers(self, other: Dialog) -> Dialog:
        """This dialog with `other`'s offers (a fresh start keeps what was offered and used)."""
        self.seq, self.offers, self.used = other.seq, other.offers, other.used
        self.marked = other.marked
        return self


def _quiz(data: dict[str, Any]) -> Quiz | None:
    try:
        return Quiz(
            delivery=int(data["delivery"]),
            kind=str(data["kind"]),
            queue=[str(item) for item in data["queue"]],
            total=int(data["total"]),
            confiding=str(data["confiding"]) if data.get("confiding") else None,
        )
    except (KeyError, TypeError, ValueError):
        return None


def _awaiting(data: dict[str, Any]) -> Awaiting | None:
    what = data.get("what")
    if what not in ("comment", "officer", "reply", "check"):
        return None
    return Awaiting(what, data.get("kind"), data.get("id"))


def _used(offer: str, value: str) -> str:
    """How a used button is remembered: its offer and a short checksum of its value."""
    return f"{offer}/{zlib.crc32(value.encode()):08x}"


def _offer(data: Any) -> Offer | None:
    if not isinstance(data, dict):
        return None
    try:
        return Offer(
            id=str(data["id"]),
            values=[str(v) for v in data["values"]],
            labels=[str(v) for v in data["labels"]],
            exclusive=bool(data.get("exclusive")),
        )
    except (KeyError, TypeError):
        return None


def _base36(n: int) -> str:
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    out = ""
    while True:
        n, r = divmod(n, 36)
        out = digits[r] + out
        if n == 0:
            return out
