"""Tables for officers' files: CSV that Excel opens (UTF-8 with a BOM), JSON and .xlsx; every
cell a value, never a formula."""

from __future__ import annotations

import codecs
import csv
import io
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

FORMATS = ("csv", "json", "xlsx")
# A spreadsheet reads a cell starting with one of these as a formula (=HYPERLINK(…), @SUM(…)).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")
# Our own figures may start with a sign ("-0.12", "+3..+5"): those are numbers, not formulas.
_FIGURE = re.compile(r"[+-]?\d+(\.\d+)?(\.\.[+-]?\d+(\.\d+)?)?")


@dataclass(frozen=True)
class Column:
    """One column: its stable key (JSON) and its header in the reader's language."""

    key: str
    label: str


@dataclass(frozen=True)
class Table:
    """Rows under headers; a cell is a str, a number, an aware datetime, or None (empty)."""

    name: str  # the sheet's name in a workbook
    columns: Sequence[Column]
    rows: Sequence[Sequence[object]]


def safe_cell(value: object) -> object:
    """The value as a spreadsheet should show it: a text that would be a formula gets a quote."""
    if not isinstance(value, str) or not value.startswith(_FORMULA_START):
        return value
    if _FIGURE.fullmatch(value):
        return value
    return "'" + value


def render(table: Table, file_format: str) -> bytes:
    """The table as a file in `file_format` (csv, json or xlsx)."""
    if file_format == "json":
        return (as_json(table) + "\n").encode("utf-8")
    if file_format == "xlsx":
        return as_xlsx(table)
    return as_csv(table)


def as_csv(table: Table) -> bytes:
    """UTF-8 CSV with a BOM and CRLF line ends: Excel on Japanese Windows reads it as UTF-8."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([safe_cell(c.label) for c in table.columns])
    for row in table.rows:
        writer.writerow([safe_cell(_text(value)) for value in row])
    return codecs.BOM_UTF8 + out.getvalue().encode("utf-8")


def as_json(table: Table) -> str:
    """A list of objects keyed by the columns' keys; an empty cell is null."""
    keys = [c.key for c in table.columns]
    records = [
        {key: _text(value) for key, value in zip(keys, row, strict=True)} for row in table.rows
    ]
    return json.dumps(records, ensure_ascii=False, indent=1)


def as_xlsx(table: Table) -> bytes:
    """A workbook of one sheet; numbers are numbers, times are local times showing their offset."""
    from openpyxl import Workbook  # loaded only when a workbook is asked for

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = table.name[:31]  # Excel's limit for a sheet name
    sheet.append([c.label for c in table.columns])
    for row in table.rows:
        sheet.append([None] * len(row))
        for column, value in enumerate(row, start=1):
            _put(sheet.cell(row=sheet.max_row, column=column), value)
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _put(cell: Any, value: object) -> None:
    """Write one value into a workbook cell: text stays text even when it starts with `=`."""
    if isinstance(value, datetime) and value.utcoffset() is not None:
        offset = value.isoformat()[-6:]  # "+09:00"; Excel keeps no time zone, so the format says it
        cell.value = value.replace(tzinfo=None, microsecond=0)
        cell.number_format = f'yyyy-mm-dd hh:mm:ss"{offset}"'
    elif isinstance(value, str):
        cell.value = value
        cell.data_type = "s"  # never a formula
    else:
        cell.value = value


def _text(value: object) -> object:
    """A datetime as ISO 8601 with its offset; anything else as it is."""
    if isinstance(value, datetime):
        return value.isoformat(timespec="seconds")
    return value
