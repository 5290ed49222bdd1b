"""A roster file's bytes as rows of cells: CSV in UTF-8 (with or without BOM) or CP932, Excel's
"Unicode text" (UTF-16, tab-separated), or an .xlsx workbook; and the blank template."""

from __future__ import annotations

import codecs
import csv
import io
import warnings
import zipfile
from datetime import date, datetime

UNREADABLE = (
    "このファイルは読めません。CSV（UTF-8 または Shift_JIS）、Unicode テキスト、.xlsx のいずれかで"
    "保存してください / Cannot read this file: save it as CSV (UTF-8 or Shift_JIS), "
    "Unicode text or .xlsx"
)
XLSX_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # the old binary .xls: Excel can save it as .xlsx
# The template's headers: what each column means, in the language the officer reads.
TEMPLATE_HEADERS = {
    "ja": ["組合員番号", "メール", "ユーザーID", "所属支部", "役割", "言語", "タイムゾーン"],
    "en": ["member_number", "email", "user_id", "cohort", "role", "locale", "timezone"],
}


class UnreadableFile(Exception):
    """The file is not a roster we can read; the message is one bilingual line."""

    def __init__(self, detail: str = "") -> None:
        super().__init__(UNREADABLE + (f" ({detail})" if detail else ""))


def read_table(data: bytes) -> list[list[str]]:
    """Return the file's rows (header first) as lists of cell texts."""
    if data.startswith(XLSX_MAGIC):
        return _xlsx_rows(data)
    text = decode(data)
    if "\x00" in text:
        raise UnreadableFile()
    first = text.split("\n", 1)[0]
    delimiter = "\t" if first.count("\t") > first.count(",") else ","
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))


def decode(data: bytes) -> str:
    """Decode text the way Excel and editors save it: BOM first, then UTF-8, then CP932."""
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :].decode("utf-8", errors="strict")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise UnreadableFile("UTF-16") from None
    if data.startswith(OLE_MAGIC):
        raise UnreadableFile(".xls")
    if _looks_utf16_le(data):
        try:
            return data.decode("utf-16-le")
        except UnicodeDecodeError:
            raise UnreadableFile("UTF-16") from None
    for encoding in ("utf-8", "cp932"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise UnreadableFile()


def _looks_utf16_le(data: bytes) -> bool:
    """UTF-16 without a BOM: ASCII text has a NUL after every character."""
    sample = data[:200]
    return len(sample) >= 4 and sample[1::2].count(0) > len(sample) // 4


def _xlsx_rows(data: bytes) -> list[list[str]]:
    """The first sheet of a workbook, every cell as text (12345.0 as '12345')."""
    from openpyxl import load_workbook  # loaded only for workbooks

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about styles it does not read
            book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError):
        raise UnreadableFile("xlsx") from None
    try:
        sheet = book.worksheets[0]
        return [[_cell_text(value) for value in row] for row in sheet.iter_rows(values_only=True)]
    finally:
        book.close()


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # Excel stores member numbers as numbers
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)


def template(lang: str, file_format: str) -> bytes:
    """A blank roster: the header row in `lang`, as UTF-8 CSV with a BOM (so Excel shows the
    Japanese) or as .xlsx."""
    headers = TEMPLATE_HEADERS[lang]
    if file_format == "xlsx":
        from openpyxl import Workbook

        book = Workbook()
        sheet = book.active
        assert sheet is not None
        sheet.title = "名簿" if lang == "ja" else "roster"
        sheet.append(headers)
        out = io.BytesIO()
        book.save(out)
        return out.getvalue()
    text = io.StringIO()
    csv.writer(text, lineterminator="\r\n").writerow(headers)
    return codecs.BOM_UTF8 + text.getvalue().encode("utf-8")
