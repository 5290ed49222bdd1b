"""Show a model's answer while it is written, never showing a link the final check removes.

The model's text arrives in small pieces. `SafeParts` holds back the end of what has arrived
for as long as it could still turn out to be part of a link, and checks every part it lets go
exactly as the whole answer is checked at the end:

- a run of characters a link can be made of (ASCII letters, digits and URL punctuation) at the
  end is held until a character that cannot be in a link follows, so `exa` + `mple.com/x` is
  checked as `example.com/x`, and `https://known.org/a` + `bc` is never shown half-approved;
- a `[` is held until it is decided whether a Markdown link `[label](url)` starts there;
- trailing spaces are held (also those a removed lesson marker leaves), so that the spaces are
  tidied as they are in the whole text.

A cut therefore falls only between two characters that no link and no link's look-behind can
span, and checking part by part gives the same text as checking the whole. Should the two ever
differ, the channel replaces the draft with the final text (see `core.ports.Draft`).
"""

from __future__ import annotations

from collections.abc import Collection

from bot.core.qa.citations import MARKDOWN_LINK, check_links, keep_known_markers, tidy_spaces

# What a link (or the look-behind before one) can be made of: citations._PATH and "_".
LINK_CHARS = frozenset(
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~:/?#@!$&*+,;=%_"
)
MAX_LABEL = 200  # citations.MARKDOWN_LINK's longest label
MAX_TARGET = 2100  # how long "(url "title")" may stay undecided before it is read as text


def open_link(text: str, start: int) -> bool:
    """Whether a Markdown link may still start at `text[start]` (a "["), given more text."""
    rest = text[start + 1 :]
    close = rest.find("]")
    if close < 0:
        return "\n" not in rest and len(rest) <= MAX_LABEL
    label, after = rest[:close], rest[close + 1 :]
    if not label or "\n" in label or len(label) > MAX_LABEL:
        return False
    if not after:
        return True
    if after[0] != "(" or MARKDOWN_LINK.match(text, start):
        return False  # plain brackets, or a whole link already
    target = after[1:]
    paren = target.find(")")
    if paren >= 0 and '"' not in target[:paren]:
        return False  # closed without being a link
    return len(target) <= MAX_TARGET


def safe_end(text: str, start: int) -> int:
    """How far `text` may be shown, given that `text[:start]` has been."""
    end = len(text)
    while end > start and text[end - 1] in LINK_CHARS:  # what may still become a link
        end -= 1
    while end > start and text[end - 1] in " \t":
        end -= 1
    for at in range(start, end):
        if text[at] == "[" and open_link(text, at):
            return at
    return end


class SafeParts:
    """Turns the model's pieces into checked parts that are safe to show as they come."""

    def __init__(self, allowed: Collection[str], marker: str, lessons: int) -> None:
        self.allowed = allowed
        self.marker = marker
        self.lessons = lessons
        self.raw = ""  # everything the model has written
        self.shown = 0  # how much of it has been let go
        self.spaces = ""  # spaces a checked part ended with, shown only if text follows

    def feed(self, piece: str) -> str:
        """Take the next piece; return the checked text that may be shown now (maybe "")."""
        self.raw += piece
        if not self.shown:  # the final text is stripped: so is the first part
            stripped = self.raw.lstrip()
            if not stripped:
                return ""
            self.raw = stripped
        end = safe_end(self.raw, self.shown)
        if end <= self.shown:
            return ""
        part, self.shown = self.raw[self.shown : end], end
        return self._check(part)

    def finish(self) -> str:
        """The rest, checked: everything has arrived."""
        part = self.raw[self.shown :].rstrip()
        self.shown = len(self.raw)
        return self._check(part).rstrip() if part else ""

    def _check(self, part: str) -> str:
        checked = check_links(part, self.allowed, self.marker)
        text = tidy_spaces(self.spaces + keep_known_markers(checked, self.lessons).text)
        kept = text.rstrip(" \t")  # a removed marker may leave a space before punctuation
        self.spaces = text[len(kept) :]
        return kept
