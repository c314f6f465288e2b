"""Benchmark targets imported from a file in the format of the reference targets.csv.

One row per data point: `code,data_point,direction,target,source`. Rows replace the
targets of the data points they name and add the missing ones; data points the file
does not name keep theirs. Every row is checked first, and nothing is saved from a
file with errors. Both the admin's upload and `import_targets` come through here.
"""
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.db import transaction

from .models import DataPoint, Target
from .services import scores_recompute
from .spreadsheets import cell_text, read_rows

COLUMNS = ("code", "data_point", "direction", "target", "source")
NUMERIC_DIRECTIONS = (DataPoint.HIGHER, DataPoint.LOWER)


@dataclass
class TargetImport:
    errors: list = field(default_factory=list)  # (row number, "code / data point", reason)
    created: int = 0
    changed: int = 0
    unchanged: int = 0
    rescored: int = 0

    @property
    def ok(self):
        return not self.errors


def targets_read(handle, filename):
    """The rows of a .csv or .xlsx targets file; SpreadsheetError when the file itself is unreadable."""
    return read_rows(handle, filename, required=COLUMNS)


def _parsed(data_point, row):
    """The target's fields for one row, or the reason the row is refused."""
    direction = cell_text(row, "direction").lower()
    target = cell_text(row, "target").lower()
    source = cell_text(row, "source")
    if not source:
        return None, "give the source of the target"
    if data_point.is_yes_no:
        if direction != DataPoint.YES:
            return None, "a yes/no data point takes the direction yes"
        if target not in ("yes", "no"):
            return None, "the target of a yes/no data point is yes or no"
        return {"direction": direction, "value": None, "yes_no": target == "yes", "source": source}, None
    if direction not in NUMERIC_DIRECTIONS:
        return None, "the direction of a numeric data point is higher or lower"
    try:
        value = Decimal(target)
    except InvalidOperation:
        return None, f"the target must be a number with a dot for decimals, not {target!r}"
    if not value.is_finite() or value < 0:
        return None, "the target must be a number of zero or more"
    if value.as_tuple().exponent < -6 or abs(value) >= 10**14:
        return None, "the target has more digits than a target can keep"
    if data_point.max_value is not None and value > data_point.max_value:
        return None, f"the target cannot be over {data_point.max_value.normalize():f}"
    return {"direction": direction, "value": value, "yes_no": None, "source": source}, None


def _same(target, fields):
    return all(getattr(target, name) == wanted for name, wanted in fields.items())


def targets_import(*, rows, edition):
    """Check every row against the edition's catalogue, then save all of them or none."""
    result = TargetImport()
    data_points = {
        (dp.kpi.code, dp.name): dp
        for dp in DataPoint.objects.filter(kpi__subdimension__dimension__edition=edition)
        .select_related("kpi", "target")
    }
    planned, seen = [], {}
    for number, row in enumerate(rows, start=2):
        key = (cell_text(row, "code"), cell_text(row, "data_point"))
        label = " / ".join(key)
        data_point = data_points.get(key)
        if data_point is None:
            result.errors.append((number, label, f"no such data point in {edition}"))
            continue
        if key in seen:
            result.errors.append((number, label, f"this data point is given twice (also row {seen[key]})"))
            continue
        seen[key] = number
        fields, reason = _parsed(data_point, row)
        if reason:
            result.errors.append((number, label, reason))
            continue
        planned.append((data_point, fields))
    if result.errors:
        return result

    with transaction.atomic():
        rescore = []
        for data_point, fields in planned:
            existing = getattr(data_point, "target", None)
            if existing is not None and _same(existing, fields):
                result.unchanged += 1
                continue
            Target.objects.update_or_create(data_point=data_point, defaults=fields)
            if existing is None:
                result.created += 1
            else:
                result.changed += 1
            rescore.append(data_point.pk)
        if rescore:
            result.rescored = scores_recompute(data_point_ids=rescore)
    return result
