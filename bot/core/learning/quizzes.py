"""Quiz questions, grading with explanations, and the queue of today's questions."""

from __future__ import annotations

from typing import Any

from bot.content.model import Item, ItemType, Lesson
from bot.core.context import Turn
from bot.core.learning import reviews
from bot.core.messages import Choice, Reply, Source
from bot.storage import lessons as store
from bot.storage.models import LessonDelivery


def lesson_sources(lesson: Lesson | None, item: Item | None = None) -> tuple[Source, ...]:
    """Return the sources to show: the item's own source, else all of the lesson's."""
    if lesson is None:
        return ()
    chosen = lesson.meta.sources
    if item is not None and item.source is not None:
        chosen = [lesson.meta.sources[item.source - 1]]
    return tuple(Source(s.title, s.publisher, s.url) for s in chosen)


def _answer_value(delivery_id: int, item_id: str, key: str) -> str:
    return f"ans:{delivery_id}:{item_id}:{key}"


def question_reply(
    turn: Turn, item: Item, delivery_id: int, n: int, total: int, kind: str
) -> Reply:
    """Render one quiz item as a question with its choices."""
    key = {"review": "review_header", "pretest": "test_header", "posttest": "test_header"}
    header = turn.t(key.get(kind, "question_header"), n=n, total=total)
    lines = [f"**{header}**", item.prompt.get(turn.locale)]
    if item.type is ItemType.SPOT_THE_ERROR and item.passage is not None:
        sentences = getattr(item.passage, turn.locale)
        lines.append("\n".join(f"{i}. {s}" for i, s in enumerate(sentences, start=1)))
        lines.append(turn.t("spot_hint"))
    choices = tuple(
        Choice(
            label=item.choice_label(key, turn.locale),
            value=_answer_value(delivery_id, item.id, key),
        )
        for key in item.choice_keys()
    )
    turn.remember_choices(choices)
    return Reply(text="\n\n".join(lines), choices=choices, kind="question")


def _confidence_reply(turn: Turn, delivery_id: int, item_id: str, key: str) -> Reply:
    choices = tuple(
        Choice(label=str(n), value=f"conf:{delivery_id}:{item_id}:{key}:{n}") for n in range(1, 5)
    )
    turn.remember_choices(choices)
    return Reply(text=turn.t("confidence_q"), choices=choices, kind="confidence")


async def start(turn: Turn, delivery: LessonDelivery, queue: list[str], kind: str) -> list[Reply]:
    """Begin a quiz of `queue` items for this delivery and ask the first question."""
    turn.set_dialog(
        quiz={"delivery": delivery.id, "kind": kind, "queue": queue, "total": len(queue)}
    )
    return await current(turn)


async def current(turn: Turn) -> list[Reply]:
    """Ask the question the learner is on, or say there is none."""
    quiz = turn.dialog().get("quiz")
    if not quiz or not quiz["queue"]:
        return [Reply(text=turn.t("no_quiz"), kind="notice")]
    found = turn.curriculum.item(quiz["queue"][0])
    if found is None:  # content changed under a running quiz: skip the missing item
        quiz["queue"] = quiz["queue"][1:]
        turn.set_dialog(quiz=quiz)
        return await current(turn)
    item, _lesson = found
    n = quiz["total"] - len(quiz["queue"]) + 1
    return [question_reply(turn, item, quiz["delivery"], n, quiz["total"], quiz["kind"])]


async def answer(
    turn: Turn, delivery_id: int, item_id: str, key: str, confidence: int | None = None
) -> list[Reply]:
    """Grade an answer (once), explain it, move its review card, and ask the next question."""
    delivery = await store.get_delivery(turn.session, delivery_id=delivery_id)
    found = turn.curriculum.item(item_id)
    if delivery is None or delivery.learner_id != turn.learner.id or found is None:
        return await current(turn)
    item, lesson = found
    if key not in item.choice_keys():
        return await current(turn)
    if item.confidence and confidence is None:
        return [_confidence_reply(turn, delivery_id, item_id, key)]
    correct = key == item.answer_key()
    fresh = await store.record_attempt(
        turn.session,
        values={
            "learner_id": turn.learner.id,
            "delivery_id": delivery_id,
            "item_id": item_id,
            "choice": key,
            "correct": correct,
            "confidence": confidence,
            "answered_at": turn.now,
        },
    )
    if not fresh:
        return [Reply(text=turn.t("already_answered"), kind="notice")]
    if lesson is not None:  # test items measure learning; they are not reviewed
        await reviews.record_review(turn, item_id, correct, confidence)
    replies = [feedback_reply(turn, item, lesson, key, correct, confidence)]
    replies.extend(await _advance(turn, delivery, item_id))
    return replies


def feedback_reply(
    turn: Turn, item: Item, lesson: Lesson | None, key: str, correct: bool, confidence: int | None
) -> Reply:
    """Say right or wrong, why, and where to check it."""
    if correct:
        verdict = turn.t("correct")
    else:
        verdict = turn.t("wrong", answer=item.choice_label(item.answer_key(), turn.locale))
    lines = [verdict, item.explanation.get(turn.locale)]
    if confidence is not None:
        if not correct and confidence >= 3:
            lines.append(turn.t("calibration_over"))
        elif correct and confidence <= 2:
            lines.append(turn.t("calibration_under"))
    return Reply(
        text="\n\n".join(lines),
        sources=lesson_sources(lesson, item),
        kind="feedback",
        replace_original=True,
    )


async def _advance(turn: Turn, delivery: LessonDelivery, item_id: str) -> list[Reply]:
    quiz: dict[str, Any] | None = turn.dialog().get("quiz")
    if not quiz or quiz["delivery"] != delivery.id or item_id not in quiz["queue"]:
        return []
    quiz["queue"] = [queued for queued in quiz["queue"] if queued != item_id]
    turn.set_dialog(quiz=quiz)
    if quiz["queue"]:
        return await current(turn)
    turn.set_dialog(quiz=None, choices=None, labels=None)
    return await finish(turn, delivery)


async def finish(turn: Turn, delivery: LessonDelivery) -> list[Reply]:
    """Close a finished lesson or review and say how it went."""
    from bot.core.learning import (
        assessments,
        lessons,
        progress,  # they import this module
    )

    attempts = await store.attempts_for_delivery(turn.session, delivery_id=delivery.id)
    right = sum(1 for a in attempts if a.correct)
    if delivery.kind == "review":
        return [Reply(text=turn.t("review_done", right=right, total=len(attempts)), kind="done")]
    if delivery.kind in assessments.KINDS:
        return await assessments.finish(turn, delivery)
    delivery.state = "completed"
    delivery.completed_at = turn.now
    await turn.session.flush()
    summary = await progress.summarise(turn)
    upcoming = await lessons.next_lesson(turn)
    if upcoming is None:
        offer = await assessments.offer_posttest(turn)
        turn.remember_choices(offer)
        return [Reply(text=turn.t("course_done"), choices=offer, kind="done")]
    choices = (
        Choice(turn.t("btn_review"), "cmd:review"),
        Choice(turn.t("btn_progress"), "cmd:progress"),
    )
    turn.remember_choices(choices)
    text = turn.t(
        "lesson_done",
        right=right,
        total=len(attempts),
        streak=summary.streak,
        next=upcoming.meta.title.get(turn.locale),
    )
    return [Reply(text=text, choices=choices, kind="done")]
