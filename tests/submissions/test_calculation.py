"""A value typed directly, or computed from numerator and denominator as the U4SSC template does."""
from decimal import Decimal

import pytest
from django.urls import reverse

from kpis.models import DataPoint
from submissions.forms import ValueForm
from submissions.models import Value

from .conftest import category_post, entry_url, value_of

POPULATION = 66670

# What numerator and denominator give for each way of computing (denominator 0 = the population).
EXPECTED = {
    DataPoint.TIMES_100: ("41", "50", Decimal("82")),
    DataPoint.PER_100K: ("78", "", Decimal("78") / POPULATION * 100000),
    DataPoint.PER_CAPITA: ("500000", "", Decimal("500000") / POPULATION),
    DataPoint.RATIO: ("3", "4", Decimal("0.75")),
}


def units():
    return sorted(set(DataPoint.objects.values_list("unit", flat=True)))


def form_for(value, /, **typed):
    data = {f"v{value.pk}-version": value.version}
    data.update({f"v{value.pk}-{name}": text for name, text in typed.items()})
    return ValueForm(data, value=value, population=POPULATION)


@pytest.mark.django_db
def test_every_unit_of_the_catalogue_is_covered(submission):
    """Each unit is a case below: a new unit in the catalogue needs its own check here."""
    assert units() == sorted(UNIT_CASES)


UNIT_CASES = {
    "%": "times_100", "% GDP": "times_100", "% city GDP": "times_100",
    "/ 100 000 inhabitants": "per_100k", "km / 100 000 inhabitants": "per_100k",
    "FTE / 100 000 inhabitants": "per_100k", "ha / 100 000 inhabitants": "per_100k",
    "m² / 100 000 inhabitants": "per_100k", "/ 100 000 live births": "per_100k_given",
    "tonnes eCO2 / capita": "per_capita", "ℓ / day / capita": "per_capita",
    "kWh / yr / capita": "per_capita", "GJ / yr / capita": "per_capita",
    "interruptions / customer / yr": "ratio", "ratio": "ratio", "kWh / m² / yr": "ratio",
    "ratio female : male": "ratio", "coefficient": "ratio",
    "yes/no": "yes_no", "µg / m³": "direct", "minutes": "direct", "years": "direct",
    "public Wi-Fi hotspots": "direct", "data sets published": "direct", "services": "direct",
}


@pytest.mark.django_db
@pytest.mark.parametrize("unit", sorted(UNIT_CASES))
def test_each_unit_is_computed_as_the_template_does_and_keeps_both_inputs(submission, unit):
    value = submission.values.select_related("data_point").filter(data_point__unit=unit).first()
    case = UNIT_CASES[unit]
    if case == "yes_no":
        form = form_for(value, value="yes")
        assert form.is_valid(), form.errors
        assert form.value_input.yes_no is True and "numerator" not in form.fields
    elif case == "direct":
        form = form_for(value, value="12")
        assert form.is_valid(), form.errors
        assert form.value_input.number == Decimal("12") and "numerator" not in form.fields
    elif case == "per_100k_given":
        # Per 100 000 live births: the population is not the denominator, so it must be given.
        form = form_for(value, numerator="3")
        assert not form.is_valid()
        assert form.errors["denominator"] == ["Give the denominator too."]
        form = form_for(value, numerator="3", denominator="600")
        assert form.is_valid(), form.errors
        assert form.value_input.number == Decimal("500")
    else:
        numerator, denominator, expected = EXPECTED[value.data_point.calculation]
        form = form_for(value, numerator=numerator, denominator=denominator)
        assert form.is_valid(), form.errors
        assert form.value_input.number == expected.quantize(Decimal("0.000001"))
        assert form.value_input.numerator == Decimal(numerator)
        assert form.value_input.denominator == Decimal(denominator or POPULATION)


@pytest.mark.django_db
def test_a_rate_per_100_000_from_the_form_stores_value_numerator_and_population(login, city_user, submission):
    value = value_of(submission, "EC: ICT: ICT: 3C")
    category = value.data_point.kpi.category
    response = login(city_user).post(entry_url(submission, category), category_post(
        submission, category, {value.pk: {"numerator": "66670", "value": ""}}))
    assert response.status_code == 302
    stored = Value.objects.get(pk=value.pk)
    assert (stored.number, stored.numerator, stored.denominator) == (Decimal(100000), Decimal(66670), Decimal(POPULATION))


@pytest.mark.django_db
def test_a_per_capita_rate_without_population_asks_for_it(submission):
    submission.population = None
    value = value_of(submission, "EN: E: E: 2C")  # electricity consumption, kWh / yr / capita
    form = ValueForm({f"v{value.pk}-version": 0, f"v{value.pk}-numerator": "1000"}, value=value, population=None)
    assert not form.is_valid()
    assert "enter the population in the context figures" in form.errors["denominator"][0]


@pytest.mark.django_db
def test_a_typed_value_that_contradicts_its_numerator_and_denominator_is_refused(submission):
    value = value_of(submission, "EC: ICT: ICT: 1C")
    form = form_for(value, value="90", numerator="41", denominator="50")
    assert not form.is_valid()
    assert "which give 82" in form.errors["value"][0]


@pytest.mark.django_db
def test_a_value_typed_over_an_earlier_calculation_replaces_it(login, city_user, submission):
    value = value_of(submission, "EC: ICT: ICT: 1C")
    category = value.data_point.kpi.category
    client = login(city_user)
    client.post(entry_url(submission, category), category_post(
        submission, category, {value.pk: {"numerator": "41", "denominator": "50"}}))
    assert Value.objects.get(pk=value.pk).number == Decimal(82)
    client.post(entry_url(submission, category), category_post(submission, category, {value.pk: {"value": "85"}}))
    stored = Value.objects.get(pk=value.pk)
    assert (stored.number, stored.numerator, stored.denominator) == (Decimal(85), None, None)


@pytest.mark.django_db
def test_a_percentage_computed_over_100_is_refused_beside_the_numerator(submission):
    value = value_of(submission, "EC: ICT: ICT: 1C")
    form = form_for(value, numerator="60", denominator="50")
    assert not form.is_valid()
    assert form.errors["numerator"] == ["Numerator / denominator: A percentage must be between 0 and 100."]


@pytest.mark.django_db
def test_rates_over_the_population_follow_a_corrected_population_and_keep_the_trace(login, city_user, submission):
    from submissions.models import Event

    over_population = value_of(submission, "EC: ICT: ICT: 3C")  # per 100 000 inhabitants, denominator left blank
    own_denominator = value_of(submission, "EN: E: E: 2C")  # per capita, over a figure the city typed
    client = login(city_user)
    for value, parts in ((over_population, {"numerator": "66670"}), (own_denominator, {"numerator": "1000", "denominator": "500"})):
        category = value.data_point.kpi.category
        response = client.post(entry_url(submission, category), category_post(submission, category, {value.pk: parts}))
        assert response.status_code == 302

    response = client.post(reverse("submissions:context", args=[submission.pk]), {"population": "133340"})
    assert response.status_code == 302

    stored = Value.objects.get(pk=over_population.pk)
    assert (stored.number, stored.numerator, stored.denominator) == (Decimal(50000), Decimal(66670), Decimal(133340))
    untouched = Value.objects.get(pk=own_denominator.pk)
    assert (untouched.number, untouched.denominator) == (Decimal(2), Decimal(500))
    event = Event.objects.get(value=over_population, action="value_changed", reason__contains="population")
    assert (event.from_state, event.to_state) == ("100000", "50000")
    assert event.reason == "population changed from 66670 to 133340"
