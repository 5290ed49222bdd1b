"""The Teams app package: manifest.json (en, with ja localisation) and two PNG icons, zipped."""

from __future__ import annotations

import json
import re
import struct
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bot.channels.teams.extension import CHECK_COMMAND
from bot.config import ConfigError, Settings
from bot.core.texts import t

MANIFEST_VERSION = "1.17"
SCHEMA = "https://developer.microsoft.com/en-us/json-schemas/teams/v{v}/MicrosoftTeams.schema.json"
LOCALISATION_SCHEMA = (
    "https://developer.microsoft.com/en-us/json-schemas/teams/v{v}/"
    "MicrosoftTeams.Localization.schema.json"
)
ACCENT = (0x2B, 0x5C, 0xA8)  # the color icon's background
GUID = re.compile(r"^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$")
SEMVER = re.compile(r"^\d+\.\d+\.\d+$")
COMMANDS = ("today", "review", "progress", "pause", "resume", "help")
COMMAND_WORDS = {
    "en": {"today": "today", "review": "review", "progress": "progress", "pause": "pause",
           "resume": "resume", "help": "help"},
    "ja": {"today": "今日", "review": "復習", "progress": "進捗", "pause": "一時停止",
           "resume": "再開", "help": "ヘルプ"},
}  # fmt: skip
Pixel = tuple[int, int, int, int]


def check(settings: Settings) -> None:
    """Raise ConfigError naming each setting the package needs and lacks."""
    problems = []
    if not settings.microsoft_app_id or not GUID.match(settings.microsoft_app_id):
        problems.append("MICROSOFT_APP_ID: the bot's app id (a GUID) is needed for the package")
    if not settings.teams_website_url:
        problems.append("MANABI_TEAMS_WEBSITE_URL: an https:// page about this Manabi")
    if not SEMVER.match(settings.teams_app_version):
        problems.append("MANABI_TEAMS_APP_VERSION: expected a version like 1.0.0")
    if problems:
        raise ConfigError("; ".join(problems))


def _commands(locale: str) -> list[dict[str, str]]:
    return [
        {"title": COMMAND_WORDS[locale][name], "description": t(f"teams_cmd_{name}", locale)}
        for name in COMMANDS
    ]


def manifest(settings: Settings) -> dict[str, Any]:
    """The app manifest (English), with a Japanese localisation file alongside."""
    check(settings)
    website = settings.teams_website_url or ""
    return {
        "$schema": SCHEMA.format(v=MANIFEST_VERSION),
        "manifestVersion": MANIFEST_VERSION,
        "version": settings.teams_app_version,
        "id": settings.microsoft_app_id,
        "developer": {
            "name": settings.teams_developer_name,
            "websiteUrl": website,
            "privacyUrl": settings.teams_privacy_url or website,
            "termsOfUseUrl": settings.teams_terms_url or website,
        },
        "name": {"short": "Manabi", "full": t("teams_app_name", "en")},
        "description": {
            "short": t("teams_app_short", "en"),
            "full": t("teams_app_full", "en"),
        },
        "icons": {"color": "color.png", "outline": "outline.png"},
        "accentColor": "#{:02X}{:02X}{:02X}".format(*ACCENT),
        "localizationInfo": {
            "defaultLanguageTag": "en-us",
            "additionalLanguages": [{"languageTag": "ja-jp", "file": "ja-jp.json"}],
        },
        "bots": [
            {
                "botId": settings.microsoft_app_id,
                "scopes": ["personal"],
                "supportsFiles": False,
                "isNotificationOnly": False,
                "commandLists": [{"scopes": ["personal"], "commands": _commands("en")}],
            }
        ],
        # The message action "Check this answer" on any message (a message extension).
        "composeExtensions": [
            {
                "botId": settings.microsoft_app_id,
                "commands": [
                    {
                        "id": CHECK_COMMAND,
                        "type": "action",
                        "context": ["message"],
                        "fetchTask": True,
                        "title": t("teams_check_title", "en"),
                        "description": t("teams_check_description", "en"),
                    }
                ],
            }
        ],
        "validDomains": [],
    }


def localisation(locale: str) -> dict[str, Any]:
    """The manifest strings in another language (Teams localisation file)."""
    strings: dict[str, Any] = {
        "$schema": LOCALISATION_SCHEMA.format(v=MANIFEST_VERSION),
        "name.short": "Manabi",
        "name.full": t("teams_app_name", locale),
        "description.short": t("teams_app_short", locale),
        "description.full": t("teams_app_full", locale),
    }
    for n, command in enumerate(_commands(locale)):
        strings[f"bots[0].commandLists[0].commands[{n}].title"] = command["title"]
        strings[f"bots[0].commandLists[0].commands[{n}].description"] = command["description"]
    strings["composeExtensions[0].commands[0].title"] = t("teams_check_title", locale)
    strings["composeExtensions[0].commands[0].description"] = t("teams_check_description", locale)
    return strings


def png(width: int, height: int, pixel: Callable[[int, int], Pixel]) -> bytes:
    """Encode an RGBA image as PNG with the standard library only."""
    rows = b"".join(
        b"\x00" + b"".join(bytes(pixel(x, y)) for x in range(width)) for y in range(height)
    )

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)  # 8-bit RGBA
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows, 9))
        + chunk(b"IEND", b"")
    )


M_STROKES = (  # the letter M as four strokes in a unit square: (x1, y1, x2, y2)
    (0.27, 0.22, 0.27, 0.78),
    (0.73, 0.22, 0.73, 0.78),
    (0.27, 0.22, 0.50, 0.60),
    (0.73, 0.22, 0.50, 0.60),
)


def _in_m(x: float, y: float, half_width: float = 0.07) -> bool:
    """Is (x, y), in a unit square, on a bold letter M?"""
    for x1, y1, x2, y2 in M_STROKES:
        dx, dy = x2 - x1, y2 - y1
        along = max(0.0, min(1.0, ((x - x1) * dx + (y - y1) * dy) / (dx * dx + dy * dy)))
        if (x - x1 - along * dx) ** 2 + (y - y1 - along * dy) ** 2 <= half_width**2:
            return True
    return False


def color_icon(size: int = 192) -> bytes:
    """The full-color icon: a white M on the accent color."""
    white, accent = (255, 255, 255, 255), (*ACCENT, 255)
    return png(size, size, lambda x, y: white if _in_m(x / size, y / size) else accent)


def outline_icon(size: int = 32) -> bytes:
    """The outline icon: a white M on transparency (Teams tints it)."""
    white, clear = (255, 255, 255, 255), (0, 0, 0, 0)
    return png(size, size, lambda x, y: white if _in_m(x / size, y / size) else clear)


def write_package(settings: Settings, path: Path) -> Path:
    """Write the Teams app zip (manifest.json, ja-jp.json, color.png, outline.png) to `path`."""
    content = json.dumps(manifest(settings), ensure_ascii=False, indent=2)
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("manifest.json", content)
        archive.writestr("ja-jp.json", json.dumps(localisation("ja"), ensure_ascii=False, indent=2))
        archive.writestr("color.png", color_icon())
        archive.writestr("outline.png", outline_icon())
    return path
