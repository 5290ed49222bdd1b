"""Load lessons/ into a Curriculum, collecting every problem with its file and line."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from bot.content.model import (
    FIXED_CHOICES,
    LOCALES,
    AssessmentMeta,
    Curriculum,
    Item,
    ItemType,
    Lesson,
    LessonMeta,
    Track,
)

M = TypeVar("M", bound=BaseModel)

# Character budgets. A lesson body is read in 2-5 minutes (about 400-500 Japanese characters
# or 200 English words a minute); a choice must fit a Slack button label (75 characters).
BODY_CHARS = {"ja": (200, 2000), "en": (400, 5000)}
PROMPT_MAX = {"ja": 700, "en": 1400}
EXPLANATION_MAX = {"ja": 700, "en": 1400}
CHOICE_MAX = 75
SENTENCE_MAX = {"ja": 200, "en": 400}
SPOT_SENTENCES = (3, 7)
CHOICES_COUNT = (2, 5)

LESSON_DIR = re.compile(r"^(\d{2})-[a-z0-9]+(?:-[a-z0-9]+)*$")
MARKDOWN_FORBIDDEN = [
    (re.compile(r"^\s{0,3}#"), "headings are not part of the lesson Markdown subset"),
    (re.compile(r"^\s*```"), "code blocks are not part of the lesson Markdown subset"),
    (re.compile(r"^\s*\|"), "tables are not part of the lesson Markdown subset"),
    (re.compile(r"!\["), "images are not part of the lesson Markdown subset"),
    (re.compile(r"<[a-zA-Z/][^>]*>"), "HTML is not part of the lesson Markdown subset"),
]
LINK = re.compile(r"\[([^\]]+)\]\(([^)\s]+)\)")


@dataclass(frozen=True, order=True)
class ContentError:
    """One problem in the content, where it is and what is wrong."""

    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


class InvalidContent(Exception):
    """Raised when the content has errors; carries all of them."""

    def __init__(self, errors: list[ContentError]) -> None:
        super().__init__(f"{len(errors)} content error(s)")
        self.errors = errors


class _Doc:
    """A parsed YAML file that can tell the line of any value in it."""

    def __init__(self, path: Path, display: str) -> None:
        self.display = display
        text = path.read_text(encoding="utf-8")
        self.node = yaml.compose(text, Loader=yaml.SafeLoader)
        self.data: Any = yaml.safe_load(text)

    def line(self, *loc: str | int) -> int:
        """Return the 1-based line of the value at `loc`, or of its nearest parent."""
        node = self.node
        if node is None:
            return 1
        for key in loc:
            child = None
            if isinstance(node, yaml.MappingNode):
                child = next((v for k, v in node.value if k.value == key), None)
            elif isinstance(node, yaml.SequenceNode) and isinstance(key, int):
                child = node.value[key] if 0 <= key < len(node.value) else None
            if child is None:
                break
            node = child
        return node.start_mark.line + 1


class _Collector:
    """Gathers content errors across files."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.errors: list[ContentError] = []
        self.seen: dict[tuple[str, str], str] = {}

    def rel(self, path: Path) -> str:
        """Return `path` as shown in messages: relative to the working directory if possible."""
        try:
            return str(path.resolve().relative_to(Path.cwd().resolve()))
        except ValueError:
            return str(path)

    def add(self, path: str, line: int, message: str) -> None:
        """Record one error."""
        self.errors.append(ContentError(path, line, message))

    def note_id(self, kind: str, ident: str, path: str, line: int) -> None:
        """Record that `ident` is used here; an id used twice is an error."""
        where = f"{path}:{line}"
        first = self.seen.setdefault((kind, ident), where)
        if first != where:
            self.add(path, line, f"duplicate {kind} id {ident!r} (first used at {first})")

    def parse(self, path: Path) -> _Doc | None:
        """Parse a YAML file, recording a syntax error instead of raising."""
        try:
            return _Doc(path, self.rel(path))
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            line = mark.line + 1 if mark else 1
            self.add(self.rel(path), line, f"YAML syntax: {exc.problem or exc}")
        except (OSError, UnicodeDecodeError) as exc:
            self.add(self.rel(path), 1, f"cannot read file: {exc.__class__.__name__}")
        return None

    def validate(self, doc: _Doc, model: type[M]) -> M | None:
        """Validate a parsed file against `model`, recording each schema error with its line."""
        try:
            return model.model_validate(doc.data)
        except ValidationError as exc:
            for err in exc.errors():
                loc = tuple(err["loc"])
                where = ".".join(str(part) for part in loc) or "file"
                self.add(doc.display, doc.line(*loc), f"{where}: {err['msg']}")
            return None


