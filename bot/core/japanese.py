"""The Japanese morphological analyser (SudachiPy, core dictionary), loaded once per process
and shared by everything that reads Japanese: redaction, claim finding and retrieval."""

from __future__ import annotations

import threading
from typing import Any

# Hiragana and katakana sit 0x60 apart: a reading in katakana matches what a member typed in kana.
TO_KATAKANA = str.maketrans(
    "".join(chr(c) for c in range(0x3041, 0x3097)), "".join(chr(c) for c in range(0x30A1, 0x30F7))
)

_loading = threading.Lock()  # one load, whichever thread asks first; the others wait for it
_loaded: list[Any] = []


def dictionary() -> Any:
    """The SudachiPy dictionary (about 70 MB, memory-mapped); loaded on first use only."""
    if not _loaded:
        with _loading:
            if not _loaded:
                from sudachipy import Dictionary

                _loaded.append(Dictionary(dict="core"))
    return _loaded[0]


def preload() -> None:
    """Start loading the dictionary in the background, for a command that will read Japanese.

    The load (about 0.1 s, mostly reading the dictionary's files) runs outside the interpreter
    lock, so it overlaps the imports that come before the first question; whoever needs the
    dictionary first waits for it to finish rather than loading it again.
    """
    if not _loaded:
        threading.Thread(target=dictionary, name="dictionary", daemon=True).start()


_tokenizers = threading.local()  # a SudachiPy tokenizer cannot be used by two threads at once


def tokenizer(mode: str = "C") -> Any:
    """This thread's tokenizer in split mode A, B or C (C keeps compounds such as names whole)."""
    mine = _tokenizers.__dict__
    if mode not in mine:
        from sudachipy import SplitMode

        mine[mode] = dictionary().tokenizer(mode=getattr(SplitMode, mode))
    return mine[mode]
