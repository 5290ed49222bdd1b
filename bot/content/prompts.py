"""Load prompts/<use>/<name>.md: front matter (id, version, variables) and a `$variables` body.

Every start loads and checks the prompts. Their front matter is YAML, and importing PyYAML costs
about 0.02 s of CPU, so the front matters read once are kept in `var/cache/prompt-headers.json`,
keyed by their text; a start whose prompts are unchanged imports no YAML. A file that cannot be
read is ignored and one that cannot be written only costs the next start the parse.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from string import Template
from typing import Any

from bot import cachefiles
from bot.cachefiles import read_json, write_json

CACHE_DIR = cachefiles.CACHE_DIR
HEADERS = "prompt-headers.json"


class PromptError(Exception):
    """A prompt file is invalid, or a prompt was rendered without one of its variables."""


@dataclass(frozen=True)
class Prompt:
    """One versioned prompt template."""

    id: str
    version: int
    variables: tuple[str, ...]
    body: str
    path: str

    def render(self, **values: object) -> str:
        """Fill in every variable; a missing or unknown one is an error, never a silent blank."""
        missing = sorted(set(self.variables) - set(values))
        unknown = sorted(set(values) - set(self.variables))
        if missing or unknown:
            raise PromptError(f"{self.id}: missing {missing}, unknown {unknown}")
        return Template(self.body).substitute({k: str(v) for k, v in values.items()})


class Headers:
    """Front matters parsed before (`known`, by the hash of their text), and those used now."""

    def __init__(self, known: dict[str, Any]) -> None:
        self.known = known
        self.used: dict[str, Any] = {}

    def parse(self, header: str) -> Any:
        """The front matter's YAML: as parsed before, or parsed now (and remembered)."""
        key = hashlib.sha256(header.encode()).hexdigest()
        if isinstance(self.known.get(key), dict):  # anything else is parsed again
            self.used[key] = self.known[key]
            return self.known[key]
        meta = _parse_yaml(header)
        try:  # only what JSON gives back unchanged is remembered
            if json.loads(json.dumps(meta)) == meta:
                self.used[key] = meta
        except (TypeError, ValueError):
            pass
        return meta


def _parse_yaml(header: str) -> Any:
    import yaml  # only for front matter not parsed before

    return yaml.safe_load(header)


def parse_prompt(text: str, path: str, headers: Headers | None = None) -> Prompt:
    """Parse one prompt file; check that the declared variables are exactly those used."""
    if not text.startswith("---\n"):
        raise PromptError(f"{path}: expected front matter starting with ---")
    header, sep, body = text[4:].partition("\n---\n")
    if not sep:
        raise PromptError(f"{path}: the front matter has no closing ---")
    meta = (_parse_yaml(header) if headers is None else headers.parse(header)) or {}
    if not isinstance(meta, dict) or not {"id", "version", "variables"} <= set(meta):
        raise PromptError(f"{path}: front matter needs id, version and variables")
    variables = tuple(str(name) for name in meta["variables"] or ())
    template = Template(body)
    if not template.is_valid():
        raise PromptError(f"{path}: a `$$` placeholder is malformed (write $$$$ for a dollar)")
    used = set(template.get_identifiers())
    if used != set(variables):
        raise PromptError(f"{path}: variables declared {sorted(variables)} but used {sorted(used)}")
    return Prompt(str(meta["id"]), int(meta["version"]), variables, body.strip() + "\n", path)


def load_prompts(root: Path, cache_dir: Path | None = CACHE_DIR) -> dict[str, Prompt]:
    """Load every prompt under `root`, keyed by id; raise PromptError on the first problem."""
    headers = Headers(_read_headers(cache_dir / HEADERS) if cache_dir is not None else {})
    prompts: dict[str, Prompt] = {}
    for path in sorted(root.glob("*/*.md")):
        text = path.read_text(encoding="utf-8")
        prompt = parse_prompt(text, str(path.relative_to(root)), headers)
        if prompt.id in prompts:
            raise PromptError(f"{prompt.path}: duplicate prompt id {prompt.id}")
        prompts[prompt.id] = prompt
    if cache_dir is not None and headers.used != headers.known:
        write_json(cache_dir / HEADERS, headers.used)
    return prompts


def _read_headers(path: Path) -> dict[str, Any]:
    stored = read_json(path)
    return stored if isinstance(stored, dict) else {}