def load_curriculum(root: Path) -> Curriculum:
    """Load and validate the curriculum under `root`; raise InvalidContent listing every error."""
    curriculum, errors = check_curriculum(root)
    if errors or curriculum is None:
        raise InvalidContent(errors)
    return curriculum


def check_curriculum(root: Path) -> tuple[Curriculum | None, list[ContentError]]:
    """Load the curriculum under `root` and return it with every error found."""
    out = _Collector(root)
    if not root.is_dir():
        out.add(str(root), 1, "lessons directory not found")
        return None, out.errors
    tracks = _load_tracks(root, out)
    lessons: list[Lesson] = []
    for track in tracks:
        track_dir = root / track.id
        if not track_dir.is_dir():
            continue
        for lesson_dir in sorted(p for p in track_dir.iterdir() if p.is_dir()):
            lesson = _load_lesson(lesson_dir, track, out)
            if lesson is not None:
                lessons.append(lesson)
    known = {t.id for t in tracks} | {"assessments"}
    for child in sorted(root.iterdir()):
        if child.is_dir() and child.name not in known and not child.name.startswith((".", "_")):
            out.add(out.rel(child), 1, "folder is not a track listed in tracks.yaml")
    assessments = _load_assessments(root, {t.id for t in tracks}, out)
    lessons.sort(key=lambda lesson: (_track_rank(tracks, lesson.meta.track), lesson.meta.order))
    lessons = [lesson.model_copy(update={"position": n}) for n, lesson in enumerate(lessons)]
    curriculum = Curriculum(tracks=tracks, lessons=lessons, assessments=assessments)
    return curriculum, sorted(set(out.errors))


def _track_rank(tracks: list[Track], track_id: str) -> int:
    return next((n for n, t in enumerate(tracks) if t.id == track_id), len(tracks))


def _load_tracks(root: Path, out: _Collector) -> list[Track]:
    path = root / "tracks.yaml"
    if not path.is_file():
        out.add(out.rel(path), 1, "tracks.yaml is missing")
        return []
    doc = out.parse(path)
    if doc is None:
        return []
    if not isinstance(doc.data, list):
        out.add(doc.display, 1, "tracks.yaml must be a list of tracks")
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


def _load_lesson(lesson_dir: Path, track: Track, out: _Collector) -> Lesson | None:
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
    for n, item in enumerate(meta.items):
        out.note_id("item", item.id, shown, doc.line("items", n, "id"))
        _check_item(item, doc, ("items", n), len(meta.sources), out)
        if item.track is not None:
            out.add(shown, doc.line("items", n, "track"), "track is for assessment items only")
    if any(body is None for body in bodies.values()):
        return None
    return Lesson(meta=meta, body={k: v for k, v in bodies.items() if v}, path=str(lesson_dir))


def _load_body(path: Path, out: _Collector) -> str | None:
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


