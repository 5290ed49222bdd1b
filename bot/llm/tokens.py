"""Count tokens with tiktoken's o200k_base, offline: the encoding file ships with the package."""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

import tiktoken
from tiktoken.load import load_tiktoken_bpe

ENCODING_FILE = Path(__file__).resolve().parent.parent / "data" / "o200k_base.tiktoken"
# The hash tiktoken itself checks for this file (tiktoken_ext/openai_public.py).
ENCODING_SHA256 = "446a9538cb6c348e3516120d7c08b09f57c36495e2acfffe59a5bf8b0cfb1a2d"
PAT_STR = "|".join(
    [
        r"""[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+(?i:'s|'t|'re|'ve|'m|'ll|'d)?""",
        r"""[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?""",
        r"""\p{N}{1,3}""",
        r""" ?[^\s\p{L}\p{N}]+[\r\n/]*""",
        r"""\s*[\r\n]+""",
        r"""\s+(?!\S)""",
        r"""\s+""",
    ]
)
SPECIAL_TOKENS = {"<|endoftext|>": 199999, "<|endofprompt|>": 200018}
# Chat formatting adds a few tokens per message (role, separators) and for the reply's priming.
PER_MESSAGE = 3
PER_REPLY = 3


@lru_cache(maxsize=1)
def o200k_base(path: Path = ENCODING_FILE) -> tiktoken.Encoding:
    """Build the o200k_base encoding from the shipped file, checking its hash; no download."""
    # tiktoken skips its own check when caching is off (TIKTOKEN_CACHE_DIR=""), so check here too.
    if hashlib.sha256(path.read_bytes()).hexdigest() != ENCODING_SHA256:
        raise ValueError(f"Hash mismatch for {path}: expected sha256 {ENCODING_SHA256}")
    ranks = load_tiktoken_bpe(str(path), expected_hash=ENCODING_SHA256)
    return tiktoken.Encoding(
        name="o200k_base",
        pat_str=PAT_STR,
        mergeable_ranks=ranks,
        special_tokens=SPECIAL_TOKENS,
    )


class TiktokenCounter:
    """The TokenCounter port: counts tokens the way gpt-4o-class models do."""

    def __init__(self, encoding: tiktoken.Encoding | None = None) -> None:
        self.encoding = encoding or o200k_base()

    def count(self, text: str) -> int:
        """Return the number of tokens in `text` (special-token text counts as plain text)."""
        return len(self.encoding.encode(text, disallowed_special=()))

    def count_messages(self, messages: list[dict[str, str]]) -> int:
        """Return the prompt tokens of a chat request, formatting included."""
        return PER_REPLY + sum(PER_MESSAGE + self.count(m["content"]) for m in messages)
