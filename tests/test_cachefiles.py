"""Cache files: written whole, older ones replaced, damage and read-only disks only cost time."""

from __future__ import annotations

import logging
import pickle
from pathlib import Path

import pytest

from bot.cachefiles import read_json, write_json, write_pickle


def test_a_written_file_reads_back_and_replaces_the_older_ones(tmp_path: Path) -> None:
    old = tmp_path / "texts-old.json"
    old.write_text("{}", encoding="utf-8")
    other = tmp_path / "course-old.pickle"
    other.write_bytes(b"x")
    write_json(tmp_path / "texts-new.json", {"key": "日本語"}, replaces="texts-*.json")
    assert read_json(tmp_path / "texts-new.json") == {"key": "日本語"}
    assert not old.exists()
    assert other.exists()  # only what the glob names goes
    assert sorted(p.name for p in tmp_path.iterdir()) == ["course-old.pickle", "texts-new.json"]


def test_a_pickle_reads_back(tmp_path: Path) -> None:
    write_pickle(tmp_path / "a.pickle", ("key", [1, 2]))
    assert pickle.loads((tmp_path / "a.pickle").read_bytes()) == ("key", [1, 2])


@pytest.mark.parametrize("content", [None, b"", b"{not json", b"\xff\xfe"])
def test_a_missing_or_damaged_file_reads_as_nothing(tmp_path: Path, content: bytes | None) -> None:
    path = tmp_path / "c.json"
    if content is not None:
        path.write_bytes(content)
    assert read_json(path) is None


def test_a_disk_that_cannot_be_written_is_logged_not_raised(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    with caplog.at_level(logging.INFO, logger="bot.cachefiles"):
        write_json(blocker / "cache" / "x.json", {"a": 1})  # a folder under a file
    assert not (blocker / "cache").exists()
    assert [r.getMessage() for r in caplog.records] == ["cache file not written"]
