"""CSV for spreadsheets: every cell a value, never a formula."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable

# A spreadsheet reads a cell starting with one of these as a formula (=HYPERLINK(…), @SUM(…)).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")
# Our own figures may start with a sign ("-0.12", "+3..+5"): those are numbers, not formulas.
_FIGURE = re.compile(r"[+-]?\d+(\.\d+)?(\.\.[+-]?\d+(\.\d+)?)?")


def safe_cell(value: object) -> object:
    """The value as a spreadsheet should show it: a text that would be a formula gets a quote."""
    if not isinstance(value, str) or not value.startswith(_FORMULA_START):
        return value
    if _FIGURE.fullmatch(value):
        return value
    return "'" + value


def csv_text(rows: Iterable[Iterable[object]]) -> str:
    """Write rows as CSV text with every cell made safe for a spreadsheet."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    for row in rows:
        writer.writerow([safe_cell(value) for value in row])
    return out.getvalue()
