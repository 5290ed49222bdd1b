"""Token counting with the shipped o200k_base file: offline, hash-checked, same as tiktoken's."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import tiktoken

from bot.llm.tokens import ENCODING_FILE, TiktokenCounter, o200k_base

SAMPLES = [
    "AIが出した出典が本物か確かめるには？",
    "How do I check that a citation from an AI tool is real?",
    "電話は090-1234-5678、メールは [email] です。<|endoftext|> 2026年12月1日",
]


def test_counts_match_tiktokens_own_o200k_base(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # tiktoken's own loader finds the file under its cache key, so nothing is downloaded.
    shutil.copy(ENCODING_FILE, tmp_path / "fb374d419588a4632f3f557e76b4b70aebbca790")
    monkeypatch.setenv("TIKTOKEN_CACHE_DIR", str(tmp_path))
    reference = tiktoken.get_encoding("o200k_base")
    ours = o200k_base()
    for text in SAMPLES:
        assert ours.encode(text, disallowed_special=()) == reference.encode(
            text, disallowed_special=()
        )
    assert ours.special_tokens_set == reference.special_tokens_set


def test_counter_counts_text_and_chat_messages() -> None:
    counter = TiktokenCounter()
    assert counter.count("Hello world") == 2
    assert counter.count(SAMPLES[0]) > 5
    messages = [{"role": "user", "content": "Hello world"}]
    assert counter.count_messages(messages) == 2 + 3 + 3


def test_a_tampered_encoding_file_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TIKTOKEN_CACHE_DIR", "")  # no cache: read the file itself
    tampered = tmp_path / "o200k_base.tiktoken"
    data = bytearray(ENCODING_FILE.read_bytes())
    data[100] ^= 1
    tampered.write_bytes(bytes(data))
    with pytest.raises(ValueError, match="Hash mismatch"):
        o200k_base.__wrapped__(tampered)