def _check_item(
    item: Item, doc: _Doc, loc: tuple[str | int, ...], n_sources: int, out: _Collector
) -> None:
    """Check the rules that depend on an item's type; record each problem with its line."""
    path = doc.display

    def err(message: str, *field: str | int) -> None:
        out.add(path, doc.line(*loc, *field), f"item {item.id}: {message}")

    fixed = FIXED_CHOICES.get(item.type)
    if fixed is not None:
        if item.choices is not None:
            err(f"{item.type.value} items have fixed choices; remove 'choices'", "choices")
        if item.answer_key() not in fixed:
            err(f"answer {item.answer!r} is not among the choices {sorted(fixed)}", "answer")
    elif item.type is ItemType.SPOT_THE_ERROR:
        if item.passage is None:
            err("spot_the_error needs a 'passage' of sentences", "passage")
        else:
            n_ja, n_en = len(item.passage.ja), len(item.passage.en)
            if n_ja != n_en:
                err(f"passage has {n_ja} ja sentences but {n_en} en sentences", "passage")
            if not SPOT_SENTENCES[0] <= n_ja <= SPOT_SENTENCES[1]:
                err(f"passage needs {SPOT_SENTENCES[0]}-{SPOT_SENTENCES[1]} sentences", "passage")
            for locale in LOCALES:
                for s_no, sentence in enumerate(getattr(item.passage, locale)):
                    if len(sentence) > SENTENCE_MAX[locale]:
                        err(
                            f"{locale} sentence {s_no + 1} is over {SENTENCE_MAX[locale]} chars",
                            "passage",
                            locale,
                            s_no,
                        )
            if isinstance(item.answer, bool) or not isinstance(item.answer, int):
                err("answer must be the number of the wrong sentence", "answer")
            elif not 1 <= item.answer <= n_ja:
                err(f"answer {item.answer} is not among sentences 1-{n_ja}", "answer")
        if item.choices is not None:
            err("spot_the_error choices are the passage's sentences; remove 'choices'", "choices")
    else:
        choices = item.choices or []
        if not CHOICES_COUNT[0] <= len(choices) <= CHOICES_COUNT[1]:
            err(f"needs {CHOICES_COUNT[0]}-{CHOICES_COUNT[1]} choices", "choices")
        keys = [c.key for c in choices]
        if len(set(keys)) != len(keys):
            err("choice keys must be unique", "choices")
        if item.answer_key() not in keys:
            err(f"answer {item.answer!r} is not among the choices {keys}", "answer")
        for c_no, choice in enumerate(choices):
            for locale in LOCALES:
                if len(choice.text(locale)) > CHOICE_MAX:
                    err(
                        f"{locale} choice {choice.key} is over {CHOICE_MAX} characters",
                        "choices",
                        c_no,
                        locale,
                    )
    if item.type is not ItemType.SPOT_THE_ERROR and item.passage is not None:
        err("only spot_the_error items have a passage", "passage")
    for locale in LOCALES:
        if len(item.prompt.get(locale)) > PROMPT_MAX[locale]:
            err(f"{locale} prompt is over {PROMPT_MAX[locale]} characters", "prompt", locale)
        if len(item.explanation.get(locale)) > EXPLANATION_MAX[locale]:
            err(
                f"{locale} explanation over {EXPLANATION_MAX[locale]} characters",
                "explanation",
                locale,
            )
    if item.source is not None and item.source > n_sources:
        err(f"source {item.source} but the lesson has {n_sources} source(s)", "source")


def _load_assessments(
    root: Path, track_ids: set[str], out: _Collector
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
            _check_item(item, doc, ("items", n), 0, out)
            if item.track is None:
                out.add(doc.display, doc.line("items", n), f"item {item.id}: needs a track")
            elif item.track not in track_ids:
                out.add(
                    doc.display,
                    doc.line("items", n, "track"),
                    f"item {item.id}: unknown track {item.track!r}",
                )
        found[meta.kind] = meta
        _check_covers_tracks(meta, doc, track_ids, out)
    _check_parallel(found, out, folder)
    return found


def _check_covers_tracks(
    meta: AssessmentMeta, doc: _Doc, track_ids: set[str], out: _Collector
) -> None:
    """A test must measure every track, so that a cohort's gain covers the course."""
    missing = sorted(track_ids - {item.track for item in meta.items if item.track})
    if missing:
        out.add(doc.display, doc.line("items"), f"{meta.kind} has no item for {missing}")


def _check_parallel(found: dict[str, AssessmentMeta], out: _Collector, folder: Path) -> None:
    """The pre-test and post-test are parallel: item n measures the same track in both."""
    pre, post = found.get("pretest"), found.get("posttest")
    if pre is None or post is None:
        return
    where = out.rel(folder / "posttest.yaml")
    if len(pre.items) != len(post.items):
        out.add(where, 1, f"posttest has {len(post.items)} items, pretest {len(pre.items)}")
    for n, (a, b) in enumerate(zip(pre.items, post.items, strict=False), start=1):
        if a.track != b.track:
            out.add(where, 1, f"item {n} measures {b.track!r} but pretest item {n} {a.track!r}")
