"""Spaced review of quiz items with FSRS: what is due, and how an answer moves a card."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from fsrs import Card, Rating, Scheduler, State

from bot.core.context import Turn
from bot.storage import lessons as store
from bot.storage.models import ReviewCard

# Learning happens once a day, so no intra-day learning steps; no fuzzing, so it is repeatable.
SCHEDULER = Scheduler(learning_steps=(), relearning_steps=(), enable_fuzzing=False)


def rating_for(correct: bool, confidence: int | None) -> Rating:
    """Turn an answer (and how sure the learner was) into an FSRS rating."""
    if not correct:
        return Rating.Again
    if confidence is None:
        return Rating.Good
    return {1: Rating.Hard, 2: Rating.Hard, 3: Rating.Good, 4: Rating.Easy}.get(
        confidence, Rating.Good
    )


def _to_card(row: ReviewCard | None) -> Card:
    if row is None:
        return Card()
    return Card(
        state=State(row.state),
        step=row.step,
        stability=row.stability,
        difficulty=row.difficulty,
        due=row.due,
        last_review=row.last_review,
    )


async def record_review(turn: Turn, item_id: str, correct: bool, confidence: int | None) -> None:
    """Move the learner's card for `item_id` according to their answer."""
    row = await store.get_card(turn.session, learner_id=turn.learner.id, item_id=item_id)
    card, _log = SCHEDULER.review_card(_to_card(row), rating_for(correct, confidence), turn.now)
    if row is None:
        row = ReviewCard(learner_id=turn.learner.id, item_id=item_id, lapses=0)
        turn.session.add(row)
    row.state = int(card.state)
    row.step = card.step
    row.stability = card.stability
    row.difficulty = card.difficulty
    row.due = card.due
    row.last_review = card.last_review
    row.lapses = (row.lapses or 0) + (0 if correct else 1)


async def introduce(turn: Turn, item_ids: list[str], known: set[str] | None = None) -> None:
    """Add items the learner has not met yet as new cards, due on the next day (`known`: the
    items the learner has cards for, when the caller has loaded them)."""
    if known is None:
        known = await store.card_item_ids(
            turn.session, learner_id=turn.learner.id, item_ids=item_ids
        )
    for item_id in item_ids:
        if item_id in known:
            continue
        turn.session.add(
            ReviewCard(
                learner_id=turn.learner.id,
                item_id=item_id,
                state=int(State.Learning),
                due=turn.now + timedelta(days=1),
                lapses=0,
            )
        )


async def due_item_ids(turn: Turn, limit: int, exclude: set[str] | None = None) -> list[str]:
    """Return ids of the learner's items due for review (known to the current curriculum)."""
    cards = await store.due_cards(
        turn.session, learner_id=turn.learner.id, now=turn.now, limit=limit + len(exclude or ())
    )
    return due_among(turn, cards, limit, exclude or set())


def due_among(turn: Turn, cards: Sequence[ReviewCard], limit: int, exclude: set[str]) -> list[str]:
    """Ids of the first `limit` of these due cards that the curriculum knows, not excluded."""
    known = turn.curriculum.item_index()
    return [c.item_id for c in cards if c.item_id in known and c.item_id not in exclude][:limit]


async def next_review_at(turn: Turn) -> datetime | None:
    """Return when the learner's next review comes due."""
    return await store.next_due(turn.session, learner_id=turn.learner.id)
