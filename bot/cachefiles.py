"""Files Manabi keeps under var/cache/ to start faster: the course, the member texts, the
prompts' front matter and the holidays.

Each is worked out again from its source when it is missing or cannot be read, so a cache file
is only ever a saving: one is written whole or not at all (a reader never sees half a file), and
a disk that cannot be written only costs the next start the work.
"""

from __future__ import annotations

import json
import logging
import os
import pickle
import tempfile
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)
CACHE_DIR = Path("var") / "cache"  # beside the default SQLite database (var/manabi.db)


def read_json(path: Path) -> Any | None:
    """The JSON value in `path`, or None when it is missing or damaged."""
    try:
        return json.loads(path.read_bytes())
    except (OSError, ValueError):
        return None


def write_json(path: Path, value: Any, *, replaces: str | None = None) -> None:
    """Write `value` as JSON to `path` (see `write`)."""
    write(path, json.dumps(value, ensure_ascii=False).encode("utf-8"), replaces=replaces)


def write_pickle(path: Path, value: Any, *, replaces: str | None = None) -> None:
    """Write `value` pickled to `path` (see `write`)."""
    write(path, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL), replaces=replaces)


def write(path: Path, data: bytes, *, replaces: str | None = None) -> None:
    """Write `data` to `path` atomically, then delete the files beside it that match the glob
    `replaces` (the caches of older content). A write that fails is logged and skipped."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, suffix=".tmp", delete=False) as file:
            file.write(data)
        os.replace(file.name, path)
        for old in path.parent.glob(replaces) if replaces else ():
            if old != path:
                old.unlink(missing_ok=True)
    except OSError:
        log.info("cache file not written", extra={"path": str(path)})
