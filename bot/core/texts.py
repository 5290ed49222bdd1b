"""Every member-facing text, read once from texts.yaml (Japanese and English side by side).

Importing PyYAML and parsing the catalogue cost every start about 0.025 s of CPU; once checked,
the catalogue is kept as JSON in `var/cache/texts-<hash>.json`, keyed by the bytes of
texts.yaml, so a start that finds it reads JSON (a millisecond) and imports no YAML. A file that
cannot be read is ignored and one that cannot be written only costs the next start the parse.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from pathlib import Path
from string import Template

from bot import cachefiles
from bot.cachefiles import read_json, write_json

LOCALES = ("ja", "en")
CATALOGUE = Path(__file__).with_name("texts.yaml")
CACHE_DIR = cachefiles.CACHE_DIR


def load(path: Path) -> dict[str, dict[str, str]]:
    """Read a catalogue of texts and refuse one where a key lacks a language or has an extra."""
    import yaml

    # libyaml's loader when PyYAML was built with it; the pure-Python one reads the same, slower.
    loader = yaml.CSafeLoader if yaml.__with_libyaml__ else yaml.SafeLoader
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=loader)
    if not isinstance(data, dict):
        raise ValueError(f"{path}: expected a mapping of keys to texts")
    for key, entry in data.items():
        if not isinstance(key, str) or not isinstance(entry, dict) or set(entry) != set(LOCALES):
            raise ValueError(f"{path}: {key!r} needs exactly the languages {LOCALES}")
        if not all(isinstance(text, str) and text.strip() for text in entry.values()):
            raise ValueError(f"{path}: {key!r} has an empty or non-text entry")
    return data


def load_cached(path: Path, cache_dir: Path = CACHE_DIR) -> dict[str, dict[str, str]]:
    """The catalogue at `path` as `load` checks it, from the cache when it holds these bytes."""
    raw = path.read_bytes()
    cached = cache_dir / f"texts-{hashlib.sha256(raw).hexdigest()[:24]}.json"
    stored = read_json(cached)
    if isinstance(stored, dict):
        return stored
    data = load(path)
    write_json(cached, data, replaces="texts-*.json")
    return data


TEXTS: Mapping[str, Mapping[str, str]] = load_cached(CATALOGUE)


def t(key: str, locale: str, **values: object) -> str:
    """Return the text `key` in `locale` (ja or en) with `$name` values filled in."""
    entry = TEXTS[key]
    return Template(entry.get(locale) or entry["ja"]).substitute(
        {name: str(value) for name, value in values.items()}
    )
