"""Counts of the curriculum by track, level and item type, for authors."""

from __future__ import annotations

from collections import Counter
from typing import Any

from bot.content.model import LOCALES, Curriculum, ItemType


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
    return "\n".join(lines)
