"""The spreadsheet round trip: one row per data point, as .csv or .xlsx (DESIGN.md, Contracts).

The web template download, the upload, and the import_values / export_values
commands all go through this module.
"""
import csv
import io
import os
import re
import zipfile
import zlib
from dataclasses import dataclass, field
from decimal import Decimal
from xml.etree.ElementTree import ParseError, iterparse

from django.core.exceptions import ValidationError
from django.db import transaction
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet.datavalidation import DataValidation

from kpis import limits

from .evidence import looks_like_a_bomb
from .models import Value
from .services import ValueInput, value_set
from .validation import read_raw_value

# Limits that keep a hostile file from taking the server's memory or time: rows count
# blank ones too, and a workbook is refused unopened when its parts would expand far
# beyond the upload limit.
MAX_ROWS = 1000
MAX_COLUMNS = 100
MAX_CELL_CHARS = 5 * limits.NOTE
SPREADSHEET_MAX_BYTES = 5 * 1024 * 1024
SPREADSHEET_MAX_EXPANDED_BYTES = 4 * SPREADSHEET_MAX_BYTES
TOO_LARGE = "The file is larger than 5 MB; a filled-in template is far smaller."
TOO_MANY_ROWS = f"The file has more than {MAX_ROWS:,} rows (blank rows count too); the template has one per data point."
TEXT_LIMITS = {"not_reported_reason": limits.REASON, "source": limits.SOURCE, "note": limits.NOTE}
COLUMNS = ["code", "data_point", "value", "not_reported_reason", "source", "data_quality", "note"]
EXTRA_COLUMNS = ["kpi", "unit", "type"]
QUALITY_CODES = {code for code, _ in Value.QUALITY_CHOICES}
QUALITY_BY_LABEL = {label.lower(): code for code, label in Value.QUALITY_CHOICES}


@dataclass
class ImportResult:
    errors: list = field(default_factory=list)  # (row number, data point key, reason)
    readings: list = field(default_factory=list)  # (row number, data point key, how a figure was read)
    changed: int = 0
    unchanged: int = 0

    @property
    def ok(self):
        return not self.errors


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
        raise SpreadsheetError("Upload a .csv or .xlsx file.")
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
    from django.core.management.base import CommandError

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
            raise SpreadsheetError("The CSV file is not UTF-8 text.")
    first_line = raw.split("\n", 1)[0]
    # Spreadsheet programs in many European locales save CSV with semicolons.
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(raw, newline=""), delimiter=delimiter)
    try:
        header = next(reader, None)
        if not header:
            raise SpreadsheetError("The file is empty.")
        return _normalised(header, ([csv_unquoted(c) for c in row] for row in reader), required)
    except csv.Error as error:
        if "field larger than field limit" in str(error):
            raise SpreadsheetError(f"Line {reader.line_num:,} of the CSV file has a cell longer than "
                                   f"{MAX_CELL_CHARS:,} characters.")
        raise SpreadsheetError(f"Line {reader.line_num:,} of the CSV file cannot be read: {error}.")


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
                raise SpreadsheetError("The workbook has no sheet.")
            sheet = book.worksheets[0]
            if (sheet.max_row or 0) > MAX_ROWS + 1:
                raise SpreadsheetError(TOO_MANY_ROWS)
            rows = ([_xlsx_cell(cell) for cell in row] for row in sheet.iter_rows(max_col=MAX_COLUMNS))
            header = next(rows, None)
            if not header:
                raise SpreadsheetError("The file is empty.")
            return _normalised(header, rows, required)
        finally:
            book.close()
    # What openpyxl and zipfile raise for a damaged or foreign file (openpyxl's descriptors raise TypeError).
    except (zipfile.BadZipFile, zlib.error, InvalidFileException, KeyError, ValueError, TypeError, ParseError,
            EOFError, OSError):
        raise SpreadsheetError("The file is not a readable .xlsx workbook.")


