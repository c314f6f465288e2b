"""Checking one typed value against what its data point allows (DESIGN.md, Submissions)."""
import re
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


# A comma is a decimal comma unless it could separate thousands: "85,5", "1234,5", "0,125",
# or after dots that separate thousands, "1.234,5". "1,234" could be either, and is refused.
DECIMAL_COMMA = re.compile(r"[+-]?\d*,\d+")
DOTS_THEN_DECIMAL_COMMA = re.compile(r"[+-]?\d{1,3}(\.\d{3})+,\d+")
THOUSANDS_OR_DECIMAL = re.compile(r"[+-]?[1-9]\d{0,2},\d{3}")
NUMBER_MESSAGE = "Enter a number, with a dot for decimals (for example 82.85)."
SEPARATORS_MESSAGE = NUMBER_MESSAGE + " A decimal comma (82,85) is read too; leave out thousands separators."


def read_number(raw):
    """The number typed, and how it was read when a decimal comma made it other than plain ("" if plain)."""
    if isinstance(raw, (int, float, Decimal)) and not isinstance(raw, bool):
        number, reading = Decimal(str(raw)), ""
    else:
        typed = str(raw).strip()
        text = typed.replace("\u00a0", "").replace("\u202f", "").replace(" ", "").removesuffix("%")
        reading = ""
        if "," in text:
            if THOUSANDS_OR_DECIMAL.fullmatch(text):
                thousands, decimals = text.replace(",", ""), text.replace(",", ".")
                raise ValidationError(
                    f"“{typed}” could be read two ways: write {thousands} if the comma separates thousands, "
                    f"or {decimals} if it is a decimal comma.", code="ambiguous",
                )
            if not (DECIMAL_COMMA.fullmatch(text) or DOTS_THEN_DECIMAL_COMMA.fullmatch(text)):
                raise ValidationError(SEPARATORS_MESSAGE, code="number")
            text = text.replace(".", "").replace(",", ".")
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise ValidationError(NUMBER_MESSAGE, code="number")
        if "," in typed:
            reading = f"{typed} was read as {format(number, 'f')}"
    if not number.is_finite():
        raise ValidationError("Enter a finite number.", code="number")
    return number, reading


def parse_number(raw):
    return read_number(raw)[0]


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


def read_raw_value(data_point, raw):
    """Turn what a person typed into (number, yes_no, how a decimal comma was read or "")."""
    if raw is None or str(raw).strip() == "":
        return None, None, ""
    if data_point.is_yes_no:
        return None, parse_yes_no(raw), ""
    number, reading = read_number(raw)
    return check_number(data_point, number), None, reading


def clean_raw_value(data_point, raw):
    """Turn what a person typed into (number, yes_no); blank gives (None, None)."""
    return read_raw_value(data_point, raw)[:2]


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
