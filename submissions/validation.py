"""Checking one typed value against what its data point allows (DESIGN.md, Submissions)."""
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext, gettext_lazy

from kpis import limits
from kpis.models import DataPoint
from kpis.numbers import NUMBER_MESSAGE, read_number

from .models import Submission, Value

YES_WORDS = {"yes", "y", "true", "1", "ja", "oui", "sí", "si", "نعم"}
NO_WORDS = {"no", "n", "false", "0", "nei", "non", "لا"}


def parse_yes_no(raw):
    word = str(raw).strip().lower()
    if word in YES_WORDS:
        return True
    if word in NO_WORDS:
        return False
    raise ValidationError(gettext("Answer yes or no."), code="yes_no")


def check_number(data_point, number):
    """The catalogue's limits for a numeric data point."""
    if data_point.value_kind == DataPoint.COUNT and number != number.to_integral_value():
        raise ValidationError(gettext("A count is a whole number."), code="whole")
    if data_point.min_value is not None and number < data_point.min_value:
        if data_point.min_value == 0:
            raise ValidationError(gettext("This value cannot be negative."), code="min")
        raise ValidationError(gettext("The lowest allowed value is %(limit)s.") % {"limit": format(data_point.min_value.normalize(), "f")}, code="min")
    if data_point.max_value is not None and number > data_point.max_value:
        if data_point.value_kind == DataPoint.PERCENT:
            raise ValidationError(gettext("A percentage must be between 0 and 100."), code="max")
        raise ValidationError(gettext("The highest allowed value is %(limit)s.") % {"limit": format(data_point.max_value.normalize(), "f")}, code="max")
    if abs(number) >= Decimal("1e14"):
        raise ValidationError(gettext("This number is too large."), code="max")
    return number


def read_answer(data_point, raw, language=None):
    """Read what a person typed into (number, yes_no, how a decimal comma was read or "").

    Only reading: whether the data point allows the number is value_check's to say.
    """
    if raw is None or str(raw).strip() == "":
        return None, None, ""
    if data_point.is_yes_no:
        return None, parse_yes_no(raw), ""
    number, reading = read_number(raw, language)
    return number, None, reading


MULTIPLIERS = {
    DataPoint.TIMES_100: Decimal(100),
    DataPoint.PER_100K: Decimal(100_000),
    DataPoint.PER_CAPITA: Decimal(1),
    DataPoint.RATIO: Decimal(1),
}


def compute_from_parts(data_point, numerator, denominator):
    """The value the U4SSC template computes from a numerator and a denominator."""
    if data_point.calculation not in MULTIPLIERS:
        raise ValidationError(gettext("This data point is typed directly."), code="direct")
    if numerator < 0 or denominator < 0:
        raise ValidationError(gettext("Numerator and denominator cannot be negative."), code="min")
    if denominator == 0:
        raise ValidationError(gettext("The denominator cannot be zero."), code="zero")
    value = numerator / denominator * MULTIPLIERS[data_point.calculation]
    return check_number(data_point, value.quantize(Decimal("0.000001")))


# A value typed beside its numerator and denominator agrees with them when it is within
# 0.01, or one part in ten thousand, of what they give: a figure copied from a report, rounded.
PARTS_AGREE_WITHIN = Decimal("0.01")
PARTS_AGREE_WITHIN_SHARE = Decimal("0.0001")


def agrees_with_parts(number, computed):
    return abs(number - computed) <= max(PARTS_AGREE_WITHIN, abs(computed) * PARTS_AGREE_WITHIN_SHARE)


TEXT_LIMITS = {"not_reported_reason": limits.REASON, "source": limits.SOURCE, "note": limits.NOTE}
QUALITY_CODES = {code for code, _ in Value.QUALITY_CHOICES}
BOTH_MESSAGE = gettext_lazy("Give either a value or a not reported reason, not both.")


