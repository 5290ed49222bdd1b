"""Load lessons/ into a Curriculum, collecting every problem with its file and line."""

from __future__ import annotations

import re
from pathlib import Path

from pydantic import ValidationError

from bot.content.itemrules import Placed, check_item_rules, check_primary_source
from bot.content.model import (
    LOCALES,
    AssessmentMeta,
    Curriculum,
    Lesson,
    LessonMeta,
    MemberQuestion,
    Track,
)
from bot.content.problems import Collector, ContentError, InvalidContent, YamlDoc
from bot.content.rules import BODY_CHARS, check_covers_tracks, check_item, check_parallel

__all__ = ["ContentError", "InvalidContent", "check_curriculum", "load_curriculum"]

LESSON_DIR = re.compile(r"^(\d{2})-[a-z0-9]+(?:-[a-z0-9]+)*$")
MARKDOWN_FORBIDDEN = [
    (re.compile(r"^\s{0,3}#"), "headings are not part of the lesson Markdown subset"),
    (re.compile(r"^\s*```"), "code blocks are not part of the lesson Markdown subset"),
    (re.compile(r"^\s*\|"), "tables are not part of the lesson Markdown subset"),
    (re.compile(r"!\["), "images are not part of the lesson Markdown subset"),
    (re.compile(r"<[a-zA-Z/][^>]*>"), "HTML is not part of the lesson Markdown subset"),
]
LINK = re.compile(r"\[([^\]]+)\]\(([^)\s]+)\)")


def load_curriculum(root: Path) -> Curriculum:
    """Load and validate the curriculum under `root`; raise InvalidContent listing every error.

    This is what the server runs at start: schema and structure. The item-writing rules
    (`bot.content.itemrules`) are for `manabi lessons check`, which authors and CI run.
    """
    curriculum, errors = check_curriculum(root, item_rules=False)
    if errors or curriculum is None:
        raise InvalidContent(errors)
    return curriculum


def check_curriculum(
    root: Path, *, item_rules: bool = True
) -> tuple[Curriculum | None, list[ContentError]]:
    """Load the curriculum under `root` and return it with every error found.

    With `item_rules` (the default, as in `manabi lessons check`), the item-writing rules run
    too: key length, answer balance, absolute words, error positions, near-duplicates, sources
    and the shape of the two test forms.
    """
    out = Collector(root)
    if not root.is_dir():
        out.add(str(root), 1, "lessons directory not found")
        return None, out.errors
    tracks = _load_tracks(root, out)
    lessons: list[Lesson] = []
    lesson_items: list[Placed] = []
    lesson_docs: list[tuple[LessonMeta, YamlDoc]] = []
    for track in tracks:
        track_dir = root / track.id
        if not track_dir.is_dir():
            continue
        for lesson_dir in sorted(p for p in track_dir.iterdir() if p.is_dir()):
            lesson = _load_lesson(lesson_dir, track, out, lesson_items, lesson_docs)
            if lesson is not None:
                lessons.append(lesson)
    known = {t.id for t in tracks} | {"assessments"}
    for child in sorted(root.iterdir()):
        if child.is_dir() and child.name not in known and not child.name.startswith((".", "_")):
            out.add(out.rel(child), 1, "folder is not a track listed in tracks.yaml")
    forms: dict[str, tuple[AssessmentMeta, YamlDoc]] = {}
    assessments = _load_assessments(root, {t.id for t in tracks}, out, forms)
    if item_rules:
        for meta, doc in lesson_docs:
            check_primary_source(meta, doc, out)
        form_items = [
            Placed(item, doc, n, meta.kind)
            for meta, doc in forms.values()
            for n, item in enumerate(meta.items)
        ]
        check_item_rules(
            out.rel(root), lesson_items, forms, form_items, out.rel(root / "assessments"), out
        )
    lessons.sort(key=lambda lesson: (_track_rank(tracks, lesson.meta.track), lesson.meta.order))
    lessons = [lesson.model_copy(update={"position": n}) for n, lesson in enumerate(lessons)]
    questions = _load_questions(root, {lesson.id for lesson in lessons}, out)
    curriculum = Curriculum(
        tracks=tracks, lessons=lessons, assessments=assessments, questions=questions
    )
    return curriculum, sorted(set(out.errors))


def _track_rank(tracks: list[Track], track_id: str) -> int:
    return next((n for n, t in enumerate(tracks) if t.id == track_id), len(tracks))


def _list_doc(path: Path, what: str, out: Collector) -> YamlDoc | None:
    """A parsed file that must hold a YAML list: None, with the error recorded, if it does not."""
    doc = out.parse(path)
    if doc is not None and not isinstance(doc.data, list):
        out.add(doc.display, 1, f"{path.name} must be a list of {what}")
        return None
    return doc


def _load_tracks(root: Path, out: Collector) -> list[Track]:
    path = root / "tracks.yaml"
    if not path.is_file():
        out.add(out.rel(path), 1, "tracks.yaml is missing")
        return []
    doc = _list_doc(path, "tracks", out)
    if doc is None:
        return []
    tracks: list[Track] = []
    seen: set[str] = set()
    for n, raw in enumerate(doc.data):
        try:
            track = Track.model_validate(raw)
        except ValidationError as exc:
            for err in exc.errors():
                out.add(doc.display, doc.line(n, *err["loc"]), f"track {n + 1}: {err['msg']}")
            continue
        if track.id in seen:
            out.add(doc.display, doc.line(n, "id"), f"duplicate track id {track.id!r}")
        seen.add(track.id)
        tracks.append(track)
    return tracks


