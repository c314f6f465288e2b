"""Numbers in the active language: its thousands separator and decimal mark.

Every figure is first written in the seed's English form (a space between thousands, a dot
for decimals: `116 673`, `82.85`), then its two separators are swapped for the active
language's: French `67 240,10` (a narrow no-break space, U+202F, and a decimal comma),
Spanish `67.240,10`; English keeps the seed's form. Arabic prints Western digits, as ITU's
Arabic publications do for tables, with a decimal point and a narrow no-break space between
thousands (`116 673`): unlike a plain space, it holds a figure together in right-to-left text.

Reading a typed figure follows the same conventions (read_number): the entry forms, the spreadsheet import
and the targets form all read through it.
"""
import re
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import get_language, gettext, gettext_lazy

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


# How a typed figure is read depends on the language of the page (or of the person importing a
# spreadsheet): in English and Arabic a dot is the decimal point and a decimal comma is read too
# ("85,5"), but "1,234", which could be either, is refused. In French and Spanish the comma is the
# decimal point ("1,234" is one point two three four); spaces group thousands, and in Spanish a dot
# does too ("1.234,5"). A lone dot before three digits ("1.234") is refused in Spanish, where it may
# separate thousands or be a decimal point copied from an English source; in French, where dots do
# not group thousands, it is read as a decimal point. Whenever a figure could have been meant
# otherwise, the reading says how it was read.
DECIMAL_COMMA = re.compile(r"[+-]?\d*,\d+")
DOTS_THEN_DECIMAL_COMMA = re.compile(r"[+-]?\d{1,3}(\.\d{3})+,\d+")
THOUSANDS_OR_DECIMAL = re.compile(r"[+-]?[1-9]\d{0,2},\d{3}")
DOT_THOUSANDS = re.compile(r"[+-]?\d{1,3}(\.\d{3}){2,}")  # 1.234.567: only thousands
DOT_THOUSANDS_OR_DECIMAL = re.compile(r"[+-]?[1-9]\d{0,2}\.\d{3}")  # 1.234
DECIMAL_DOT = re.compile(r"[+-]?\d*\.\d+")
WHOLE_WITH_DOTS = re.compile(r"[+-]?\d{1,3}(\.\d{3})*")
PLAIN = re.compile(r"[+-]?\d*(\.\d+)?")
SPACES = ("\u00a0", "\u202f", "\u2009", " ")
# Arabic-Indic and Eastern Arabic-Indic digits, the Arabic decimal and thousands separators.
ARABIC = str.maketrans({**{chr(0x0660 + d): str(d) for d in range(10)},
                        **{chr(0x06F0 + d): str(d) for d in range(10)}, "\u066b": ".", "\u066c": ""})
COMMA_DECIMAL_LANGUAGES = {"fr": "\u202f", "es": "."}  # the thousands separator each shows

NUMBER_MESSAGE = gettext_lazy("Enter a number, with a dot for decimals (for example 82.85).")
SEPARATORS_MESSAGE = gettext_lazy("Enter a number, with a dot for decimals (for example 82.85). "
                                  "A decimal comma (82,85) is read too; leave out thousands separators.")
COMMA_NUMBER_MESSAGE = gettext_lazy("Enter a number, with a comma for decimals (for example 82,85).")


def reading_language(language=None):
    """The language whose convention reads a typed figure: the one given, or the active one."""
    return (language or get_language() or settings.LANGUAGE_CODE).split("-")[0].lower()


def number_for_typing(text, language=None):
    """A plain figure (`82.85`, as value_text's TYPED form holds it) as a person of the language types it."""
    if text and reading_language(language) in COMMA_DECIMAL_LANGUAGES and PLAIN.fullmatch(text):
        return text.replace(".", ",")
    return text


def _shown(number, language):
    """The number as the reading names it: in the language's own form, so the person sees it as meant."""
    plain = format(number, "f")
    group = COMMA_DECIMAL_LANGUAGES.get(language)
    if group is None:
        return plain
    whole, _, decimals = plain.partition(".")
    sign, digits = ("-", whole[1:]) if whole.startswith("-") else ("", whole)
    grouped = f"{int(digits):,}".replace(",", group)
    return sign + grouped + ("," + decimals if decimals else "")