def _refuse_a_bomb(handle):
    """Refuse, before openpyxl reads it, a workbook whose parts would take far more memory or time than a template."""
    handle.seek(0)
    try:
        with zipfile.ZipFile(handle) as archive:
            parts = archive.infolist()
            if looks_like_a_bomb(parts, max_expanded=SPREADSHEET_MAX_EXPANDED_BYTES):
                raise SpreadsheetError(
                    f"The workbook would expand to more than {SPREADSHEET_MAX_EXPANDED_BYTES // 2**20} MB when opened, "
                    "far more than a filled-in template; it was refused unopened."
                )
            for part in parts:
                if part.filename.endswith(".xml"):
                    with archive.open(part) as xml:
                        _count_xml(xml)
    except (zipfile.BadZipFile, zlib.error, KeyError, ValueError, ParseError, EOFError, OSError):
        raise SpreadsheetError("The file is not a readable .xlsx workbook.")
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
                raise SpreadsheetError(f"Row {rows:,} has more than {MAX_COLUMNS} cells; the template has 10 columns.")
        elif tag == "si":
            texts += 1
            if texts > (MAX_ROWS + 1) * MAX_COLUMNS:
                raise SpreadsheetError("The workbook holds more texts than a sheet of the template can.")


def _xlsx_cell(cell):
    """A cell's value; a percent-formatted number as the percentage typed (0.5 shown as 50 % is "50%")."""
    value = cell.value
    if isinstance(value, str):
        return xlsx_unescaped(value)
    if isinstance(value, (int, float)) and not isinstance(value, bool) and _is_percent(cell.number_format):
        return f"{(Decimal(repr(value)) * 100).normalize():f}%"
    return value


def _is_percent(number_format):
    """A % outside quotes and backslash escapes makes the program show the number times 100."""
    return "%" in re.sub(r'"[^"]*"|\\.', "", number_format or "")


def _normalised(header, rows, required):
    keys = [str(h or "").strip().lower() for h in header]
    if len(keys) > MAX_COLUMNS:
        raise SpreadsheetError(f"The header has more than {MAX_COLUMNS} columns; the template has 10.")
    missing = [c for c in required if c not in keys]
    if missing:
        raise SpreadsheetError(f"The header lacks the column(s): {', '.join(missing)}.")
    result = []
    for number, row in enumerate(rows, start=2):
        if number > MAX_ROWS + 1:
            raise SpreadsheetError(TOO_MANY_ROWS)
        cells = ["" if cell is None else cell for cell in row[:len(keys)]]
        longest = max((len(c) for c in cells if isinstance(c, str)), default=0)
        if longest > MAX_CELL_CHARS:
            raise SpreadsheetError(f"Row {number:,} has a cell of {longest:,} characters; "
                                   f"no cell may be longer than {MAX_CELL_CHARS:,}.")
        if not any(str(c).strip() for c in cells):
            continue
        result.append(Row({key: cells[i] if i < len(cells) else "" for i, key in enumerate(keys) if key}, number))
    return result


def cell_text(row, key):
    """A cell of a row read by read_rows, as stripped text."""
    cell = row.get(key, "")
    return "" if cell is None else str(cell).strip()


def parse_row(data_point, row):
    """A ValueInput for one row and how its figure was read ("" if plainly), or a ValidationError with the reasons."""
    raw = row.get("value", "")
    reason = cell_text(row, "not_reported_reason")
    quality = cell_text(row, "data_quality")
    too_long = [
        f"{key} is {len(cell_text(row, key)):,} characters; at most {limit:,}."
        for key, limit in TEXT_LIMITS.items() if len(cell_text(row, key)) > limit
    ]
    if too_long:
        raise ValidationError(too_long)
    if quality and quality not in QUALITY_CODES:
        quality = QUALITY_BY_LABEL.get(quality.lower())
        if quality is None:
            raise ValidationError(
                "data_quality must be one of: " + ", ".join(sorted(QUALITY_CODES)) + "."
            )
    number, yes_no, reading = read_raw_value(data_point, raw)
    if reason and (number is not None or yes_no is not None):
        raise ValidationError("Give either a value or a not reported reason, not both.")
    return ValueInput(
        number=number, yes_no=yes_no, not_reported=bool(reason), not_reported_reason=reason,
        source=cell_text(row, "source"), data_quality=quality or "", note=cell_text(row, "note"),
    ), reading


