"""Quiz questions, grading with explanations, and the queue of today's questions."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from bot.content.model import Item, ItemType, Lesson
from bot.core.actions import Answer, Confidence
from bot.core.context import Turn
from bot.core.dialog import Quiz
from bot.core.learning import reviews
from bot.core.learning.course import lesson_sources
from bot.core.messages import Choice, Reply
from bot.storage import lessons as store
from bot.storage.models import LessonDelivery


def learner_seed(learner_id: int) -> str:
    """The seed of a learner's own choice order: stable, so a resend shows the same order."""
    return f"learner:{learner_id}"


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
            action=Answer(delivery_id, item.id, key),
        )
        for key in item.display_keys(learner_seed(turn.learner.id))
    )
    return Reply(text="\n\n".join(lines), choices=choices, kind="question")


def _confidence_reply(turn: Turn, chosen: Answer) -> Reply:
    choices = tuple(
        Choice(str(n), Confidence(chosen.delivery, chosen.item, chosen.key, n)) for n in range(1, 5)
    )
    return Reply(text=turn.t("confidence_q"), choices=choices, kind="confidence")


async def start(turn: Turn, delivery: LessonDelivery, queue: list[str], kind: str) -> list[Reply]:
    """Begin a quiz of `queue` items for this delivery and ask the first question."""
    turn.set_quiz(Quiz(delivery=delivery.id, kind=kind, queue=queue, total=len(queue)))
    return await current(turn)


async def current(turn: Turn) -> list[Reply]:
    """Ask the question the learner is on, or say there is none."""
    quiz = turn.dialog.quiz
    if quiz is None or not quiz.queue:
        return [Reply(text=turn.t("no_quiz"), kind="notice")]
    found = turn.curriculum.item(quiz.queue[0])
    if found is None:  # content changed under a running quiz: skip the missing item
        quiz.queue = quiz.queue[1:]
        turn.set_quiz(quiz)
        return await current(turn)
    item, _lesson = found
    return [question_reply(turn, item, quiz.delivery, quiz.position, quiz.total, quiz.kind)]


@dataclass
class Graded:
    """What grading an answer gives: the replies, and the delivery when its quiz just ended;
    an answer that was given already (a repeat) or is not for the current quiz (stale) gives
    no replies and changes nothing."""

    replies: list[Reply] = field(default_factory=list)
    finished: LessonDelivery | None = None
    verdict: Literal["valid", "repeat", "stale"] = "valid"


async def answer(turn: Turn, action: Answer | Confidence) -> Graded:
    """Grade an answer to a question of the current quiz (once), explain it, move its review
    card, and ask the next question."""
    delivery_id, item_id, key = action.delivery, action.item, action.key
    confidence = action.level if isinstance(action, Confidence) else None
    delivery = await store.get_delivery(turn.session, delivery_id=delivery_id)
    found = turn.curriculum.item(item_id)
    if delivery is None or delivery.learner_id != turn.learner.id or found is None:
        return Graded(verdict="stale")
    item, lesson = found
    quiz = turn.dialog.quiz
    if key not in item.choice_keys():
        return Graded(verdict="stale")
    if quiz is None or quiz.delivery != delivery_id or item_id not in quiz.queue:
        attempts = await store.attempts_for_delivery(turn.session, delivery_id=delivery_id)
        answered = any(attempt.item_id == item_id for attempt in attempts)
        return Graded(verdict="repeat" if answered else "stale")
    if item.confidence and confidence is None:
        if quiz.confiding == item_id:  # a second press while "how sure?" is asked
            return Graded(verdict="repeat")
        quiz.confiding = item_id
        turn.set_quiz(quiz)
        return Graded([_confidence_reply(turn, Answer(delivery_id, item_id, key))])
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
        return Graded(verdict="repeat")
    if lesson is not None:  # test items measure learning; they are not reviewed
        await reviews.record_review(turn, item_id, correct, confidence)
    graded = await _advance(turn, delivery, item_id)
    graded.replies.insert(0, feedback_reply(turn, item, lesson, key, correct, confidence))
    return graded


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


async def _advance(turn: Turn, delivery: LessonDelivery, item_id: str) -> Graded:
    """Take the answered item off the queue: ask the next one, or say the quiz is over."""
    quiz = turn.dialog.quiz
    if quiz is None or quiz.delivery != delivery.id or item_id not in quiz.queue:
        return Graded()
    quiz.queue = [queued for queued in quiz.queue if queued != item_id]
    quiz.confiding = None
    if quiz.queue:
        turn.set_quiz(quiz)
        return Graded(await current(turn))
    turn.set_quiz(None)
    turn.offer(())
    return Graded(finished=delivery)
