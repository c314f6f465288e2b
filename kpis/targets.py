"""Benchmark targets imported from a file in the format of the reference targets.csv.

One row per data point: `code,data_point,direction,target,source`. Rows replace the
targets of the data points they name and add the missing ones; data points the file
does not name keep theirs. Every row is checked first, and nothing is saved from a
file with errors. The targets page's upload and `import_targets` come through here, and
through `targets_apply`: an import that changes anything makes one new targets edition.
"""
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .models import DataPoint
from .services import reason_check, target_check, targets_apply
from .spreadsheets import cell_text, read_rows

COLUMNS = ("code", "data_point", "direction", "target", "source")


@dataclass
class TargetImport:
    errors: list = field(default_factory=list)  # (row number, "code / data point", reason)
    created: int = 0
    changed: int = 0
    unchanged: int = 0
    rescored: int = 0
    edition: object = None  # the targets edition the import made; None when nothing changed

    @property
    def ok(self):
        return not self.errors


def targets_read(handle, filename):
    """The rows of a .csv or .xlsx targets file; SpreadsheetError when the file itself is unreadable."""
    return read_rows(handle, filename, required=COLUMNS)


def _row_reason(error):
    """The service's messages, as one row's reason: "the target must be …; give the source …"."""
    messages = [message for field_messages in error.message_dict.values() for message in field_messages]
    return "; ".join(message[0].lower() + message[1:].rstrip(".") for message in messages)


def _parsed(data_point, row):
    """The target's fields for one row, or the reason the row is refused."""
    direction = cell_text(row, "direction").lower()
    target = cell_text(row, "target").lower()
    value = yes_no = None
    if data_point.is_yes_no:
        yes_no = {"yes": True, "no": False}.get(target)
    else:
        try:
            value = Decimal(target)
        except InvalidOperation:
            return None, _("the target must be a number with a dot for decimals, not %(typed)s") % {"typed": repr(target)}
    try:
        fields = target_check(data_point=data_point, direction=direction, value=value, yes_no=yes_no,
                              source=cell_text(row, "source"))
    except ValidationError as error:
        return None, _row_reason(error)
    return fields, None


def targets_import(*, rows, edition, reason, actor):
    """Check every row against the edition's catalogue, then save all of them or none, as one targets edition."""
    reason_check(reason)
    result = TargetImport()
    # Keyed by the English name, whatever the language of the page: files are English-keyed.
    data_points = {
        (dp.kpi.code, dp.key_name): dp
        for dp in DataPoint.objects.filter(kpi__subdimension__dimension__edition=edition).select_related("kpi")
    }
    planned, seen = [], {}
    for number, row in enumerate(rows, start=2):
        key = (cell_text(row, "code"), cell_text(row, "data_point"))
        label = " / ".join(key)
        data_point = data_points.get(key)
        if data_point is None:
            result.errors.append((number, label, _("no such data point in %(edition)s") % {"edition": edition}))
            continue
        if key in seen:
            result.errors.append((number, label, _("this data point is given twice (also row %(row)s)") % {"row": seen[key]}))
            continue
        seen[key] = number
        fields, refused = _parsed(data_point, row)
        if refused:
            result.errors.append((number, label, refused))
            continue
        planned.append((data_point, fields))
    if result.errors:
        return result

    result.edition = targets_apply(catalogue=edition, planned=planned, reason=reason, actor=actor)
    if result.edition is not None:
        befores = list(result.edition.changes.values_list("before", flat=True))
        result.created = sum(before is None for before in befores)
        result.changed = len(befores) - result.created
        result.rescored = result.edition.rescored
    result.unchanged = len(planned) - result.created - result.changed
    return result
