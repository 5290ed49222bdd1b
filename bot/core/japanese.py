"""The Japanese morphological analyser (SudachiPy, core dictionary), loaded once per process
and shared by everything that reads Japanese: redaction, claim finding and retrieval."""

from __future__ import annotations

from functools import cache
from typing import Any


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
