"""`manabi teams package`: a Teams app zip with a manifest from settings and two PNG icons."""

from __future__ import annotations

import json
import struct
import zipfile
import zlib
from pathlib import Path

import pytest

from bot.channels.teams.package import manifest
from bot.cli import main
from tests.conftest import make_settings

APP_ID = "0b6a8f2e-1c3d-4e5f-8a9b-0c1d2e3f4a5b"


def decode_png(data: bytes) -> tuple[int, int, list[tuple[int, ...]]]:
    """Check a PNG's signature, chunks and CRCs; return width, height and RGBA pixels."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, chunks = 8, dict[bytes, bytes]()
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind, body = data[pos + 4 : pos + 8], data[pos + 8 : pos + 8 + length]
        (crc,) = struct.unpack(">I", data[pos + 8 + length : pos + 12 + length])
        assert zlib.crc32(kind + body) == crc, kind
        chunks[kind] = chunks.get(kind, b"") + body
        pos += 12 + length
    assert list(chunks)[-1] == b"IEND"
    width, height, depth, color = struct.unpack(">IIBB", chunks[b"IHDR"][:10])
    assert (depth, color) == (8, 6)
    raw = zlib.decompress(chunks[b"IDAT"])
    assert len(raw) == height * (1 + width * 4)
    pixels: list[tuple[int, ...]] = []
    for y in range(height):
        row = raw[y * (1 + width * 4) + 1 : (y + 1) * (1 + width * 4)]
        pixels.extend(tuple(row[x : x + 4]) for x in range(0, len(row), 4))
    return width, height, pixels


def test_the_command_writes_a_valid_package(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)  # no .env from a developer's checkout
    monkeypatch.setenv("MICROSOFT_APP_ID", APP_ID)
    monkeypatch.setenv("MANABI_TEAMS_WEBSITE_URL", "https://union.example.org/manabi")
    monkeypatch.setenv("MANABI_TEAMS_APP_VERSION", "1.2.3")
    out = tmp_path / "dist" / "manabi-teams.zip"

    assert main(["teams", "package", "--out", str(out)]) == 0
    assert str(out) in capsys.readouterr().out

    with zipfile.ZipFile(out) as archive:
        assert archive.testzip() is None
        assert sorted(archive.namelist()) == [
            "color.png",
            "ja-jp.json",
            "manifest.json",
            "outline.png",
        ]
        data = json.loads(archive.read("manifest.json"))
        ja = json.loads(archive.read("ja-jp.json"))
        color = decode_png(archive.read("color.png"))
        outline = decode_png(archive.read("outline.png"))
    assert data["id"] == APP_ID and data["version"] == "1.2.3"
    assert data["bots"][0]["botId"] == APP_ID
    assert data["bots"][0]["scopes"] == ["personal"]
    assert data["developer"]["privacyUrl"] == "https://union.example.org/manabi"
    assert data["icons"] == {"color": "color.png", "outline": "outline.png"}
    assert len(data["name"]["short"]) <= 30 and len(data["description"]["short"]) <= 80
    assert len(data["description"]["full"]) <= 4000
    commands = data["bots"][0]["commandLists"][0]["commands"]
    assert len(commands) <= 10 and all(len(c["title"]) <= 32 for c in commands)
    assert ja["bots[0].commandLists[0].commands[0].title"] == "今日"
    assert len(ja["description.short"]) <= 80
    assert color[:2] == (192, 192) and outline[:2] == (32, 32)
    assert {p[3] for p in color[2]} == {255}  # the color icon is opaque
    # The outline icon is white on transparency, with some of each.
    assert set(outline[2]) == {(255, 255, 255, 255), (0, 0, 0, 0)}


def test_the_command_names_what_is_missing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["teams", "package", "--out", str(tmp_path / "x.zip")]) == 2
    error = capsys.readouterr().err
    assert "MICROSOFT_APP_ID" in error and "MANABI_TEAMS_WEBSITE_URL" in error
    assert not (tmp_path / "x.zip").exists()


def test_the_manifest_refuses_an_app_id_that_is_not_a_guid() -> None:
    settings = make_settings(
        microsoft_app_id="not-a-guid", teams_website_url="https://example.org/"
    )
    with pytest.raises(Exception, match="MICROSOFT_APP_ID"):
        manifest(settings)
