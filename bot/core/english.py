"""English word stems, shared by retrieval and the offline answers."""

from __future__ import annotations

from functools import lru_cache

import Stemmer

# Snowball (Porter 2) for English: checking, checked and checks share "check". PyStemmer, the
# Snowball project's C build: one module to import where the pure-Python one loads forty.
_STEMMER = Stemmer.Stemmer("english")


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A word's English stem, remembered: the lessons' words are few and stemmed often."""
    return str(_STEMMER.stemWord(word))
