"""The Japanese morphological analyser (SudachiPy, core dictionary), loaded once per process
and shared by everything that reads Japanese: redaction, claim finding and retrieval."""

from __future__ import annotations

from functools import cache
from typing import Any

# Hiragana and katakana sit 0x60 apart: a reading in katakana matches what a member typed in kana.
TO_KATAKANA = str.maketrans(
    "".join(chr(c) for c in range(0x3041, 0x3097)), "".join(chr(c) for c in range(0x30A1, 0x30F7))
)


@cache
def dictionary() -> Any:
    """The SudachiPy dictionary (about 70 MB, memory-mapped); loaded on first use only."""
    from sudachipy import Dictionary

    return Dictionary(dict="core")


@cache
def tokenizer(mode: str = "C") -> Any:
    """A tokenizer in split mode A, B or C (C keeps compounds such as names whole)."""
    from sudachipy import SplitMode

    return dictionary().tokenizer(mode=getattr(SplitMode, mode))
