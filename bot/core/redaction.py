"""Remove personal data from a question before it leaves the process (design §7.1)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

# Separators people type inside numbers: ASCII and Japanese hyphens, dashes, spaces.
SEP = r"[-‐‑‒–—―ー\s.]"
_PREFECTURE = r"(?:北海道|東京都|(?:京都|大阪)府|[^\s\d、。,]{2,3}県)"

EMAIL = re.compile(r"[\w.+%-]+@[\w-]+(?:\.[\w-]+)+")
CARD = re.compile(rf"(?<!\d)\d(?:{SEP}?\d){{12,18}}(?!\d)")
MY_NUMBER = re.compile(rf"(?<!\d)(?<!\d{SEP})\d{{4}}{SEP}?\d{{4}}{SEP}?\d{{4}}(?!{SEP}?\d)")
PHONE = re.compile(
    rf"(?:\+81{SEP}?\(?0?\)?\d{{1,4}}{SEP}?\d{{1,4}}{SEP}?\d{{3,4}}"  # +81 90-1234-5678
    rf"|\+\d{{1,3}}{SEP}?\d{{1,4}}{SEP}?\d{{2,4}}{SEP}?\d{{3,4}}"  # other countries
    rf"|(?<!\d)\(?0\d{{1,4}}\)?{SEP}?\d{{1,4}}{SEP}?\d{{3,4}}(?!\d))"  # 090-1234-5678, 03-…
)
POSTAL_ADDRESS = re.compile(
    rf"〒\s*\d{{3}}{SEP}?\d{{4}}[^\n。]*"  # 〒123-4567 and the address after it
    rf"|(?<!\d)\d{{3}}{SEP}\d{{4}}\s*{_PREFECTURE}[^\n。]*"  # 123-4567 東京都…
    rf"|{_PREFECTURE}[^\s\d、。,]{{1,12}}?[市区町村郡][^\n。、,]{{0,30}}?\d+"
    rf"(?:{SEP}\d+)*(?:丁目|番地?|号)?(?:{SEP}?\d+(?:番地?|号)?)*"  # 東京都港区芝1-2-3
)


PLACEHOLDER = re.compile(r"\[(?:email|phone|my-number|card|address)\]")


@dataclass(frozen=True)
class Redacted:
    """A text with personal data replaced by placeholders, and the kinds that were removed."""

    text: str
    removed: tuple[str, ...]  # kinds: email, phone, my_number, card, address

    def query(self) -> str:
        """The text without placeholders, for searching the lessons."""
        return without_placeholders(self.text)


def without_placeholders(text: str) -> str:
    """Return a redacted text without its placeholders (they would only add noise to a search)."""
    return PLACEHOLDER.sub(" ", text)


def _luhn(digits: str) -> bool:
    """Return True when `digits` pass the Luhn check that card numbers carry."""
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char)
        if position % 2:
            value = value * 2 - 9 if value > 4 else value * 2
        total += value
    return total % 10 == 0


def _card(match: re.Match[str]) -> str | None:
    digits = re.sub(r"\D", "", match.group())
    return "[card]" if 13 <= len(digits) <= 19 and _luhn(digits) else None


def _phone(match: re.Match[str]) -> str | None:
    digits = re.sub(r"\D", "", match.group())
    return "[phone]" if 10 <= len(digits) <= 13 else None


# Order matters: long digit runs (cards, My Number) before phone numbers, emails first.
RULES: tuple[tuple[str, re.Pattern[str], Callable[[re.Match[str]], str | None]], ...] = (
    ("email", EMAIL, lambda m: "[email]"),
    ("address", POSTAL_ADDRESS, lambda m: "[address]"),
    ("card", CARD, _card),
    ("my_number", MY_NUMBER, lambda m: "[my-number]"),
    ("phone", PHONE, _phone),
)


def redact(text: str) -> Redacted:
    """Replace emails, phone numbers, My Numbers, card numbers and addresses with placeholders."""
    text = unicodedata.normalize("NFKC", text)
    removed: list[str] = []
    for kind, pattern, replace in RULES:
        text, found = _apply(text, pattern, replace)
        if found:
            removed.append(kind)
    return Redacted(text, tuple(removed))


def _apply(
    text: str, pattern: re.Pattern[str], replace: Callable[[re.Match[str]], str | None]
) -> tuple[str, bool]:
    """Substitute the matches that `replace` accepts; say whether any was replaced."""
    found = False

    def substitute(match: re.Match[str]) -> str:
        nonlocal found
        placeholder = replace(match)
        if placeholder is None:
            return match.group()
        found = True
        return placeholder

    return pattern.sub(substitute, text), found
