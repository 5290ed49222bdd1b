"""Per-learner display order: written options are shuffled, stably; fixed ones are not."""

from __future__ import annotations

from collections import Counter
from typing import Any

from bot.content.model import Item, ItemType
from tests.test_content_bank import make_item

SEEDS = [f"learner-{n}" for n in range(200)]


def item(kind: str, answer: Any, item_id: str = "lesson.q1") -> Item:
    return Item.model_validate(make_item(item_id, kind, answer))


def test_the_same_learner_sees_the_same_order_every_time() -> None:
    choice = item("choice", "b")
    assert choice.display_keys("U123") == choice.display_keys("U123")
    assert item("choice", "b").display_keys("U123") == choice.display_keys("U123")


def test_the_order_is_fixed_across_runs() -> None:
    # sha256 of seed and item id, not Python's hash(): no PYTHONHASHSEED can change it.
    choice = item("choice", "b")
    assert choice.display_keys("U123") == ["d", "b", "a", "c"]
    assert choice.display_keys("U124") == ["d", "a", "b", "c"]


def test_different_learners_see_different_orders() -> None:
    choice = item("choice", "b")
    orders = Counter(tuple(choice.display_keys(seed)) for seed in SEEDS)
    assert len(orders) >= 20  # of the 24 orders of four options
    first = Counter(order[0] for order in orders.elements())
    assert set(first) == {"a", "b", "c", "d"}
    assert max(first.values()) < 0.4 * len(SEEDS)  # each key leads about a quarter of the time


def test_different_items_are_shuffled_independently() -> None:
    one, two = item("choice", "a", "lesson.q1"), item("choice", "a", "lesson.q2")
    same = sum(one.display_keys(seed) == two.display_keys(seed) for seed in SEEDS)
    assert same < 0.2 * len(SEEDS)


def test_every_key_is_shown_once() -> None:
    for kind in ("choice", "source_first"):
        shown = item(kind, "c")
        for seed in SEEDS[:20]:
            assert sorted(shown.display_keys(seed)) == ["a", "b", "c", "d"]
    assert item("source_first", "c").display_keys("x") != item("source_first", "c").choice_keys()


def test_fixed_choices_and_passages_keep_their_natural_order() -> None:
    for kind, answer in (
        ("true_false", True),
        ("real_or_fabricated", "real"),
        ("safe_to_paste", "redact"),
        ("spot_the_error", 3),
    ):
        fixed = item(kind, answer)
        assert fixed.type is ItemType(kind)
        for seed in SEEDS[:20]:
            assert fixed.display_keys(seed) == fixed.choice_keys()