def value_check(data_point, data):
    """Refuse what a data point's value may not be, keyed by field (the ValueInput's, the answer as "value").

    Every writer passes through it (value_set); the form, the import and the admin ask it
    first to put the messages beside what was typed.
    """
    errors = {}

    def refuse(field, error):
        errors.setdefault(field, []).extend(error.error_list)

    if data.not_reported:
        if not (data.not_reported_reason or "").strip():
            refuse("not_reported_reason", ValidationError(gettext("Say why this data point is not reported."), code="reason"))
        if data.number is not None or data.yes_no is not None:
            refuse("value", ValidationError(BOTH_MESSAGE, code="both"))
    try:
        _answer_check(data_point, data.number, data.yes_no)
    except ValidationError as error:
        refuse("value", error)
    for field, error in _parts_errors(data_point, data.number, data.numerator, data.denominator):
        refuse(field, error)
    for field, limit in TEXT_LIMITS.items():
        try:
            MaxLengthValidator(limit)(getattr(data, field))  # the words a form's max_length says
        except ValidationError as error:
            refuse(field, error)
    if data.data_quality and data.data_quality not in QUALITY_CODES:
        refuse("data_quality", ValidationError(
            gettext("data_quality must be one of: %(codes)s.") % {"codes": ", ".join(sorted(QUALITY_CODES))},
            code="invalid_choice"))
    if errors:
        raise ValidationError(errors)


def _answer_check(data_point, number, yes_no):
    if data_point.is_yes_no:
        if number is not None or yes_no not in (None, True, False):
            raise ValidationError(gettext("Answer yes or no."), code="yes_no")
        return
    if yes_no is not None:
        raise ValidationError(gettext("This data point is answered with a number."), code="number")
    if number is None:
        return
    if not isinstance(number, Decimal) or not number.is_finite():
        raise ValidationError(NUMBER_MESSAGE, code="number")
    check_number(data_point, number)


def _parts_errors(data_point, number, numerator, denominator):
    """(field, error) for a numerator and denominator that are incomplete, or disagree with the value."""
    if numerator is None and denominator is None:
        return []
    if numerator is None:
        return [("numerator", ValidationError(gettext("Give the numerator too, or type the value directly."), code="required"))]
    if denominator is None:
        return [("denominator", ValidationError(gettext("Give the denominator too."), code="required"))]
    negative = [(name, ValidationError(gettext("This cannot be negative."), code="min"))
                for name, part in (("numerator", numerator), ("denominator", denominator)) if part < 0]
    if negative:
        return negative
    try:
        computed = compute_from_parts(data_point, numerator, denominator)
    except ValidationError as error:
        return [("numerator", ValidationError(gettext("Numerator / denominator: %(reason)s") % {"reason": " ".join(error.messages)},
                                                code=error.code))]
    if number is None or not agrees_with_parts(number, computed):
        return [("value", ValidationError(
            gettext("This does not match numerator / denominator, which give %(computed)s. "
                    "Clear the value to use the computed one, or clear the numerator to keep yours.")
            % {"computed": format(computed.normalize(), "f")}, code="parts"))]
    return []


CONTEXT_FIELDS = ("population", "households", "land_area_km2", "gdp", "gdp_currency")


def context_check(figures):
    """Refuse, keyed by field, context figures a submission may not hold (submission_context_set)."""
    errors = {}
    candidate = Submission(**figures)
    exclude = [f.name for f in Submission._meta.get_fields() if f.concrete and f.name not in figures]
    try:
        candidate.clean_fields(exclude=exclude)
    except ValidationError as error:
        errors = {field: list(field_errors) for field, field_errors in error.error_dict.items()}
    for name in ("land_area_km2", "gdp"):
        if name not in errors and figures.get(name) is not None and figures[name] < 0:
            errors[name] = [ValidationError(gettext("This cannot be negative."), code="min")]
    code = figures.get("gdp_currency") or ""
    if code and (len(code) != 3 or not code.isalpha() or not code.isupper()):
        errors.setdefault("gdp_currency", []).append(
            ValidationError(gettext("Give the three-letter currency code, e.g. NOK."), code="currency"))
    elif figures.get("gdp") is not None and not code and "gdp_currency" in figures:
        errors.setdefault("gdp_currency", []).append(ValidationError(gettext("Give the currency of the GDP."), code="required"))
    if errors:
        raise ValidationError(errors)