def _reading(typed, number, language, *, detail):
    """How typed was read; with detail, the whole part and the decimals spelt out apart."""
    values = {"typed": typed, "number": _shown(number, language)}
    if not detail:
        return gettext("%(typed)s was read as %(number)s") % values
    whole, _, decimals = format(number, "f").partition(".")
    if decimals:
        return gettext("%(typed)s was read as %(number)s (whole part %(whole)s, decimals %(decimals)s)") % {
            **values, "whole": whole, "decimals": decimals}
    return gettext("%(typed)s was read as %(number)s (a whole number: %(whole)s)") % {**values, "whole": whole}


def read_number(raw, language=None):
    """The number typed, and how it was read when it could have been meant otherwise ("" if plain).

    language: whose convention reads it (default: the active language).
    """
    if isinstance(raw, (int, float, Decimal)) and not isinstance(raw, bool):
        number, reading = Decimal(str(raw)), ""
    else:
        language = reading_language(language)
        typed = str(raw).strip()
        text = typed.translate(ARABIC).removesuffix("%").strip()
        for space in SPACES:
            text = text.replace(space, "")
        if language in COMMA_DECIMAL_LANGUAGES:
            text, detail = _comma_decimal_text(typed, text, language)
        else:
            text, detail = _dot_decimal_text(typed, text)
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise ValidationError(COMMA_NUMBER_MESSAGE if language in COMMA_DECIMAL_LANGUAGES else NUMBER_MESSAGE,
                                  code="number")
        reading = _reading(typed, number, language, detail=detail) if detail is not None else ""
    if not number.is_finite():
        raise ValidationError(gettext("Enter a finite number."), code="number")
    return number, reading


def _dot_decimal_text(typed, text):
    """English and Arabic: (text Decimal reads, None if plain / False / True for a reading with detail)."""
    if "," not in text:
        return text, None
    if THOUSANDS_OR_DECIMAL.fullmatch(text):
        raise ValidationError(
            gettext("“%(typed)s” could be read two ways: write %(thousands)s if the comma separates thousands, "
                    "or %(decimals)s if it is a decimal comma.") % {
                "typed": typed, "thousands": text.replace(",", ""), "decimals": text.replace(",", ".")},
            code="ambiguous")
    if not (DECIMAL_COMMA.fullmatch(text) or DOTS_THEN_DECIMAL_COMMA.fullmatch(text)):
        raise ValidationError(SEPARATORS_MESSAGE, code="number")
    return text.replace(".", "").replace(",", "."), False


def _comma_decimal_text(typed, text, language):
    """French and Spanish: (text Decimal reads, None if plain / False / True for a reading with detail)."""
    example = "1\u202f234,5" if language == "fr" else "1.234,5"
    separators = gettext("Enter a number, with a comma for decimals (for example %(example)s); "
                         "thousands may be separated by a space.") % {"example": example}
    if "," in text:
        whole, _, decimals = text.partition(",")
        if not decimals.isdigit() or not (WHOLE_WITH_DOTS.fullmatch(whole) if "." in whole
                                          else re.fullmatch(r"[+-]?\d*", whole)):
            raise ValidationError(separators, code="number")
        grouped = "." in whole or any(space in typed for space in SPACES)
        detail = True if grouped or len(decimals) == 3 else None
        return whole.replace(".", "") + "." + decimals, detail
    if "." not in text:
        return text, None
    if DOT_THOUSANDS.fullmatch(text):
        return text.replace(".", ""), True
    if DOT_THOUSANDS_OR_DECIMAL.fullmatch(text) and language == "es":
        raise ValidationError(
            gettext("“%(typed)s” could be read two ways: write %(thousands)s if the dot separates thousands, "
                    "or %(decimals)s if it is a decimal point.") % {
                "typed": typed, "thousands": text.replace(".", ""), "decimals": text.replace(".", ",")},
            code="ambiguous")
    if DECIMAL_DOT.fullmatch(text):
        return text, True  # a decimal point, as an English source writes it: say so
    raise ValidationError(separators, code="number")
