"""The installed Manabi version, for `manabi --version`, the start-up log and build info."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError
from importlib.metadata import version as package_version


def version() -> str:
    """Return the installed package's version ("unknown" when run from an uninstalled tree)."""
    try:
        return package_version("manabi")
    except PackageNotFoundError:
        return "unknown"
