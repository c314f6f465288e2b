"""A value as text, the one way every page, file, log and report shows it.

Four forms of the same answer:
- TYPED: what a person types and the spreadsheet carries (`82.85`, `yes`, `` for none);
Numbers follow the active language's separators (kpis.numbers): English as below, French
`67 240,10`, Spanish `67.240,10`; TYPED and LOG keep the dot whatever the language.
- SCREEN: the pages (`82.85 %`, `103 824.68 / 100 000 inhabitants`, `yes`, `not reported`, `no value yet`):
  a space between thousands, at most two decimals (trailing zeros dropped) unless a smaller figure
  needs more to show as non-zero (`0.004 %`); the stored value keeps every digit;
- LOG: the event log, which keeps the city's reason (`82.85`, `not reported (reason)`);
- PRINT: the typography of the published U4SSC verification reports. Numbers carry two
  decimals and a space between thousands (`67 240.10`), counts and figures of six digits or
  more carry none (`232 Spots`, `116 673`), the unit follows the value (`82.85 %`,
  `116 673 / 100 000 inhabitants`), yes / no reads YES / NO.
"""
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext_lazy

from kpis.models import DataPoint
from kpis.numbers import localized

TYPED, SCREEN, LOG, PRINT = "typed", "screen", "log", "print"

# The words of each form: not reported, yes, no, no value yet. Typed answers (files, forms) and the
# value log (stored in the history) stay English; pages and the report speak the reader's language.
WORDS = {
    TYPED: ("", "yes", "no", ""),
    SCREEN: (gettext_lazy("not reported"), gettext_lazy("yes"), gettext_lazy("no"), gettext_lazy("no value yet")),
    LOG: ("not reported", "yes", "no", "no value yet"),
    PRINT: (gettext_lazy("Not reported"), gettext_lazy("YES"), gettext_lazy("NO"), gettext_lazy("No value yet")),
}

# Units the pages leave out: they only restate that the figure is a pure number or an answer.
SCREEN_HIDDEN_UNITS = {"yes/no", "ratio", "coefficient"}

# Catalogue units the published reports print differently: descriptive units of pure
# ratios are left out, and word units are capitalised the way the reports set them.
PRINTED_UNITS = {
    "yes/no": "",
    "ratio": "",
    "coefficient": "",
    "interruptions / customer / yr": "",
    "public Wi-Fi hotspots": "Spots",
    "data sets published": "Data Sets Published",
    "services": "Services",
    "minutes": "Minutes",
    "years": "Years",
    "ratio female : male": "Ratio Female: Male",
    "% city GDP": "% / City GDP",
}
# From here on a printed rate carries no decimals (116 673 subscriptions per 100 000
# inhabitants), where they would only add noise.
LARGE = 100_000


def number_typed(number):
    """`82.850000` → `82.85`: as a person types it, a dot for decimals; None → ``."""
    return "" if number is None else format(number.normalize(), "f")


def number_screen(number):
    """`91.803279` → `91.8`, `103824.680000` → `103 824.68`, `0.0042` → `0.0042`: the pages' form of a number
    (in English; the active language's separators otherwise, kpis.numbers)."""
    number = Decimal(number)
    if abs(number) >= Decimal("0.01") or not number:
        number = number.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    whole, dot, decimals = number_typed(number).partition(".")
    sign, digits = ("-", whole[1:]) if whole.startswith("-") else ("", whole)
    return localized(f"{sign}{int(digits):,}".replace(",", " ") + dot + decimals)


def number_text(number, places=2):
    """`67240.1` → `67 240.10` in English: a space separates thousands, a dot the decimals (the active
    language's separators: kpis.numbers)."""
    quantum = Decimal(1).scaleb(-places)
    rounded = Decimal(number).quantize(quantum, rounding=ROUND_HALF_UP)
    text = f"{rounded:,.{places}f}".replace(",", " ")
    return localized("0" + text[2:] if text.startswith("-0") and not rounded else text)


def unit_text(unit):
    """A catalogue unit as the report prints it."""
    return PRINTED_UNITS.get(unit, unit)


def value_text(value, *, form=SCREEN):
    """A value (or one of its historical versions) as text in the given form.

    TYPED is the answer alone, as a form or a spreadsheet cell holds it; "not reported"
    travels in its own field there.
    """
    not_reported, yes, no, no_value = (str(word) for word in WORDS[form])
    if value.not_reported and form != TYPED:
        return f"{not_reported} ({value.not_reported_reason})" if form == LOG else not_reported
    if value.yes_no is not None:
        return yes if value.yes_no else no
    if value.number is None:
        return no_value
    if form in (TYPED, LOG):
        return number_typed(value.number)
    unit = value.data_point.unit
    if form == SCREEN:
        number = number_screen(value.number)
        return f"{number} {unit}" if unit and unit not in SCREEN_HIDDEN_UNITS else number
    whole = value.data_point.value_kind == DataPoint.COUNT or abs(value.number) >= LARGE
    number = number_text(value.number, 0 if whole else 2)
    unit = unit_text(unit)
    return f"{number} {unit}" if unit else number
