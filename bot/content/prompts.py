"""Load prompts/<use>/<name>.md: front matter (id, version, variables) and a `$variables` body."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from string import Template

import yaml


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


def parse_prompt(text: str, path: str) -> Prompt:
    """Parse one prompt file; check that the declared variables are exactly those used."""
    if not text.startswith("---\n"):
        raise PromptError(f"{path}: expected front matter starting with ---")
    header, sep, body = text[4:].partition("\n---\n")
    if not sep:
        raise PromptError(f"{path}: the front matter has no closing ---")
    meta = yaml.safe_load(header) or {}
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


def load_prompts(root: Path) -> dict[str, Prompt]:
    """Load every prompt under `root`, keyed by id; raise PromptError on the first problem."""
    prompts: dict[str, Prompt] = {}
    for path in sorted(root.glob("*/*.md")):
        prompt = parse_prompt(path.read_text(encoding="utf-8"), str(path.relative_to(root)))
        if prompt.id in prompts:
            raise PromptError(f"{prompt.path}: duplicate prompt id {prompt.id}")
        prompts[prompt.id] = prompt
    return prompts
