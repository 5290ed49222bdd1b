"""Check a model's answer before a member sees it: links, lesson markers and the canary."""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass, replace

URL = re.compile(r"https?://[^\s<>()\[\]{}\"'「」『』（）、。]+")
MARKDOWN_LINK = re.compile(r"\[([^\]\n]{1,200})\]\((https?://[^)\s]+)\)")
MARKER = re.compile(r"\[(\d{1,2})\]")
TRAILING = ".,;:!?"


@dataclass(frozen=True)
class Checked:
    """An answer with unverified links removed, and what the check found."""

    text: str
    removed_urls: tuple[str, ...]
    markers: tuple[int, ...]  # lesson numbers the answer cites, e.g. [1], in order of first use


def normalise_url(url: str) -> str:
    """Return a URL in the form used for comparison: no trailing punctuation, slash or case."""
    url = url.rstrip(TRAILING).rstrip("/")
    scheme, _, rest = url.partition("://")
    host, slash, path = rest.partition("/")
    return f"{scheme.lower()}://{host.lower()}{slash}{path}"


def check_links(text: str, allowed: Collection[str], marker: str) -> Checked:
    """Replace every URL not in `allowed` with `marker`; collect the lesson markers cited."""
    known = {normalise_url(url) for url in allowed}
    removed: list[str] = []

    def link(match: re.Match[str]) -> str:
        label, url = match.group(1), match.group(2)
        if normalise_url(url) in known:
            return match.group()
        removed.append(url)
        return f"{label} {marker}"

    def bare(match: re.Match[str]) -> str:
        url = match.group()
        kept = url.rstrip(TRAILING)
        tail = url[len(kept) :]
        if normalise_url(kept) in known:
            return url
        removed.append(kept)
        return marker + tail

    text = MARKDOWN_LINK.sub(link, text)
    # Known links are left as Markdown; only bare URLs outside a kept link are checked.
    parts = re.split(r"(\[[^\]\n]{1,200}\]\(https?://[^)\s]+\))", text)
    text = "".join(part if MARKDOWN_LINK.fullmatch(part) else URL.sub(bare, part) for part in parts)
    markers: list[int] = []
    for match in MARKER.finditer(text):
        number = int(match.group(1))
        if number not in markers:
            markers.append(number)
    return Checked(text, tuple(removed), tuple(markers))


def keep_known_markers(checked: Checked, lessons: int) -> Checked:
    """Remove lesson markers that name no lesson given ([7] when there were three); the markers
    left are the lessons the answer really cites."""
    known = [n for n in checked.markers if 1 <= n <= lessons]

    def marker(match: re.Match[str]) -> str:
        return match.group() if int(match.group(1)) in known else ""

    text = MARKER.sub(marker, checked.text)
    text = re.sub(r"[ \t]+([。、.,;:!?）)])", r"\1", text)  # no space left before punctuation
    text = re.sub(r"[ \t]{2,}", " ", text)
    return replace(checked, text=text, markers=tuple(known))


def leaks(text: str, canary: str) -> bool:
    """Return True when the answer repeats the system prompt's canary (or its secret part)."""
    secret = canary.rsplit("-", 1)[-1]
    squashed = re.sub(r"[\s\-_]", "", text).lower()
    return canary.lower() in text.lower() or secret.lower() in squashed


def repeats(text: str, system: dict[str, str], length: int = 40) -> bool:
    """Return True when the answer quotes a sentence of the system prompt (a prompt leak)."""
    flat = " ".join(text.split()).lower()
    sentences = re.split(r"(?<=[.。])\s+|\n+", system["content"])
    return any(len(s) >= length and " ".join(s.split()).lower() in flat for s in sentences)
