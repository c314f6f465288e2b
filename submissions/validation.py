"""Checking one typed value against what its data point allows (DESIGN.md, Submissions)."""
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError

from kpis.models import DataPoint

YES_WORDS = {"yes", "y", "true", "1", "ja", "oui", "sí", "si"}
NO_WORDS = {"no", "n", "false", "0", "nei", "non"}


def parse_yes_no(raw):
    word = str(raw).strip().lower()
    if word in YES_WORDS:
        return True
    if word in NO_WORDS:
        return False
    raise ValidationError("Answer yes or no.", code="yes_no")


def parse_number(raw):
    if isinstance(raw, (int, float, Decimal)) and not isinstance(raw, bool):
        number = Decimal(str(raw))
    else:
        text = str(raw).strip().replace("\u00a0", "").replace(" ", "")
        if text.endswith("%"):
            text = text[:-1]
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise ValidationError("Enter a number, with a dot for decimals (for example 82.85).", code="number")
    if not number.is_finite():
        raise ValidationError("Enter a finite number.", code="number")
    return number


def check_number(data_point, number):
    """The catalogue's limits for a numeric data point."""
    if data_point.value_kind == DataPoint.COUNT and number != number.to_integral_value():
        raise ValidationError("A count is a whole number.", code="whole")
    if data_point.min_value is not None and number < data_point.min_value:
        if data_point.min_value == 0:
            raise ValidationError("This value cannot be negative.", code="min")
        raise ValidationError(f"The lowest allowed value is {data_point.min_value.normalize()}.", code="min")
    if data_point.max_value is not None and number > data_point.max_value:
        if data_point.value_kind == DataPoint.PERCENT:
            raise ValidationError("A percentage must be between 0 and 100.", code="max")
        raise ValidationError(f"The highest allowed value is {data_point.max_value.normalize()}.", code="max")
    if abs(number) >= Decimal("1e14"):
        raise ValidationError("This number is too large.", code="max")
    return number


def clean_raw_value(data_point, raw):
    """Turn what a person typed into (number, yes_no); blank gives (None, None)."""
    if raw is None or str(raw).strip() == "":
        return None, None
    if data_point.is_yes_no:
        return None, parse_yes_no(raw)
    return check_number(data_point, parse_number(raw)), None


MULTIPLIERS = {
    DataPoint.TIMES_100: Decimal(100),
    DataPoint.PER_100K: Decimal(100_000),
    DataPoint.PER_CAPITA: Decimal(1),
    DataPoint.RATIO: Decimal(1),
}


def compute_from_parts(data_point, numerator, denominator):
    """The value the U4SSC template computes from a numerator and a denominator."""
    if data_point.calculation not in MULTIPLIERS:
        raise ValidationError("This data point is typed directly.", code="direct")
    if numerator < 0 or denominator < 0:
        raise ValidationError("Numerator and denominator cannot be negative.", code="min")
    if denominator == 0:
        raise ValidationError("The denominator cannot be zero.", code="zero")
    value = numerator / denominator * MULTIPLIERS[data_point.calculation]
    return check_number(data_point, value.quantize(Decimal("0.000001")))


# KPIs whose data points are shares of one whole: they should add up to about 100 %.
SHARES_OF_A_WHOLE = {
    "EC: I: T: 4A": "transportation mode shares",
    "EN: EN: WA: 1C": "solid waste treatment shares",
}
SHARE_TOLERANCE = Decimal(2)


def share_warnings(values):
    """Cross-checks that warn, never refuse: shares of one whole that do not add up to about 100 %."""
    by_kpi = {}
    for value in values:
        if value.data_point.kpi.code in SHARES_OF_A_WHOLE:
            by_kpi.setdefault(value.data_point.kpi.code, []).append(value)
    warnings = []
    for code, parts in by_kpi.items():
        numbers = [v.number for v in parts if not v.not_reported and v.number is not None]
        if not numbers:
            continue
        total = sum(numbers)
        complete = all(v.has_answer for v in parts)
        if (complete and abs(total - 100) > SHARE_TOLERANCE) or total > 100 + SHARE_TOLERANCE:
            warnings.append(
                f"The {SHARES_OF_A_WHOLE[code]} ({code}) add up to {total.normalize():f} %, "
                f"not about 100 %. Check them, or explain the difference in a note."
            )
    return warnings
