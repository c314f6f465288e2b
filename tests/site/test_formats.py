"""One way of writing dates and numbers: "29 November 2026", "29 Nov 2026, 14:05", "268 180", "91.8 %"."""
import datetime
import unicodedata
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format, get_format

from kpis.models import DataPoint
from submissions.models import Value
from submissions.value_text import number_screen, value_text

MOMENT = datetime.datetime(2026, 11, 29, 14, 5, tzinfo=datetime.timezone.utc)


def test_days_and_moments_are_written_one_way_in_templates_and_in_python():
    shown = Template('{{ at|date }} · {{ at|date:"DATETIME_FORMAT" }} · {{ at|date:"YEAR_MONTH_FORMAT" }}').render(
        Context({"at": MOMENT}))
    assert shown == "29 November 2026 · 29 Nov 2026, 14:05 · November 2026"
    assert date_format(datetime.date(2021, 6, 9)) == "9 June 2021"


@pytest.mark.django_db
def test_a_computed_percentage_shows_two_decimals_at_most_and_keeps_its_digits_stored():
    data_point = DataPoint.objects.filter(value_kind=DataPoint.PERCENT).first()
    value = Value(data_point=data_point, number=Decimal("91.803279"))
    assert value_text(value) == f"91.8 {data_point.unit}"
    assert value_text(value, form="typed") == "91.803279"
    tiny = Value(data_point=data_point, number=Decimal("0.0042"))
    assert value_text(tiny) == f"0.0042 {data_point.unit}", "a small figure keeps the digits that make it non-zero"
    rate = DataPoint.objects.filter(unit="/ 100 000 inhabitants").first()
    assert value_text(Value(data_point=rate, number=Decimal("103824.680000"))) == "103 824.68 / 100 000 inhabitants"
    shown = Template("{% load scores %}{{ p|percent_of_target }} · {{ n|number_shown }}").render(
        Context({"p": Decimal("91.803279"), "n": 268180}))
    assert shown == "91.8 % · 268 180"


@pytest.mark.django_db
def test_pages_write_the_publication_day_and_the_context_figures_the_same_way(client, alesund, django_user_model):
    client.force_login(django_user_model.objects.get(username="secretariat"))
    assert "Published on 15 June 2020" in client.get(reverse("reports:index")).content.decode()
    alesund.population = 66670
    alesund.save(update_fields=["population"])
    overview = client.get(reverse("submissions:overview", args=[alesund.pk])).content.decode()
    assert "<dd>66 670</dd>" in overview


@pytest.mark.parametrize("language, day, moment, month", [
    ("en", "29 November 2026", "29 Nov 2026, 14:05", "November 2026"),
    ("fr", "29 novembre 2026", "29 nov. 2026, 14:05", "novembre 2026"),
    ("es", "29 de noviembre de 2026", "29 nov. 2026, 14:05", "noviembre de 2026"),
    ("ar", "29 نوفمبر 2026", "29 نوفمبر 2026، 14:05", "نوفمبر 2026"),
])
def test_days_and_moments_are_written_in_each_language_s_own_form(language, day, moment, month):
    with translation.override(language):
        shown = Template('{{ at|date }}|{{ at|date:"DATETIME_FORMAT" }}|{{ at|date:"YEAR_MONTH_FORMAT" }}').render(
            Context({"at": MOMENT}))
        assert shown.split("|") == [day, moment, month]
        assert date_format(MOMENT.date()) == day


@pytest.mark.parametrize("language, decimal, thousands, shown", [
    ("fr", ",", "\u202f", "116\u202f673,5"),
    ("es", ",", ".", "116.673,5"),
    ("ar", ".", "\u202f", "116\u202f673.5"),
])
def test_each_language_has_its_decimal_and_thousands_separators(language, decimal, thousands, shown):
    with translation.override(language):
        assert (get_format("DECIMAL_SEPARATOR"), get_format("THOUSAND_SEPARATOR")) == (decimal, thousands)
        assert Template('{{ n|floatformat:"1g" }}').render(Context({"n": Decimal("116673.5")})) == shown


def test_arabic_figures_hold_together_in_right_to_left_text():
    """Between two digits a common separator (bidi class CS) takes the digits' direction, so "116 673" is not
    reordered into "673 116" in Arabic; a plain space (WS) would break the figure in two."""
    with translation.override("ar"):
        thousands = get_format("THOUSAND_SEPARATOR")
        assert number_screen(Decimal("116673.5")) == f"116{thousands}673.5"
    assert unicodedata.bidirectional(thousands) == "CS"
    assert unicodedata.bidirectional(" ") == "WS"
