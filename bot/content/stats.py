"""Counts of the curriculum by track, level and item type, for authors."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from bot.content.model import LOCALES, Curriculum, ItemType, Source

# What the course as a whole should reach (the curriculum's brief); stats show progress to it.
COURSE_TARGETS = {
    "lessons": 48,
    "all_items": 280,  # lesson items and test items together
    "spot_the_error": 40,
    "real_or_fabricated": 15,
    "source_first": 15,
    "safe_to_paste": 15,
    "pretest": 20,
    "posttest": 20,
}


def curriculum_stats(curriculum: Curriculum) -> dict[str, Any]:
    """Return lesson and item counts by track, level and item type (lessons and assessments)."""
    lesson_items = [item for lesson in curriculum.lessons for item in lesson.meta.items]
    test_items = [item for meta in curriculum.assessments.values() for item in meta.items]
    by_type = Counter(item.type.value for item in lesson_items)
    return {
        "lessons": len(curriculum.lessons),
        "items": len(lesson_items),
        "languages": list(LOCALES),
        "by_track": {
            track.id: {
                "lessons": sum(1 for lesson in curriculum.lessons if lesson.meta.track == track.id),
                "items": sum(
                    len(lesson.meta.items)
                    for lesson in curriculum.lessons
                    if lesson.meta.track == track.id
                ),
            }
            for track in curriculum.tracks
        },
        "by_level": dict(Counter(lesson.meta.level for lesson in curriculum.lessons)),
        "by_type": {kind.value: by_type.get(kind.value, 0) for kind in ItemType},
        "with_confidence": sum(1 for item in lesson_items if item.confidence),
        "sources": len({s.url for lesson in curriculum.lessons for s in lesson.meta.sources}),
        "assessments": {kind: len(meta.items) for kind, meta in curriculum.assessments.items()},
        "assessment_items": len(test_items),
        "all_items": len(lesson_items) + len(test_items),
        "sourcing": {
            "with_primary": sum(
                1 for lesson in curriculum.lessons if any(s.primary for s in lesson.meta.sources)
            ),
            "sources": sum(len(lesson.meta.sources) for lesson in curriculum.lessons),
            "quoted": sum(
                1 for lesson in curriculum.lessons for s in lesson.meta.sources if s.quote
            ),
        },
        "bilingual": {
            "lessons": sum(1 for lesson in curriculum.lessons if set(lesson.body) >= set(LOCALES)),
            "items": len(lesson_items),  # the schema requires ja and en for every item text
        },
        "targets": COURSE_TARGETS,
    }


def format_stats(stats: dict[str, Any]) -> str:
    """Render the stats as a short text table."""
    lines = [
        f"lessons: {stats['lessons']}   quiz items: {stats['items']}   "
        f"languages: {', '.join(stats['languages'])}   sources: {stats['sources']}",
        "",
        "by track:",
    ]
    for track, counts in stats["by_track"].items():
        lines.append(f"  {track:<24} {counts['lessons']:>3} lessons {counts['items']:>4} items")
    lines += ["", "by level:"]
    lines += [f"  {level:<24} {n:>3}" for level, n in sorted(stats["by_level"].items())]
    lines += ["", "by item type:"]
    lines += [f"  {kind:<24} {n:>4}" for kind, n in stats["by_type"].items()]
    lines.append(f"  {'(with confidence rating)':<24} {stats['with_confidence']:>4}")
    lines += ["", "assessments:"]
    lines += [f"  {kind:<24} {n:>4} items" for kind, n in stats["assessments"].items()] or [
        "  none"
    ]
    both = stats["bilingual"]
    lines += [
        "",
        f"in both languages (ja, en): {both['lessons']}/{stats['lessons']} lessons, "
        f"{both['items']}/{stats['items']} items",
        f"with a primary source: {stats['sourcing']['with_primary']}/{stats['lessons']} lessons; "
        f"sources with a quote: {stats['sourcing']['quoted']}/{stats['sourcing']['sources']}",
        "",
        "course targets:",
    ]
    counts = {
        **stats["by_type"],
        **stats["assessments"],
        "lessons": stats["lessons"],
        "items": stats["items"],
        "all_items": stats["all_items"],
    }
    for name, target in stats["targets"].items():
        have = counts.get(name, 0)
        mark = "ok" if have >= target else "below target"
        lines.append(f"  {name:<24} {have:>4} / {target:<4} {mark}")
    return "\n".join(lines)


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def _source_table(sources: list[Source]) -> list[str]:
    lines = [
        "| source | publisher | checked | primary | supports |",
        "|---|---|---|---|---|",
    ]
    for source in sources:
        lines.append(
            f"| **{_cell(source.title)}** <{source.url}> | {_cell(source.publisher)} "
            f"| {source.checked.isoformat()} | {'yes' if source.primary else ''} "
            f"| {_cell(source.supports)} |"
        )
    return [*lines, ""]


def sources_markdown(curriculum: Curriculum) -> str:
    """Render the lessons' and test forms' sources, and what each supports, as docs/sources.md."""
    lines = [
        "# Sources",
        "",
        "Every source the lessons and the pre/post tests cite, with what it supports and when",
        "it was last checked. Generated from `lessons/` by",
        "`manabi lessons sources > docs/sources.md`; a test checks that this file is current.",
        "Each source was checked to exist and to say what the lesson claims; the `quote` field",
        "of lesson.yaml holds the passage that shows it. `manabi lessons sources --stale 365`",
        "lists the sources not checked for a year.",
        "",
    ]
    for track in curriculum.tracks:
        lessons = [lesson for lesson in curriculum.lessons if lesson.meta.track == track.id]
        if not lessons:
            continue
        lines += [f"## {track.title.en} — {track.title.ja}", ""]
        for lesson in lessons:
            lines += [f"### `{lesson.id}` — {lesson.meta.title.en}", ""]
            lines += _source_table(lesson.meta.sources)
    forms = [meta for _, meta in sorted(curriculum.assessments.items()) if meta.sources]
    if forms:
        lines += ["## Pre/post tests", ""]
        for meta in forms:
            lines += [f"### `{meta.id}` — {meta.title.en}", ""]
            lines += _source_table(meta.sources)
    return "\n".join(lines).rstrip() + "\n"


@dataclass(frozen=True)
class StaleSource:
    """A source whose last check is too old, and what relies on it."""

    source: Source
    checked: date  # the oldest check among the entries that are stale
    used_by: tuple[str, ...]  # lesson ids, and "pretest"/"posttest" for the test forms


def stale_sources(curriculum: Curriculum, days: int, today: date) -> list[StaleSource]:
    """Sources last checked more than `days` days before `today`, oldest first.

    A source cited in several places is listed once, with each lesson or test form whose entry
    for it is stale (each file keeps its own `checked` date, so each needs updating).
    """
    cutoff = today - timedelta(days=days)
    cited: list[tuple[Source, str]] = [
        (source, lesson.id) for lesson in curriculum.lessons for source in lesson.meta.sources
    ]
    cited += [
        (source, kind)
        for kind, meta in sorted(curriculum.assessments.items())
        for source in meta.sources
    ]
    by_url: dict[str, list[tuple[Source, str]]] = {}
    for source, user in cited:
        if source.checked < cutoff:
            by_url.setdefault(source.url, []).append((source, user))
    found = []
    for entries in by_url.values():
        oldest = min(entries, key=lambda entry: entry[0].checked)[0]
        users = tuple(dict.fromkeys(user for _, user in entries))
        found.append(StaleSource(oldest, oldest.checked, users))
    return sorted(found, key=lambda stale: (stale.checked, stale.source.url))


def format_stale(stale: list[StaleSource], days: int, today: date) -> str:
    """Render stale sources, one per paragraph: date, age, title, URL, and who relies on it."""
    cutoff = today - timedelta(days=days)
    if not stale:
        return f"no source was last checked before {cutoff.isoformat()} ({days} days)"
    lines = [
        f"{len(stale)} source(s) last checked before {cutoff.isoformat()} "
        f"({days} days before {today.isoformat()}):",
    ]
    for entry in stale:
        age = (today - entry.checked).days
        lines += [
            "",
            f"{entry.checked.isoformat()}  ({age} days)  {entry.source.title} "
            f"({entry.source.publisher})",
            f"  {entry.source.url}",
            f"  relied on by: {', '.join(entry.used_by)}",
        ]
    return "\n".join(lines)
