"""The course: which lesson comes next, how a lesson is shown, and where its facts come from."""

from __future__ import annotations

from bot.content.model import Item, Lesson
from bot.core.context import Turn
from bot.core.messages import Reply, Source
from bot.storage import lessons as lesson_store


async def next_lesson(turn: Turn, done: set[str] | None = None) -> Lesson | None:
    """Return the first lesson, in course order, that the learner has not completed (`done`:
    the completed lesson ids, when the caller has loaded them)."""
    if done is None:
        done = await lesson_store.completed_lesson_ids(turn.session, learner_id=turn.learner.id)
    return next((lesson for lesson in turn.curriculum.lessons if lesson.id not in done), None)


def lesson_sources(lesson: Lesson | None, item: Item | None = None) -> tuple[Source, ...]:
    """Return the sources to show: the item's own source, else all of the lesson's."""
    if lesson is None:
        return ()
    chosen = lesson.meta.sources
    if item is not None and item.source is not None:
        chosen = [lesson.meta.sources[item.source - 1]]
    return tuple(Source(s.title, s.publisher, s.url) for s in chosen)


def lesson_reply(turn: Turn, lesson: Lesson) -> Reply:
    """Render a lesson: header, body and sources."""
    header = turn.t("lesson_header", minutes=lesson.meta.minutes)
    return Reply(
        title=lesson.meta.title.get(turn.locale),
        text=f"{header}\n\n{lesson.body[turn.locale]}",
        sources=lesson_sources(lesson),
        kind="lesson",
    )
