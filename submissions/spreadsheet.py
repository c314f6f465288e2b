"""The spreadsheet round trip: one row per data point, as .csv or .xlsx (DESIGN.md, Contracts).

Files are the same in every language: the columns keep their English headers and each row its
data point's English name, so a file exported in one language imports in another. Only a typed
figure is read by the convention of the uploader's language (a decimal comma in French and
Spanish: kpis.numbers.read_number); a figure written just as the export wrote it is read as exported.

The web template download, the upload, and the import_values / export_values
commands all go through this module; kpis.spreadsheets reads the file.
"""
import csv
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

# The upload form, the views and import_values take the reading names from here too.
from kpis.spreadsheets import (
    SPREADSHEET_MAX_BYTES, TOO_LARGE, SpreadsheetError, cell_text, command_import, csv_quoted, read_rows, xlsx_escaped,
)

from .models import Value
from .services import ValueInput, value_set
from .validation import QUALITY_CODES, read_answer, value_check
from .value_text import TYPED, value_text

COLUMNS = ["code", "data_point", "value", "not_reported_reason", "source", "data_quality", "note"]
EXTRA_COLUMNS = ["kpi", "unit", "type"]


def quality_by_label():
    """Data quality labels (English, or the active language's) read as their codes."""
    labels = {str(label).lower(): code for code, label in Value.QUALITY_CHOICES}
    with translation.override("en"):
        labels.update({str(label).lower(): code for code, label in Value.QUALITY_CHOICES})
    return labels


@dataclass
class ImportResult:
    errors: list = field(default_factory=list)  # (row number, data point key, reason)
    readings: list = field(default_factory=list)  # (row number, data point key, how a figure was read)
    changed: int = 0
    unchanged: int = 0

    @property
    def ok(self):
        return not self.errors


def parse_row(data_point, row, *, language=None, exported=None):
    """A ValueInput for one row and how its figure was read ("" if plainly), or a ValidationError when
    a cell cannot be read; whether the data point allows it is value_check's to say.

    language: whose convention reads a typed figure (default: the active one); exported: the value's
    text as the export writes it, read as such (a dot for decimals) when the cell still holds it.
    """
    reason = cell_text(row, "not_reported_reason")
    quality = cell_text(row, "data_quality")
    if quality not in QUALITY_CODES:
        quality = quality_by_label().get(quality.lower(), quality)  # a label read as its code; value_check judges the rest
    raw = row.get("value", "")
    if exported and isinstance(raw, str) and raw.strip() == exported:
        language = "en"  # unchanged since the export, whatever the uploader's language
    number, yes_no, reading = read_answer(data_point, raw, language)
    return ValueInput(
        number=number, yes_no=yes_no, not_reported=bool(reason), not_reported_reason=reason,
        source=cell_text(row, "source"), data_quality=quality, note=cell_text(row, "note"),
    ), reading


def row_reasons(refusal):
    """value_check's messages for one row: a row has no field to sit beside, so a length names its column."""
    reasons = []
    for column, errors in refusal.error_dict.items():
        for error in errors:
            if error.code == "max_length":
                shown, limit = error.params["show_value"], error.params["limit_value"]
                reasons.append(gettext("%(column)s is %(shown)s characters; at most %(limit)s.") % {
                    "column": column, "shown": f"{shown:,}", "limit": f"{limit:,}"})
            else:
                reasons.extend(error.messages)
    return reasons


def values_import(*, submission, rows, actor, editable_ids=None, language=None):
    """Check every row first; save nothing unless all rows are good.

    editable_ids: the values this person may change now (None: all); a row that would
    change another value is an error. language: whose convention reads the typed figures, and the
    language of the messages (default: the active one).
    """
    if language:
        with translation.override(language):
            return values_import(submission=submission, rows=rows, actor=actor, editable_ids=editable_ids)
    # Keyed by the English name, as every export writes it; the name in the page's language is
    # accepted too, for a file typed from a translated page.
    values = {}
    for v in submission.values.select_related("data_point__kpi", "data_point__target"):
        values.setdefault((v.data_point.kpi.code, v.data_point.name), v)
        values[(v.data_point.kpi.code, v.data_point.key_name)] = v
    result, parsed, seen = ImportResult(), [], set()
    for index, row in enumerate(rows, start=2):
        number = getattr(row, "number", index)
        key = (cell_text(row, "code"), cell_text(row, "data_point"))
        label = f"{key[0]} / {key[1]}"
        value = values.get(key)
        if value is None:
            result.errors.append((number, label, gettext("No such data point in this submission's catalogue.")))
            continue
        if key in seen:
            result.errors.append((number, label, gettext("This data point appears twice in the file.")))
            continue
        seen.add(key)
        try:
            data, reading = parse_row(value.data_point, row, exported=value_text(value, form=TYPED))
        except ValidationError as error:
            result.errors.append((number, label, " ".join(error.messages)))
            continue
        try:
            value_check(value.data_point, _keep_parts(value, data))
        except ValidationError as refusal:
            result.errors.append((number, label, " ".join(row_reasons(refusal))))
            continue
        if editable_ids is not None and value.pk not in editable_ids and not _same(value, data):
            result.errors.append((number, label, gettext("This value cannot be changed now.")))
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


def spreadsheet_import(*, submission, handle, filename, actor, editable_ids=None, language=None):
    """Read a .csv or .xlsx file and import it; SpreadsheetError when the file itself is unreadable.

    language: the uploader's, whose convention reads typed figures (default: the active one).
    """
    return values_import(submission=submission, rows=read_rows(handle, filename), actor=actor,
                         editable_ids=editable_ids, language=language)


def _keep_parts(value, data):
    """A spreadsheet carries no numerator/denominator: keep them when the value is unchanged."""
    if data.number is not None and data.number == value.number:
        return ValueInput(**{**data.__dict__, "numerator": value.numerator, "denominator": value.denominator})
    return data


def export_rows(submission):
    """One row per data point, in catalogue order, with the columns people read too."""
    return export_rows_of(submission.values.select_related("data_point__kpi").in_catalogue_order())


def export_rows_of(values):
    """The export's rows of values given in catalogue order (rows of the database or of a report's snapshot)."""
    for value in values:
        dp = value.data_point
        yield {
            "code": dp.kpi.code, "data_point": dp.key_name, "value": value_text(value, form=TYPED),
            "not_reported_reason": value.not_reported_reason if value.not_reported else "",
            "source": value.source, "data_quality": value.data_quality, "note": value.note,
            "kpi": dp.kpi.name, "unit": dp.unit, "type": dp.kpi.get_type_display(),
        }


def write_csv(submission, handle):
    write_values_csv(submission.values.select_related("data_point__kpi").in_catalogue_order(), handle)


def write_values_csv(values, handle):
    """The export's CSV of values given in catalogue order."""
    # Lines end in CRLF (RFC 4180), so a text holding a lone carriage return is quoted too.
    writer = csv.DictWriter(handle, fieldnames=COLUMNS + EXTRA_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for row in export_rows_of(values):
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
                             error=gettext("Choose one of the data quality codes."))
    column = get_column_letter(header.index("data_quality") + 1)
    quality.add(f"{column}2:{column}{count + 1}")
    sheet.add_data_validation(quality)
    for letter, width in zip("ABCDEFGHIJ", (18, 40, 14, 40, 30, 14, 40, 40, 26, 10)):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "C2"
    book.save(handle)