def _load_questions(root: Path, lesson_ids: set[str], out: Collector) -> list[MemberQuestion]:
    """lessons/questions.yaml, if there is one: each question valid, each lesson it names real,
    no question twice."""
    path = root / "questions.yaml"
    doc = _list_doc(path, "questions", out) if path.is_file() else None
    if doc is None:
        return []
    questions: list[MemberQuestion] = []
    seen: set[tuple[str, str]] = set()
    for n, raw in enumerate(doc.data):
        try:
            question = MemberQuestion.model_validate(raw)
        except ValidationError as exc:
            for err in exc.errors():
                where = ".".join(str(part) for part in err["loc"]) or "entry"
                out.add(
                    doc.display,
                    doc.line(n, *err["loc"]),
                    f"question {n + 1}: {where}: {err['msg']}",
                )
            continue
        for at, lesson_id in enumerate(question.lessons):
            if lesson_id not in lesson_ids:
                out.add(doc.display, doc.line(n, "lessons", at), f"unknown lesson {lesson_id!r}")
        if (question.lang, question.q) in seen:
            out.add(doc.display, doc.line(n, "q"), "the same question twice")
        seen.add((question.lang, question.q))
        questions.append(question)
    return questions


def _load_lesson(
    lesson_dir: Path,
    track: Track,
    out: Collector,
    placed: list[Placed],
    placed_lessons: list[tuple[LessonMeta, YamlDoc]],
) -> Lesson | None:
    yaml_path = lesson_dir / "lesson.yaml"
    shown = out.rel(yaml_path)
    match = LESSON_DIR.match(lesson_dir.name)
    if not match:
        out.add(out.rel(lesson_dir), 1, "lesson folder must be named NN-slug (e.g. 01-fluent)")
    if not yaml_path.is_file():
        out.add(shown, 1, "lesson.yaml is missing")
        return None
    doc = out.parse(yaml_path)
    if doc is None:
        return None
    meta = out.validate(doc, LessonMeta)
    bodies = {loc: _load_body(lesson_dir / f"{loc}.md", out) for loc in LOCALES}
    if meta is None:
        return None
    out.note_id("lesson", meta.id, shown, doc.line("id"))
    if meta.track != track.id:
        out.add(shown, doc.line("track"), f"track {meta.track!r} but folder is in {track.id!r}")
    if match and int(match.group(1)) != meta.order:
        out.add(shown, doc.line("order"), f"order {meta.order} but folder starts {match.group(1)}")
    placed_lessons.append((meta, doc))
    for n, item in enumerate(meta.items):
        out.note_id("item", item.id, shown, doc.line("items", n, "id"))
        check_item(item, doc, ("items", n), len(meta.sources), out)
        placed.append(Placed(item, doc, n, "lessons"))
        if item.track is not None:
            out.add(shown, doc.line("items", n, "track"), "track is for assessment items only")
    if any(body is None for body in bodies.values()):
        return None
    return Lesson(meta=meta, body={k: v for k, v in bodies.items() if v}, path=str(lesson_dir))


def _load_body(path: Path, out: Collector) -> str | None:
    shown = out.rel(path)
    locale = path.stem
    if not path.is_file():
        out.add(shown, 1, f"missing {locale} translation ({path.name})")
        return None
    text = path.read_text(encoding="utf-8").strip()
    low, high = BODY_CHARS[locale]
    if len(text) < low:
        out.add(shown, 1, f"{locale} body is {len(text)} characters; at least {low} expected")
    if len(text) > high:
        out.add(shown, 1, f"{locale} body is {len(text)} characters; over the budget of {high}")
    for number, line in enumerate(text.splitlines(), start=1):
        for pattern, message in MARKDOWN_FORBIDDEN:
            if pattern.search(line):
                out.add(shown, number, message)
        for _label, url in LINK.findall(line):
            if not url.startswith("https://"):
                out.add(shown, number, f"link {url!r} must be an https URL")
    return text


def _load_assessments(
    root: Path,
    track_ids: set[str],
    out: Collector,
    docs: dict[str, tuple[AssessmentMeta, YamlDoc]],
) -> dict[str, AssessmentMeta]:
    folder = root / "assessments"
    found: dict[str, AssessmentMeta] = {}
    if not folder.is_dir():
        return found
    for path in sorted(folder.glob("*.yaml")):
        doc = out.parse(path)
        if doc is None:
            continue
        meta = out.validate(doc, AssessmentMeta)
        if meta is None:
            continue
        if meta.kind in found:
            out.add(doc.display, doc.line("kind"), f"a second {meta.kind} file")
        for n, item in enumerate(meta.items):
            out.note_id("item", item.id, doc.display, doc.line("items", n, "id"))
            check_item(item, doc, ("items", n), len(meta.sources), out)
            if item.track is None:
                out.add(doc.display, doc.line("items", n), f"item {item.id}: needs a track")
            elif item.track not in track_ids:
                out.add(
                    doc.display,
                    doc.line("items", n, "track"),
                    f"item {item.id}: unknown track {item.track!r}",
                )
        found[meta.kind] = meta
        docs.setdefault(meta.kind, (meta, doc))
        check_covers_tracks(meta, doc, track_ids, out)
    check_parallel(found, out, folder)
    return found
