"""Where a content problem is, and how problems are collected across files."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from pydantic import BaseModel, ValidationError

if TYPE_CHECKING:
    import yaml

M = TypeVar("M", bound=BaseModel)


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


class YamlDoc:
    """A parsed YAML file that can tell the line of any value in it."""

    def __init__(self, path: Path, display: str) -> None:
        import yaml  # only when lessons are read, not for a course the cache holds

        self.display = display
        text = path.read_text(encoding="utf-8")
        self.node: yaml.Node | None = yaml.compose(text, Loader=yaml.CSafeLoader)
        self.data: Any = yaml.load(text, Loader=yaml.CSafeLoader)

    def line(self, *loc: str | int) -> int:
        """Return the 1-based line of the value at `loc`, or of its nearest parent."""
        import yaml

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


class Collector:
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

    def parse(self, path: Path) -> YamlDoc | None:
        """Parse a YAML file, recording a syntax error instead of raising."""
        import yaml

        try:
            return YamlDoc(path, self.rel(path))
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            line = mark.line + 1 if mark else 1
            self.add(self.rel(path), line, f"YAML syntax: {exc.problem or exc}")
        except (OSError, UnicodeDecodeError) as exc:
            self.add(self.rel(path), 1, f"cannot read file: {exc.__class__.__name__}")
        return None

    def validate(self, doc: YamlDoc, model: type[M]) -> M | None:
        """Validate a parsed file against `model`, recording each schema error with its line."""
        try:
            return model.model_validate(doc.data)
        except ValidationError as exc:
            for err in exc.errors():
                loc = tuple(err["loc"])
                where = ".".join(str(part) for part in loc) or "file"
                self.add(doc.display, doc.line(*loc), f"{where}: {err['msg']}")
            return None
