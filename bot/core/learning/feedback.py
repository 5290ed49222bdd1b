"""Feedback: 👍/👎 on lessons and answers, an optional comment, a 1–5 pulse every fifth lesson."""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.content.model import Curriculum
from bot.core.actions import AskOfficer, Comment, Rate
from bot.core.context import Turn
from bot.core.dialog import Awaiting
from bot.core.messages import Choice, Reply
from bot.core.redaction import redact
from bot.storage import feedback as store
from bot.storage import reports
from bot.storage.db import transaction
from bot.storage.lessons import find_delivery

PULSE_EVERY = 5
MAX_COMMENT = 1000


def rating_choices(kind: str, target_id: str) -> tuple[Choice, ...]:
    """👍 and 👎 buttons for a lesson or an answer (kind: lesson / answer)."""
    return (Choice("👍", Rate(kind, target_id, 1)), Choice("👎", Rate(kind, target_id, -1)))


async def follow_up(turn: Turn, replies: list[Reply]) -> list[Reply]:
    """Add feedback buttons to this turn's replies: after a lesson, and under an answer."""
    return await after_answer(turn, await after_lesson(turn, replies))


async def after_answer(turn: Turn, replies: list[Reply]) -> list[Reply]:
    """Put 👍/👎 and "ask an officer" under an answer to a question asked in this turn."""
    if not any(reply.kind == "answer" and not reply.choices for reply in replies):
        return replies
    question = await store.question_asked_at(turn.session, learner_id=turn.learner.id, at=turn.now)
    if question is None:
        return replies
    choices = (
        *rating_choices("answer", str(question)),
        Choice(turn.t("btn_ask_officer"), AskOfficer()),
    )
    return [
        replace(reply, choices=choices) if reply.kind == "answer" and not reply.choices else reply
        for reply in replies
    ]


async def after_lesson(turn: Turn, replies: list[Reply]) -> list[Reply]:
    """When a lesson was completed in this turn, add 👍/👎 to its closing summary (and every
    fifth lesson, a 1–5 pulse after it); typed numbers pick from what was shown last."""
    done_at = next((i for i, reply in enumerate(replies) if reply.kind == "done"), None)
    if done_at is None:
        return replies
    delivery = await find_delivery(
        turn.session, learner_id=turn.learner.id, local_date=turn.today, kind="lesson"
    )
    if delivery is None or delivery.completed_at != turn.now or not delivery.lesson_id:
        return replies
    summary = replies[done_at]
    choices = summary.choices + rating_choices("lesson", delivery.lesson_id)
    rated = replace(summary, text=f"{summary.text}\n\n{turn.t('feedback_ask')}", choices=choices)
    extra = []
    done = await store.completed_count(turn.session, learner_id=turn.learner.id)
    if done and done % PULSE_EVERY == 0:
        pulse = tuple(Choice(str(n), Rate("pulse", f"after-{done}", n)) for n in range(1, 6))
        extra.append(Reply(text=turn.t("pulse_question"), choices=pulse, kind="pulse"))
    return [*replies[:done_at], rated, *extra, *replies[done_at + 1 :]]


async def rate(turn: Turn, action: Rate, others: tuple[Choice, ...] = ()) -> list[Reply]:
    """Record a 👍/👎 rating or a pulse score (the action was checked when it was read); the
    rated message keeps its other buttons (`others`, e.g. "review" under a finished lesson)."""
    kind, target, rating = action.about, action.target, action.rating
    await store.record_rating(
        turn.session,
        learner_id=turn.learner.id,
        target_kind=kind,
        target_id=target,
        rating=rating,
        now=turn.now,
    )
    if kind == "pulse":
        return [
            Reply(text=turn.t("pulse_thanks"), choices=others, kind="notice", replace_original=True)
        ]
    choices = (Choice(turn.t("btn_add_comment"), Comment(kind, target)), *others)
    return [
        Reply(text=turn.t("feedback_thanks"), choices=choices, kind="notice", replace_original=True)
    ]


def start_comment(turn: Turn, action: Comment) -> list[Reply]:
    """The member pressed "add a comment": the next text they send is the comment."""
    turn.set_awaiting(Awaiting("comment", action.about, action.target))
    return [Reply(text=turn.t("feedback_comment_prompt"), kind="notice")]


async def save_comment(turn: Turn, awaiting: Awaiting, text: str) -> list[Reply]:
    """Attach the member's comment (personal data removed) to their rating."""
    cleaned = redact(text.strip()[:MAX_COMMENT]).text
    await store.add_comment(
        turn.session,
        learner_id=turn.learner.id,
        target_kind=awaiting.kind or "",
        target_id=awaiting.id or "",
        comment=cleaned,
    )
    return [Reply(text=turn.t("feedback_comment_thanks"), kind="notice")]


async def lesson_feedback_text(
    sessions: async_sessionmaker[AsyncSession], curriculum: Curriculum, *, comments: bool
) -> str:
    """Per-lesson ratings for lesson authors (no member is named), in course order."""
    async with transaction(sessions) as session:
        ratings = {row[0]: row[1:] for row in await reports.lesson_ratings(session)}
        notes = {
            lesson.id: await reports.lesson_comments(session, lesson_id=lesson.id)
            for lesson in curriculum.lessons
            if comments and lesson.id in ratings
        }
    lines = [f"{'lesson':40} {'👍':>5} {'👎':>5} {'👍%':>5} {'comments':>8}"]
    for lesson in curriculum.lessons:
        up, down, n_comments = ratings.get(lesson.id, (0, 0, 0))
        share = f"{round(100 * up / (up + down))}%" if up + down else "–"
        lines.append(f"{lesson.id:40} {up:>5} {down:>5} {share:>5} {n_comments:>8}")
        lines.extend(f"    - {note}" for note in notes.get(lesson.id, []))
    return "\n".join(lines)
