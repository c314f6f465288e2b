"""How the report prints its figures: values through submissions.value_text, in its print form."""
from submissions.value_text import PRINT, number_text
from submissions.value_text import value_text as text_of

__all__ = ["number_text", "value_text"]


def value_text(value):
    """The value of one data point as the report prints it."""
    return text_of(value, form=PRINT)
