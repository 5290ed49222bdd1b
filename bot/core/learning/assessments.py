"""The pre-test and post-test: two parallel forms, one before the course and one after, in an
order fixed per member (see `measurement`), taken once each so that a cohort's learning can be
measured (reports show it only in aggregate)."""

from __future__ import annotations

from bot.content.model import AssessmentMeta
from bot.core.actions import Command
from bot.core.context import Turn
from bot.core.learning import quizzes
from bot.core.learning.measurement import PHASES, form_for
from bot.core.messages import Choice, Reply
from bot.storage import lessons as store
from bot.storage.models import LessonDelivery

KINDS = PHASES


def form(turn: Turn, phase: str) -> AssessmentMeta | None:
    """The test form this learner takes in `phase` (before or after the course)."""
    return turn.curriculum.assessments.get(form_for(turn.learner.id, phase))


async def _answered(turn: Turn, kind: str) -> tuple[set[str], int]:
    """Return the ids of this phase's items the learner has answered, and how many were right."""
    meta = form(turn, kind)
    if meta is None:
        return set(), 0
    ids = {item.id for item in meta.items}
    attempts = await store.attempts_for_learner(turn.session, learner_id=turn.learner.id)
    mine = [a for a in attempts if a.item_id in ids]
    return {a.item_id for a in mine}, sum(1 for a in mine if a.correct)


async def take(turn: Turn, kind: str) -> list[Reply]:
    """Start (or continue) a test; once finished, show the score instead."""
    meta = form(turn, kind)
    if meta is None:
        return [Reply(text=turn.t("test_missing"), kind="notice")]
    quiz = turn.dialog.quiz
    if quiz is not None and quiz.kind == kind and quiz.queue:
        return await quizzes.current(turn)
    answered, right = await _answered(turn, kind)
    queue = [item.id for item in meta.items if item.id not in answered]
    if not queue:
        text = turn.t(
            "test_already_done",
            name=meta.title.get(turn.locale),
            right=right,
            total=len(meta.items),
        )
        return [Reply(text=text, kind="notice")]
    delivery = await store.get_or_create_delivery(
        turn.session,
        learner_id=turn.learner.id,
        local_date=turn.today,
        kind=kind,
        lesson_id=None,
        now=turn.now,
    )
    intro = Reply(text=turn.t(f"{kind}_intro", total=len(meta.items)), kind="notice")
    return [intro, *await quizzes.start(turn, delivery, queue, kind)]


async def finish(turn: Turn, delivery: LessonDelivery) -> list[Reply]:
    """Close a finished test: the score, and after the post-test the change since the pre-test."""
    kind = delivery.kind
    delivery.state = "completed"
    delivery.completed_at = turn.now
    meta = form(turn, kind)
    if meta is None:
        return []
    _answered_ids, right = await _answered(turn, kind)
    lines = [
        turn.t("test_done", name=meta.title.get(turn.locale), right=right, total=len(meta.items))
    ]
    if kind == "posttest" and form(turn, "pretest") is not None:
        before_ids, before = await _answered(turn, "pretest")
        if before_ids:
            lines.append(turn.t("test_gain", before=before, after=right))
    choices = (Choice(turn.t("btn_progress"), Command("progress")),)
    return [Reply(text="\n".join(lines), choices=choices, kind="done")]


async def offer_posttest(turn: Turn) -> tuple[Choice, ...]:
    """The post-test button, when the learner has not taken it yet."""
    if form(turn, "posttest") is None:
        return ()
    answered, _ = await _answered(turn, "posttest")
    return () if answered else (Choice(turn.t("btn_posttest"), Command("posttest"), "primary"),)
