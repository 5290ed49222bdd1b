"""Keep the checked curriculum and its index on disk, keyed by the lessons' content hash.

Loading and checking every lesson and building the index take about a second; a command that
answers one question should not pay that each time. The key covers the lesson files and the code
that reads them, so any change to either builds afresh. A cache that cannot be read, or was
written for other content, is rebuilt without a word.
"""

from __future__ import annotations

import hashlib
import logging
import pickle
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

from bot import cachefiles
from bot.cachefiles import write_pickle
from bot.content.model import Curriculum
from bot.retrieval.index import PassageIndex

log = logging.getLogger(__name__)
CACHE_DIR = cachefiles.CACHE_DIR
PACKAGE = Path(__file__).resolve().parent.parent
# The code whose output is cached: a change to any of these makes the cache stale.
CODE = (
    "content/model.py",
    "content/loader.py",
    "retrieval/analyser.py",
    "retrieval/index.py",
    "retrieval/normalise.py",
    "retrieval/passages.py",
    "retrieval/spelling.py",
    "retrieval/synonyms.py",
)

ANALYSER = ("sudachipy", "sudachidict-core", "pystemmer")


@dataclass(frozen=True)
class Course:
    """The curriculum and the index over its passages, built together."""

    curriculum: Curriculum
    index: PassageIndex


def content_hash(root: Path) -> str:
    """Hash every file under `root` (names and bytes) and the code that reads them."""
    digest = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    for name in CODE:
        digest.update((PACKAGE / name).read_bytes())
    for package in ANALYSER:  # a new dictionary or stemmer reads the lessons differently
        digest.update(f"{package}={version(package)}".encode())
    return digest.hexdigest()


def load_course(root: Path, cache_dir: Path | None = CACHE_DIR) -> Course:
    """Load the curriculum and its index from the cache, or build (and cache) them."""
    if cache_dir is None:
        return build_course(root)
    key = content_hash(root)
    path = cache_dir / f"course-{key[:24]}.pickle"
    cached = _read(path, key)
    if cached is not None:
        return cached
    course = build_course(root)  # raises InvalidContent before anything is written
    write_pickle(path, (key, course), replaces="course-*.pickle")
    return course


def build_course(root: Path) -> Course:
    """Load and check the curriculum, and index it."""
    from bot.content.loader import load_curriculum  # the lesson rules: only when the cache is stale

    curriculum = load_curriculum(root)
    return Course(curriculum, PassageIndex.from_curriculum(curriculum))


def _read(path: Path, key: str) -> Course | None:
    try:
        with path.open("rb") as file:
            stored_key, course = pickle.load(file)
    except FileNotFoundError:
        return None
    except Exception:  # truncated, from another version of the code: build afresh
        log.info("course cache unreadable; rebuilding", extra={"path": str(path)})
        return None
    return course if stored_key == key and isinstance(course, Course) else None
