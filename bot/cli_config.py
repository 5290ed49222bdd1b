"""`manabi config check`: every setting, its value (secrets masked) and where it came from."""

from __future__ import annotations

import argparse
import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from dotenv import dotenv_values
from pydantic import AliasChoices, SecretStr

from bot.config import Settings

MASK = "********"
PREFIX = "MANABI_"  # an unknown variable with this prefix is probably a typo


def variables_of(field: str) -> list[str]:
    """The environment variables a settings field is read from, the documented one first."""
    alias = Settings.model_fields[field].validation_alias
    return [str(a) for a in alias.choices] if isinstance(alias, AliasChoices) else [field.upper()]


def shown(field: str, value: Any) -> str:
    """A setting's value as the operator may see it: secrets and passwords masked."""
    if value is None:
        return "(not set)"
    if isinstance(value, SecretStr):
        return MASK
    if field == "database_url":
        from sqlalchemy.engine import make_url  # only here: the CLI starts faster without it

        try:
            return make_url(value).render_as_string(hide_password=True)
        except Exception:  # validated as a URL already; never show it raw if it won't parse
            return MASK
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return json.dumps(value)
    return str(value)


def describe(
    settings: Settings, environ: Mapping[str, str], dotenv: Mapping[str, str | None]
) -> list[tuple[str, str, str]]:
    """(variable, value shown, source) for every setting; the source is "environment", ".env"
    or "default", in the order pydantic-settings reads them (names are not case-sensitive)."""
    in_env = {name.upper() for name in environ}
    in_dotenv = {name.upper() for name in dotenv}
    rows = []
    for field in Settings.model_fields:
        names = variables_of(field)
        if any(name.upper() in in_env for name in names):
            source = "environment"
        elif any(name.upper() in in_dotenv for name in names):
            source = ".env"
        else:
            source = "default"
        rows.append((names[0], shown(field, getattr(settings, field)), source))
    return rows


def unknown_variables(environ: Mapping[str, str], dotenv: Mapping[str, str | None]) -> list[str]:
    """MANABI_* variables that are no setting (a typo is otherwise silently ignored)."""
    known = {name.upper() for field in Settings.model_fields for name in variables_of(field)}
    given = {name.upper() for name in (*environ, *dotenv)}
    return sorted(n for n in given if n.startswith(PREFIX) and n not in known)


def cmd_config_check(args: argparse.Namespace, settings: Settings) -> int:
    """Print every setting with its source; an invalid one never gets here (main reports it)."""
    env_file = Settings.model_config.get("env_file")
    path = Path(str(env_file)) if env_file else None
    dotenv = dotenv_values(path) if path is not None and path.is_file() else {}
    rows = describe(settings, os.environ, dotenv)
    width = max(len(variable) for variable, _, _ in rows)
    for variable, value, source in rows:
        print(f"{variable:<{width}}  {value}  ({source})")
    for name in unknown_variables(os.environ, dotenv):
        print(f"note: {name} is not a setting and is ignored (a typo?)")
    print(f"ok: {len(rows)} settings are valid")
    return 0


def add_config_command(commands: Any) -> None:
    """Register `manabi config check`."""
    config = commands.add_parser("config", help="the settings Manabi reads")
    config_cmds = config.add_subparsers(dest="config_command", required=True)
    p = config_cmds.add_parser(
        "check", help="validate the settings; print each with its source, secrets masked"
    )
    p.set_defaults(handler=cmd_config_check)
