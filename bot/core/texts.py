"""Every member-facing text, read once from texts.yaml (Japanese and English side by side)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from string import Template

import yaml

LOCALES = ("ja", "en")
CATALOGUE = Path(__file__).with_name("texts.yaml")

# libyaml's loader when PyYAML was built with it; the pure-Python one reads the same, slower.
Loader = yaml.CSafeLoader if yaml.__with_libyaml__ else yaml.SafeLoader


def load(path: Path) -> dict[str, dict[str, str]]:
    """Read a catalogue of texts and refuse one where a key lacks a language or has an extra."""
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=Loader)
    if not isinstance(data, dict):
        raise ValueError(f"{path}: expected a mapping of keys to texts")
    for key, entry in data.items():
        if not isinstance(key, str) or not isinstance(entry, dict) or set(entry) != set(LOCALES):
            raise ValueError(f"{path}: {key!r} needs exactly the languages {LOCALES}")
        if not all(isinstance(text, str) and text.strip() for text in entry.values()):
            raise ValueError(f"{path}: {key!r} has an empty or non-text entry")
    return data


TEXTS: Mapping[str, Mapping[str, str]] = load(CATALOGUE)


def t(key: str, locale: str, **values: object) -> str:
    """Return the text `key` in `locale` (ja or en) with `$name` values filled in."""
    entry = TEXTS[key]
    return Template(entry.get(locale) or entry["ja"]).substitute(
        {name: str(value) for name, value in values.items()}
    )
