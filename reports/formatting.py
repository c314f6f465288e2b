"""How the report prints its figures: values through submissions.value_text (the print form), summary percentages here."""
from decimal import ROUND_HALF_UP, Decimal

from submissions.value_text import PRINT, number_text
from submissions.value_text import value_text as text_of

__all__ = ["number_text", "percent_text", "value_text"]


def value_text(value):
    """The value of one data point as the report prints it."""
    return text_of(value, form=PRINT)


def percent_text(part, whole):
    """A share in whole percent, as the summary tables print it: `97 %`."""
    if not whole:
        return "–"
    share = (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return f"{share} %"
