"""How the report prints a value: the typography of the published U4SSC verification reports.

Numbers carry two decimals and a space between thousands (`67 240.10`), counts and
figures of six digits or more carry none (`232 Spots`, `116 673`), the unit follows the value (`82.85 %`, `116 673 / 100 000 inhabitants`),
yes / no reads YES / NO and a data point without a value reads "Not reported".
"""
from decimal import ROUND_HALF_UP, Decimal

from kpis.models import DataPoint

NOT_REPORTED = "Not reported"
LARGE = 100_000
NO_VALUE_YET = "No value yet"

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


def number_text(number, places=2):
    """`67240.1` → `67 240.10`; a space separates thousands, a dot the decimals."""
    quantum = Decimal(1).scaleb(-places)
    rounded = Decimal(number).quantize(quantum, rounding=ROUND_HALF_UP)
    text = f"{rounded:,.{places}f}".replace(",", " ")
    return "0" + text[2:] if text.startswith("-0") and not rounded else text


def unit_text(unit):
    return PRINTED_UNITS.get(unit, unit)


def value_text(value):
    """The value of one data point as the report prints it."""
    data_point = value.data_point
    if value.not_reported:
        return NOT_REPORTED
    if value.yes_no is not None:
        return "YES" if value.yes_no else "NO"
    if value.number is None:
        return NO_VALUE_YET
    # Counts are whole; so are rates of six digits and more (116 673 subscriptions per
    # 100 000 inhabitants), where decimals would only add noise.
    whole = data_point.value_kind == DataPoint.COUNT or abs(value.number) >= LARGE
    places = 0 if whole else 2
    unit = unit_text(data_point.unit)
    number = number_text(value.number, places)
    return f"{number} {unit}" if unit else number


def percent_text(part, whole):
    """A share in whole percent, as the summary tables print it: `97 %`."""
    if not whole:
        return "–"
    share = (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return f"{share} %"
