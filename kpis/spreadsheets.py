"""Reading .csv and .xlsx tables safely: rows as dicts by header, with limits a hostile file cannot pass.

The values spreadsheet (submissions) and the targets file (kpis) are both read here.
"""
import csv
import io
import os
import re
import zipfile
import zlib
from decimal import Decimal
from xml.etree.ElementTree import ParseError, iterparse

from django.core.management.base import CommandError
from django.utils.functional import lazy
from django.utils.translation import gettext, gettext_lazy
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from . import limits

# Limits that keep a hostile file from taking the server's memory or time: rows count
# blank ones too, and a workbook is refused unopened when its parts would expand far
# beyond the upload limit.
MAX_ROWS = 1000
MAX_COLUMNS = 100
MAX_CELL_CHARS = 5 * limits.NOTE
SPREADSHEET_MAX_BYTES = 5 * 1024 * 1024
SPREADSHEET_MAX_EXPANDED_BYTES = 4 * SPREADSHEET_MAX_BYTES
TOO_LARGE = gettext_lazy("The file is larger than 5 MB; a filled-in template is far smaller.")


def _too_many_rows():
    return gettext(
        "The file has more than %(rows)s rows (blank rows count too); the template has one per data point."
    ) % {"rows": f"{MAX_ROWS:,}"}


# Shown on the import pages, so translated when shown, in the reader's language.
TOO_MANY_ROWS = lazy(_too_many_rows, str)()


class SpreadsheetError(Exception):
    """The file as a whole cannot be read."""


class Row(dict):
    """The cells of one row by lower-case header, and the row's number in the file."""

    def __init__(self, cells, number):
        super().__init__(cells)
        self.number = number


def read_rows(handle, filename, required=("code", "data_point", "value")):
    """Rows of a .csv or .xlsx file as dicts keyed by lower-case header, which must hold the required columns."""
    name = filename.lower()
    if not name.endswith((".xlsx", ".csv")):
        raise SpreadsheetError(gettext("Upload a .csv or .xlsx file."))
    if _size(handle) > SPREADSHEET_MAX_BYTES:
        raise SpreadsheetError(TOO_LARGE)
    if name.endswith(".xlsx"):
        return _read_xlsx(handle, required)
    return _read_csv(handle, required)


def _size(handle):
    position = handle.tell()
    handle.seek(0, os.SEEK_END)
    size = handle.tell()
    handle.seek(position)
    return size


def command_import(command, path, load):
    """For a management command: load(handle) the file at path, its bad rows written out.

    load returns a result with .ok and .errors (row number, label, reason); a file with
    errors raises CommandError, and nothing of it has been saved.
    """
    try:
        with open(path, "rb") as handle:
            result = load(handle)
    except OSError as error:
        raise CommandError(f"Cannot read {path}: {error.strerror}.")
    except SpreadsheetError as error:
        raise CommandError(str(error))
    if not result.ok:
        for row, label, reason in result.errors:
            command.stderr.write(f"row {row}: {label}: {reason}")
        raise CommandError(f"{len(result.errors)} row(s) have errors; nothing was saved.")
    return result


def _read_csv(handle, required):
    raw = handle.read()
    if isinstance(raw, bytes):
        try:
            raw = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise SpreadsheetError(gettext("The CSV file is not UTF-8 text."))
    first_line = raw.split("\n", 1)[0]
    # Spreadsheet programs in many European locales save CSV with semicolons.
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(raw, newline=""), delimiter=delimiter)
    try:
        header = next(reader, None)
        if not header:
            raise SpreadsheetError(gettext("The file is empty."))
        return _normalised(header, ([csv_unquoted(c) for c in row] for row in reader), required)
    except csv.Error as error:
        if "field larger than field limit" in str(error):
            raise SpreadsheetError(gettext(
                "Line %(line)s of the CSV file has a cell longer than %(limit)s characters."
            ) % {"line": f"{reader.line_num:,}", "limit": f"{MAX_CELL_CHARS:,}"})
        raise SpreadsheetError(gettext("Line %(line)s of the CSV file cannot be read: %(reason)s.")
                               % {"line": f"{reader.line_num:,}", "reason": error})


# A spreadsheet program runs a CSV cell that starts like a formula; a single quote in front
# keeps it text (OWASP, CSV injection). Text that starts with a quote gets one more, so
# taking exactly one off on import gives back what was written.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
QUOTED_START = FORMULA_START + ("'",)


def csv_quoted(text):
    return "'" + text if text.startswith(QUOTED_START) else text


def csv_unquoted(text):
    return text[1:] if text.startswith("'") and text[1:].startswith(QUOTED_START) else text


# XML cannot hold most control characters: .xlsx writes them, and a carriage return,
# as _xHHHH_, and text that looks like such an escape gets its underscore escaped (ECMA-376, ST_Xstring).
XLSX_ESCAPED = re.compile(r"_x[0-9A-Fa-f]{4}_|[\x00-\x08\x0b-\x1f]")
XLSX_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")


def xlsx_escaped(text):
    return XLSX_ESCAPED.sub(lambda m: "_x005F" + m[0] if len(m[0]) > 1 else f"_x{ord(m[0]):04X}_", text)


def xlsx_unescaped(text):
    return XLSX_ESCAPE.sub(lambda m: chr(int(m[1], 16)), text)


