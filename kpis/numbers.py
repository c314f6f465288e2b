"""Numbers in the active language: its thousands separator and decimal mark.

Every figure is first written in the seed's English form (a space between thousands, a dot
for decimals: `116 673`, `82.85`), then its two separators are swapped for the active
language's: French `67 240,10` (a narrow no-break space, U+202F, and a decimal comma),
Spanish `67.240,10`; English keeps the seed's form. Arabic prints Western digits, as ITU's
Arabic publications do for tables, with a decimal point and a narrow no-break space between
thousands (`116 673`): unlike a plain space, it holds a figure together in right-to-left text.
"""
from django.utils.translation import get_language

ENGLISH = (" ", ".")
# (thousands, decimal) per language; a language not listed writes numbers as English does.
SEPARATORS = {
    "fr": ("\u202f", ","),
    "es": (".", ","),
    "ar": ("\u202f", "."),
}


def separators(language=None):
    """(thousands, decimal) of a language, the active one by default."""
    language = (language or get_language() or "en").split("-")[0].lower()
    return SEPARATORS.get(language, ENGLISH)


def localized(text, language=None):
    """A number written in the English form (`67 240.10`, `-3.5`) with the language's separators instead."""
    thousands, decimal = separators(language)
    if (thousands, decimal) == ENGLISH:
        return text
    return text.translate(str.maketrans({" ": thousands, ".": decimal}))
