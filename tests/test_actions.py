"""The button wire format: every action class written and read back, and malformed values
refused (never raised on)."""

from __future__ import annotations

import pytest

from bot.core.actions import (
    ACTIONS,
    Action,
    Answer,
    AskOfficer,
    Command,
    Comment,
    Confidence,
    Consent,
    Delete,
    Language,
    Mark,
    OfficerReply,
    Rate,
    decode,
    read,
    stamp,
)

# Each action as it stands on the wire: this format is in buttons already sent, so it is fixed.
WIRE: list[tuple[Action, str]] = [
    (Answer(12, "q3", "b"), "ans:12:q3:b"),
    (Confidence(12, "q3", "b", 1), "conf:12:q3:b:1"),
    (Confidence(7, "item-2", "d", 4), "conf:7:item-2:d:4"),
    (Command("today"), "cmd:today"),
    (Command("time 7:45"), "cmd:time 7:45"),  # the one argument may hold `:`
    (Language("ja"), "lang:ja"),
    (Language("en"), "lang:en"),
    (Consent(yes=True), "consent:yes"),
    (Consent(yes=False), "consent:no"),
    (Delete(yes=True), "del:yes"),
    (Delete(yes=False), "del:no"),
    (Rate("lesson", "l-01", 1), "fb:lesson:l-01:1"),
    (Rate("answer", "42", -1), "fb:answer:42:-1"),
    (Rate("pulse", "after-5", 5), "fb:pulse:after-5:5"),
    (Rate("lesson", "unit:1", 1), "fb:lesson:unit:1:1"),  # the target may hold `:`
    (Rate("answer", "x" * 80, -1), f"fb:answer:{'x' * 80}:-1"),
    (Comment("answer", "42"), "fbc:answer:42"),
    (Comment("lesson", "unit:1"), "fbc:lesson:unit:1"),
    (AskOfficer(), "officer:ask"),
    (OfficerReply(7), "oreply:7"),
    (OfficerReply(10**18 - 1), f"oreply:{'9' * 18}"),
    (Mark(3, 2, "w"), "mark:3:2:w"),
    (Mark(123456, 123456, "c"), "mark:123456:123456:c"),
    (Mark(1, 1, "u"), "mark:1:1:u"),
]


def test_every_action_class_has_a_wire_example() -> None:
    assert {type(action) for action, _ in WIRE} == set(ACTIONS)


@pytest.mark.parametrize(("action", "wire"), WIRE, ids=[wire for _, wire in WIRE])
def test_an_action_is_written_and_read_back(action: Action, wire: str) -> None:
    assert action.encode() == wire
    assert decode(wire) == action
    stamped = stamp(wire, "0123abcd", "k9")
    assert decode(stamped) == action
    pressed = read(stamped)
    assert pressed is not None and pressed.action == action
    assert (pressed.owner, pressed.offer) == ("0123abcd", "k9")


REFUSED = [
    # not ours
    "",
    "ans",
    "zzz:1",
    "ANS:1:q:b",
    # Answer: a delivery number, an item, a choice
    "ans:x:q:b",
    "ans:-1:q:b",
    "ans:²:q:b",  # a digit to str.isdigit, not to int
    "ans:١:q:b",  # not an ASCII digit
    f"ans:{'9' * 19}:q:b",  # more than a database integer holds
    "ans:1::b",
    "ans:1:q:",
    "ans:1:q",
    "ans:1:q:b:c",
    # Confidence: 1 to 4
    "conf:1:q:b:0",
    "conf:1:q:b:5",
    "conf:1:q:b:x",
    "conf:1:q:b:-1",
    "conf:x:q:b:1",
    "conf:1::b:1",
    "conf:1:q::1",
    "conf:1:q:b",
    # Command: some text
    "cmd:",
    "cmd",
    # Language: ja or en
    "lang:fr",
    "lang:",
    "lang:JA",
    "lang:ja:en",
    # yes or no
    "consent:maybe",
    "consent:",
    "consent:Yes",
    "consent:yes:no",
    "del:1",
    "del:",
    # Rate: 👍/👎 on a lesson or an answer, 1 to 5 on a pulse, a short target
    "fb:lesson:x:2",
    "fb:answer:x:0",
    "fb:pulse:x:0",
    "fb:pulse:x:6",
    "fb:pulse:x:-1",
    "fb:other:x:1",
    "fb:lesson::1",
    f"fb:lesson:{'x' * 81}:1",
    "fb:lesson:x:one",
    "fb:lesson:x:",
    "fb:lesson:x",
    # Comment: on a lesson or an answer, a short target
    "fbc:pulse:x",
    "fbc:lesson:",
    f"fbc:lesson:{'x' * 81}",
    "fbc:lesson",
    # AskOfficer: the word `ask`
    "officer:",
    "officer:tell",
    "officer:ask:now",
    "officer",
    # OfficerReply: a question number
    "oreply:",
    "oreply:x",
    "oreply:-1",
    "oreply:²",
    f"oreply:{'1' * 19}",
    "oreply:1:2",
    # Mark: checklist and claim numbers, c / w / u
    "mark:1:1:x",
    "mark:1:1:",
    "mark:a:1:c",
    "mark:1::c",
    "mark:1:²:c",
    "mark:1234567:1234567:c",  # the two numbers together longer than 12 digits
    "mark:1:1",
]


@pytest.mark.parametrize("value", REFUSED)
def test_a_malformed_value_is_refused(value: str) -> None:
    assert decode(value) is None
    assert read(value) is None
    assert read(stamp(value, "0123abcd", "k9")) is None