def _read_xlsx(handle, required):
    _refuse_a_bomb(handle)
    try:
        book = load_workbook(handle, read_only=True, data_only=True)
        try:
            if not book.worksheets:
                raise SpreadsheetError(gettext("The workbook has no sheet."))
            sheet = book.worksheets[0]
            if (sheet.max_row or 0) > MAX_ROWS + 1:
                raise SpreadsheetError(TOO_MANY_ROWS)
            rows = ([_xlsx_cell(cell) for cell in row] for row in sheet.iter_rows(max_col=MAX_COLUMNS))
            header = next(rows, None)
            if not header:
                raise SpreadsheetError(gettext("The file is empty."))
            return _normalised(header, rows, required)
        finally:
            book.close()
    # What openpyxl and zipfile raise for a damaged or foreign file (openpyxl's descriptors raise TypeError).
    except (zipfile.BadZipFile, zlib.error, InvalidFileException, KeyError, ValueError, TypeError, ParseError,
            EOFError, OSError):
        raise SpreadsheetError(gettext("The file is not a readable .xlsx workbook."))


def _refuse_a_bomb(handle):
    """Refuse, before openpyxl reads it, a workbook whose parts would take far more memory or time than a template."""
    handle.seek(0)
    try:
        with zipfile.ZipFile(handle) as archive:
            parts = archive.infolist()
            if looks_like_a_bomb(parts, max_expanded=SPREADSHEET_MAX_EXPANDED_BYTES):
                raise SpreadsheetError(gettext(
                    "The workbook would expand to more than %(megabytes)s MB when opened, "
                    "far more than a filled-in template; it was refused unopened."
                ) % {"megabytes": SPREADSHEET_MAX_EXPANDED_BYTES // 2**20})
            for part in parts:
                if part.filename.endswith(".xml"):
                    with archive.open(part) as xml:
                        _count_xml(xml)
    except (zipfile.BadZipFile, zlib.error, KeyError, ValueError, ParseError, EOFError, OSError):
        raise SpreadsheetError(gettext("The file is not a readable .xlsx workbook."))
    finally:
        handle.seek(0)


def _count_xml(xml):
    """A worksheet of at most MAX_ROWS rows (blank ones too) of MAX_COLUMNS cells; as many shared texts at most."""
    events = iterparse(xml, events=("start", "end"))
    _, root = next(events)
    if root.tag.rpartition("}")[2] not in ("worksheet", "sst"):
        return  # another part: openpyxl reads it once, and its size is bounded by the check above
    rows = cells = texts = 0
    for event, element in events:
        if event == "end":
            element.clear()
            continue
        tag = element.tag.rpartition("}")[2]
        if tag == "row":
            rows, cells = rows + 1, 0
            if rows > MAX_ROWS + 1 or int(element.get("r") or rows) > MAX_ROWS + 1:
                raise SpreadsheetError(TOO_MANY_ROWS)
        elif tag == "c":
            cells += 1
            if cells > MAX_COLUMNS:
                raise SpreadsheetError(gettext(
                    "Row %(row)s has more than %(limit)s cells; the template has 10 columns."
                ) % {"row": f"{rows:,}", "limit": MAX_COLUMNS})
        elif tag == "si":
            texts += 1
            if texts > (MAX_ROWS + 1) * MAX_COLUMNS:
                raise SpreadsheetError(gettext("The workbook holds more texts than a sheet of the template can."))


def _xlsx_cell(cell):
    """A cell's value; a percent-formatted number as the percentage shown (0.5 shown as 50 % is 50).

    Numeric cells stay numbers, so they are read the same in every language."""
    value = cell.value
    if isinstance(value, str):
        return xlsx_unescaped(value)
    if isinstance(value, (int, float)) and not isinstance(value, bool) and _is_percent(cell.number_format):
        return (Decimal(repr(value)) * 100).normalize()
    return value


def _is_percent(number_format):
    """A % outside quotes and backslash escapes makes the program show the number times 100."""
    return "%" in re.sub(r'"[^"]*"|\\.', "", number_format or "")


def _normalised(header, rows, required):
    keys = [str(h or "").strip().lower() for h in header]
    if len(keys) > MAX_COLUMNS:
        raise SpreadsheetError(gettext("The header has more than %(limit)s columns; the template has 10.")
                               % {"limit": MAX_COLUMNS})
    missing = [c for c in required if c not in keys]
    if missing:
        raise SpreadsheetError(gettext("The header lacks the column(s): %(columns)s.")
                               % {"columns": ", ".join(missing)})
    result = []
    for number, row in enumerate(rows, start=2):
        if number > MAX_ROWS + 1:
            raise SpreadsheetError(TOO_MANY_ROWS)
        cells = ["" if cell is None else cell for cell in row[:len(keys)]]
        longest = max((len(c) for c in cells if isinstance(c, str)), default=0)
        if longest > MAX_CELL_CHARS:
            raise SpreadsheetError(gettext(
                "Row %(row)s has a cell of %(length)s characters; no cell may be longer than %(limit)s."
            ) % {"row": f"{number:,}", "length": f"{longest:,}", "limit": f"{MAX_CELL_CHARS:,}"})
        if not any(str(c).strip() for c in cells):
            continue
        result.append(Row({key: cells[i] if i < len(cells) else "" for i, key in enumerate(keys) if key}, number))
    return result


def cell_text(row, key):
    """A cell of a row read by read_rows, as stripped text."""
    cell = row.get(key, "")
    return "" if cell is None else str(cell).strip()


# A zip is judged by the sizes it declares, before anything is expanded: evidence uploads
# and workbooks both go through this check.
ZIP_MAX_RATIO = 100
ZIP_MAX_PARTS = 10000


def looks_like_a_bomb(parts, *, max_expanded):
    """Judged from the sizes the zip declares; nothing is expanded."""
    expanded = sum(part.file_size for part in parts)
    if expanded > max_expanded or len(parts) > ZIP_MAX_PARTS:
        return True
    return any(part.file_size > 1024 * 1024 and part.file_size > ZIP_MAX_RATIO * max(part.compress_size, 1)
               for part in parts)
