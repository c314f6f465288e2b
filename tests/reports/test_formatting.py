"""Values print the way the published report prints them."""
from decimal import Decimal

import pytest

from kpis.models import DataPoint
from reports.formatting import number_text, value_text
from submissions.models import Value


def shown(kind, unit, **answer):
    return value_text(Value(data_point=DataPoint(value_kind=kind, unit=unit), **answer))


@pytest.mark.parametrize("kind, unit, answer, expected", [
    ("percent", "%", {"number": Decimal("82.85")}, "82.85 %"),
    ("percent", "%", {"number": Decimal("100")}, "100.00 %"),
    ("number", "/ 100 000 inhabitants", {"number": Decimal("116673")}, "116 673 / 100 000 inhabitants"),
    ("number", "ha / 100 000 inhabitants", {"number": Decimal("67240.1")}, "67 240.10 ha / 100 000 inhabitants"),
    ("count", "public Wi-Fi hotspots", {"number": Decimal("232")}, "232 Spots"),
    ("count", "data sets published", {"number": Decimal("119")}, "119 Data Sets Published"),
    ("number", "ratio", {"number": Decimal("1.18")}, "1.18"),
    ("number", "minutes", {"number": Decimal("66.86")}, "66.86 Minutes"),
    ("number", "µg / m³", {"number": Decimal("15")}, "15.00 µg / m³"),
    ("yes_no", "yes/no", {"yes_no": True}, "YES"),
    ("yes_no", "yes/no", {"yes_no": False}, "NO"),
    ("percent", "%", {"not_reported": True, "not_reported_reason": "none"}, "Not reported"),
    ("percent", "%", {}, "No value yet"),
])
def test_value_text(kind, unit, answer, expected):
    assert shown(kind, unit, **answer) == expected


def test_numbers_round_half_up_with_a_space_between_thousands():
    assert number_text(Decimal("14369.355")) == "14 369.36"
    assert number_text(Decimal("-0.001")) == "0.00"
    assert number_text(Decimal("1234567"), 0) == "1 234 567"