def values_import(*, submission, rows, actor, editable_ids=None):
    """Check every row first; save nothing unless all rows are good.

    editable_ids: the values this person may change now (None: all); a row that would
    change another value is an error.
    """
    values = {
        (v.data_point.kpi.code, v.data_point.name): v
        for v in submission.values.select_related("data_point__kpi", "data_point__target")
    }
    result, parsed, seen = ImportResult(), [], set()
    for index, row in enumerate(rows, start=2):
        number = getattr(row, "number", index)
        key = (cell_text(row, "code"), cell_text(row, "data_point"))
        label = f"{key[0]} / {key[1]}"
        value = values.get(key)
        if value is None:
            result.errors.append((number, label, "No such data point in this submission's catalogue."))
            continue
        if key in seen:
            result.errors.append((number, label, "This data point appears twice in the file."))
            continue
        seen.add(key)
        try:
            data, reading = parse_row(value.data_point, row)
        except ValidationError as error:
            result.errors.append((number, label, " ".join(error.messages)))
            continue
        if editable_ids is not None and value.pk not in editable_ids and not _same(value, data):
            result.errors.append((number, label, "This value cannot be changed now."))
            continue
        if reading:
            result.readings.append((number, label, reading))
        parsed.append((value, data))
    if result.errors:
        return result
    with transaction.atomic():
        for value, data in parsed:
            if _same(value, data):
                result.unchanged += 1
                continue
            value_set(value_id=value.pk, actor=actor, data=_keep_parts(value, data), reason="spreadsheet import")
            result.changed += 1
    return result


def _same(value, data):
    """The row says what is stored already."""
    data = _keep_parts(value, data)
    return all(getattr(value, f) == getattr(data, f) for f in ValueInput.__dataclass_fields__)


def spreadsheet_import(*, submission, handle, filename, actor, editable_ids=None):
    """Read a .csv or .xlsx file and import it; SpreadsheetError when the file itself is unreadable."""
    return values_import(submission=submission, rows=read_rows(handle, filename), actor=actor,
                         editable_ids=editable_ids)


def _keep_parts(value, data):
    """A spreadsheet carries no numerator/denominator: keep them when the value is unchanged."""
    if data.number is not None and data.number == value.number:
        return ValueInput(**{**data.__dict__, "numerator": value.numerator, "denominator": value.denominator})
    return data


def export_rows(submission):
    """One row per data point, in catalogue order, with the columns people read too."""
    values = submission.values.select_related("data_point__kpi").order_by(
        "data_point__kpi__category__dimension__order", "data_point__kpi__category__order",
        "data_point__kpi__order", "data_point__order",
    )
    for value in values:
        dp = value.data_point
        if value.yes_no is not None:
            shown = "yes" if value.yes_no else "no"
        elif value.number is not None:
            shown = format(value.number.normalize(), "f")
        else:
            shown = ""
        yield {
            "code": dp.kpi.code, "data_point": dp.name, "value": shown,
            "not_reported_reason": value.not_reported_reason if value.not_reported else "",
            "source": value.source, "data_quality": value.data_quality, "note": value.note,
            "kpi": dp.kpi.name, "unit": dp.unit, "type": dp.kpi.get_type_display(),
        }


def write_csv(submission, handle):
    # Lines end in CRLF (RFC 4180), so a text holding a lone carriage return is quoted too.
    writer = csv.DictWriter(handle, fieldnames=COLUMNS + EXTRA_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for row in export_rows(submission):
        writer.writerow({key: text if key == "value" else csv_quoted(text) for key, text in row.items()})


def _xlsx_value(key, text):
    """Numbers as numbers, so a spreadsheet program can sum and check them, when a float holds them exactly."""
    if key == "value" and text not in ("", "yes", "no") and Decimal(repr(float(text))) == Decimal(text):
        return float(text)
    return xlsx_escaped(text)


def write_xlsx(submission, handle):
    book = Workbook()
    sheet = book.active
    sheet.title = f"{submission.city.slug}-{submission.year}"[:31]
    header = COLUMNS + EXTRA_COLUMNS
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    count = 0
    for row in export_rows(submission):
        sheet.append([_xlsx_value(c, row[c]) for c in header])
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # text, never a formula, whatever it starts with
        count += 1
    quality = DataValidation(type="list", formula1='"' + ",".join(code for code, _ in Value.QUALITY_CHOICES) + '"',
                             allow_blank=True, showErrorMessage=True,
                             error="Choose one of the data quality codes.")
    column = get_column_letter(header.index("data_quality") + 1)
    quality.add(f"{column}2:{column}{count + 1}")
    sheet.add_data_validation(quality)
    for letter, width in zip("ABCDEFGHIJ", (18, 40, 14, 40, 30, 14, 40, 40, 26, 10)):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "C2"
    book.save(handle)
