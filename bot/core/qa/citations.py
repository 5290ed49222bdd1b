"""Check a model's answer before a member sees it: links, lesson markers and the canary."""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass, replace
from functools import cache

# A link is anything a chat client may turn into one: any scheme in any case (HTTPS://, ftp://),
# mailto:, protocol-relative //host, www.host, and bare domains (example.com/path).
_HOST = r"[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?"
_TLDS = (
    "com|net|org|edu|gov|int|mil|info|biz|io|ai|app|dev|co|me|tv|xyz|site|online|example|test"
    "|jp|uk|us|de|fr|eu|cn|kr|tw|hk|sg|au|ca|ru|br|es|nl|ch|se|fi|ie|nz|ph|vn|th|ly|gl|gg"
)
_PATH = r"[A-Za-z0-9\-._~:/?#@!$&*+,;=%]"  # ASCII, without brackets and quotes


@cache
def url_pattern() -> re.Pattern[str]:
    """Links as a chat client finds them. Compiled at the first model answer, not at start:
    the pattern is long, and an offline reply never needs it."""
    return re.compile(
        rf"(?<![A-Za-z0-9_@.\-/])(?:"
        rf"[a-z][a-z0-9+.\-]*://{_PATH}+"  # scheme://…, whatever the scheme or its case
        rf"|mailto:{_PATH}+"
        rf"|//{_HOST}(?:\.{_HOST})+{_PATH}*"  # protocol-relative
        rf"|www\.{_HOST}(?:\.{_HOST})+{_PATH}*"
        rf"|(?-i:{_HOST}(?:\.{_HOST})*\.(?:[a-z]{{2,24}}(?=/)|(?:{_TLDS})\b))(?:/{_PATH}*)?"
        rf")",
        re.IGNORECASE,
    )


MARKDOWN_LINK = re.compile(r"\[([^\]\n]{1,200})\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"\n]*\")?\s*\)")
MARKER = re.compile(r"\[(\d{1,2})\]")
TRAILING = ".,;:!?"


@dataclass(frozen=True)
class Checked:
    """An answer with unverified links removed, and what the check found."""

    text: str
    removed_urls: tuple[str, ...]
    markers: tuple[int, ...]  # lesson numbers the answer cites, e.g. [1], in order of first use


def normalise_url(url: str) -> str:
    """Return a link in the form used for comparison: the scheme is set aside when it is the
    web's (http, https or none), host and scheme are lower-cased, a leading www., trailing
    punctuation and a trailing slash go."""
    url = url.rstrip(TRAILING).rstrip("/")
    scheme, sep, rest = url.partition("://")
    if not sep:
        scheme, rest = "", url.removeprefix("//")
    host, slash, path = rest.partition("/")
    host = host.lower().removeprefix("www.")
    scheme = scheme.lower()
    if scheme in ("", "http", "https"):
        return f"{host}{slash}{path}"
    return f"{scheme}://{host}{slash}{path}"


def _filter_links(text: str, allowed: Collection[str], marker: str) -> tuple[str, list[str]]:
    """Replace every link not in `allowed` with `marker`, a Markdown link with its label."""
    known = {normalise_url(url) for url in allowed}
    removed: list[str] = []
    kept_links: list[str] = []

    def link(match: re.Match[str]) -> str:
        if normalise_url(match.group(2)) in known:
            kept_links.append(match.group())
            return f"\x00{len(kept_links) - 1}\x00"
        removed.append(match.group(2))
        return marker

    def bare(match: re.Match[str]) -> str:
        url = match.group()
        kept = url.rstrip(TRAILING)
        tail = url[len(kept) :]
        if normalise_url(kept) in known:
            return url
        removed.append(kept)
        return marker + tail

    # Known Markdown links are set aside so that the bare-link pass does not see their URLs.
    text = MARKDOWN_LINK.sub(link, text.replace("\x00", ""))
    text = url_pattern().sub(bare, text)
    text = re.sub(r"\x00(\d+)\x00", lambda m: kept_links[int(m.group(1))], text)
    return text, removed


def check_links(text: str, allowed: Collection[str], marker: str) -> Checked:
    """Replace every link not in `allowed` with `marker`; collect the lesson markers cited."""
    text, removed = _filter_links(text, allowed, marker)
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

    text = tidy_spaces(MARKER.sub(marker, checked.text))
    return replace(checked, text=text, markers=tuple(known))


def tidy_spaces(text: str) -> str:
    """The spaces a removed marker leaves: none before punctuation, never two in a row."""
    text = re.sub(r"[ \t]+([。、.,;:!?）)])", r"\1", text)
    return re.sub(r"[ \t]{2,}", " ", text)


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
