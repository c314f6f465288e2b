"""Entering values category by category: validation beside the field, nothing typed is lost."""
import re
from decimal import Decimal

import pytest

from kpis.models import Category
from submissions.forms import ValueForm
from submissions.models import Value
from submissions.services import ValueInput, value_set

from .conftest import category_post, entry_url, fill, value_of


def field_error(response, value, field):
    """The message shown beside one field of one value."""
    html = response.content.decode()
    match = re.search(rf'id="error_\d+_id_v{value.pk}-{field}"[^>]*>\s*<strong>(.*?)</strong>', html, re.S)
    return match.group(1).strip() if match else None


def typed(response, value, field):
    match = re.search(rf'name="v{value.pk}-{field}"[^>]*value="([^"]*)"', response.content.decode())
    return match.group(1) if match else None


@pytest.mark.django_db
def test_the_entry_page_groups_kpis_with_units_hints_and_core_or_advanced(login, city_user, submission, transport):
    response = login(city_user).get(entry_url(submission, transport))
    html = response.content.decode()
    assert response.status_code == 200
    assert "EC: I: T: 4A" in html and "Transportation Mode Share" in html
    assert "Private Vehicles (%)" in html
    assert "numerator / denominator × 100" in html
    assert 'entry-kpi entry-kpi-core' in html and 'entry-kpi entry-kpi-advanced' in html
    assert html.count("Core</span>") + html.count("Advanced</span>") == transport.kpis.count()


@pytest.mark.django_db
def test_bad_input_gets_a_message_beside_the_field_and_keeps_everything_typed(login, city_user, submission):
    category = Category.objects.get(name="ICT Infrastructure")
    percent = value_of(submission, "EC: ICT: ICT: 1C")
    rate = value_of(submission, "EC: ICT: ICT: 3C")
    good = value_of(submission, "EC: ICT: ICT: 2C")
    response = login(city_user).post(entry_url(submission, category), category_post(submission, category, {
        percent.pk: {"value": "-3", "source": "Statistics Norway"},
        rate.pk: {"value": "abc"},
        good.pk: {"value": "82.85", "note": "From the 2019 survey"},
    }))
    assert response.status_code == 400
    assert field_error(response, percent, "value") == "This value cannot be negative."
    assert field_error(response, rate, "value") == "Enter a number, with a dot for decimals (for example 82.85)."
    assert typed(response, percent, "value") == "-3"
    assert typed(response, percent, "source") == "Statistics Norway"
    assert typed(response, rate, "value") == "abc"
    assert typed(response, good, "value") == "82.85"
    assert "From the 2019 survey" in response.content.decode()
    assert "Nothing was saved yet" in response.content.decode()
    assert not Value.objects.filter(submission=submission).exclude(number=None).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("code, name, typed_value, message", [
    ("EC: ICT: ICT: 1C", None, "100.5", "A percentage must be between 0 and 100."),
    ("SC: SH: SA: 3A", None, "7", "Answer yes or no."),
    ("EC: ICT: ICT: 5A", None, "-2", "This value cannot be negative."),
    ("EC: ICT: ICT: 5A", None, "2.5", "A count is a whole number."),
    ("EC: ICT: ICT: 3C", None, "-10", "This value cannot be negative."),
])
def test_the_catalogue_rules_refuse_a_value(login, city_user, submission, code, name, typed_value, message):
    value = value_of(submission, code, name)
    category = value.data_point.kpi.category
    response = login(city_user).post(entry_url(submission, category),
                                     category_post(submission, category, {value.pk: {"value": typed_value}}))
    assert response.status_code == 400
    assert field_error(response, value, "value") == message
    assert Value.objects.get(pk=value.pk).version == 0


@pytest.mark.django_db
def test_school_enrolment_may_be_over_100_percent(login, city_user, submission):
    value = value_of(submission, "SC: EH: ED: 2C")
    category = value.data_point.kpi.category
    response = login(city_user).post(entry_url(submission, category),
                                     category_post(submission, category, {value.pk: {"value": "100.25"}}))
    assert response.status_code == 302
    assert Value.objects.get(pk=value.pk).number == Decimal("100.25")


@pytest.mark.django_db
def test_not_reported_needs_a_reason(login, city_user, submission):
    value = value_of(submission, "EC: ICT: ICT: 1C")
    category = value.data_point.kpi.category
    client = login(city_user)
    response = client.post(entry_url(submission, category),
                           category_post(submission, category, {value.pk: {"not_reported": "on"}}))
    assert response.status_code == 400
    assert field_error(response, value, "not_reported_reason") == "Say why this data point is not reported."
    response = client.post(entry_url(submission, category), category_post(submission, category, {
        value.pk: {"not_reported": "on", "not_reported_reason": "The survey was not run this year."}}))
    assert response.status_code == 302
    stored = Value.objects.get(pk=value.pk)
    assert stored.not_reported and stored.not_reported_reason == "The survey was not run this year."


@pytest.mark.django_db
def test_a_value_and_not_reported_together_are_refused(login, city_user, submission):
    value = value_of(submission, "EC: ICT: ICT: 1C")
    category = value.data_point.kpi.category
    response = login(city_user).post(entry_url(submission, category), category_post(submission, category, {
        value.pk: {"value": "50", "not_reported": "on", "not_reported_reason": "No survey."}}))
    assert response.status_code == 400
    assert "untick “not reported”" in field_error(response, value, "value")


@pytest.mark.django_db
def test_a_yes_no_data_point_saves_yes(login, city_user, submission):
    value = value_of(submission, "SC: SH: SA: 3A")
    category = value.data_point.kpi.category
    response = login(city_user).post(entry_url(submission, category),
                                     category_post(submission, category, {value.pk: {"value": "yes"}}))
    assert response.status_code == 302
    assert Value.objects.get(pk=value.pk).yes_no is True


@pytest.mark.django_db
def test_saving_one_category_does_not_touch_the_others(login, city_user, submission, transport):
    fill(submission, city_user)
    before = {v.pk: (v.version, v.number, v.entered_at) for v in submission.values.exclude(data_point__kpi__category=transport)}
    value = value_of(submission, "EC: I: T: 4A", "Walking")
    response = login(city_user).post(entry_url(submission, transport),
                                     category_post(submission, transport, {value.pk: {"value": "19"}}))
    assert response.status_code == 302
    after = {v.pk: (v.version, v.number, v.entered_at) for v in submission.values.exclude(data_point__kpi__category=transport)}
    assert before == after
    assert Value.objects.get(pk=value.pk).number == Decimal(19)
    # Only the changed value of the category got a new version, and its history holds old → new.
    assert submission.values.filter(data_point__kpi__category=transport, version=2).count() == 1
    history = list(Value.objects.get(pk=value.pk).history.order_by("history_date").values_list("number", flat=True))
    assert history[-2:] == [Decimal(20), Decimal(19)]


@pytest.mark.django_db
def test_a_value_saved_meanwhile_by_someone_else_is_shown_and_nothing_typed_is_lost(
        login, city_user, make_user, city, submission):
    from submissions import roles

    colleague = make_user("colleague", roles.CITY_STAFF, city=city, first_name="Kari", last_name="Berg")
    value = value_of(submission, "EC: ICT: ICT: 1C")
    other = value_of(submission, "EC: ICT: ICT: 2C")
    category = value.data_point.kpi.category
    page = category_post(submission, category, {value.pk: {"value": "90"}, other.pk: {"value": "70"}})
    value_set(value_id=value.pk, actor=colleague, expected_version=0, data=ValueInput(number=Decimal("88")))
    client = login(city_user)
    response = client.post(entry_url(submission, category), page)
    assert response.status_code == 400
    message = field_error(response, value, "value")
    assert "Kari Berg saved this data point while you were editing it: it is now 88 %" in message
    assert typed(response, value, "value") == "90" and typed(response, other, "value") == "70"
    assert Value.objects.get(pk=value.pk).number == Decimal(88)
    assert Value.objects.get(pk=other.pk).number is None  # nothing of that save was kept
    # Saving again (the form now carries the current version) replaces the colleague's value.
    again = dict(page)
    again[f"v{value.pk}-version"] = "1"
    response = client.post(entry_url(submission, category), again)
    assert response.status_code == 302
    assert Value.objects.get(pk=value.pk).number == Decimal(90)
    assert Value.objects.get(pk=other.pk).number == Decimal(70)


@pytest.mark.django_db
def test_shares_that_do_not_add_up_to_100_are_a_warning_not_an_error(login, city_user, submission, transport):
    shares = {name: value_of(submission, "EC: I: T: 4A", name) for name in
              ("Private Vehicles", "Public Transport", "Walking", "Cycling", "Para Transport")}
    changes = {value.pk: {"value": "30"} for value in shares.values()}
    response = login(city_user).post(entry_url(submission, transport), category_post(submission, transport, changes),
                                     follow=True)
    assert response.status_code == 200
    assert "The transportation mode shares (EC: I: T: 4A) add up to 150 %, not about 100 %." in response.content.decode()
    assert all(Value.objects.get(pk=v.pk).number == Decimal(30) for v in shares.values())


@pytest.mark.django_db
def test_the_alesund_shares_add_up_to_about_100_and_are_not_warned_about(alesund):
    from submissions.cross_checks import share_warnings

    assert share_warnings(alesund.values.select_related("data_point__kpi")) == []


@pytest.mark.django_db
def test_solid_waste_treatment_shares_are_cross_checked(submission, city_user):
    from submissions.cross_checks import share_warnings

    for value in submission.values.filter(data_point__kpi__code="EN: EN: WA: 1C"):
        value_set(value_id=value.pk, actor=city_user, data=ValueInput(number=Decimal(10)))
    warnings = share_warnings(submission.values.select_related("data_point__kpi"))
    assert warnings == ["The solid waste treatment shares (EN: EN: WA: 1C) add up to 60 %, not about 100 %. "
                        "Check them, or explain the difference in a note."]


@pytest.mark.django_db
def test_a_decimal_comma_is_read_as_a_decimal_and_saved(login, city_user, submission):
    category = Category.objects.get(name="ICT Infrastructure")
    percent = value_of(submission, "EC: ICT: ICT: 1C")
    response = login(city_user).post(entry_url(submission, category),
                                     category_post(submission, category, {percent.pk: {"value": "85,5"}}))
    assert response.status_code == 302
    assert Value.objects.get(pk=percent.pk).number == Decimal("85.5")


@pytest.mark.django_db
def test_how_a_decimal_comma_was_read_is_shown_beside_the_field(login, city_user, submission):
    category = Category.objects.get(name="ICT Infrastructure")
    percent = value_of(submission, "EC: ICT: ICT: 1C")
    rate = value_of(submission, "EC: ICT: ICT: 3C")
    response = login(city_user).post(entry_url(submission, category), category_post(submission, category, {
        percent.pk: {"value": "85,5"},
        rate.pk: {"value": "abc"},
    }))
    html = response.content.decode()
    assert response.status_code == 400
    hint = re.search(rf'id="id_v{percent.pk}-value_helptext"[^>]*>(.*?)</', html, re.S)
    assert hint and hint.group(1).strip().startswith("85,5 was read as 85.5.")
    assert typed(response, percent, "value") == "85,5"


@pytest.mark.django_db
def test_the_form_says_how_it_read_each_decimal_comma_for_the_saved_message(submission):
    rate = value_of(submission, "EC: ICT: ICT: 3C")
    form = ValueForm({f"v{rate.pk}-version": 0, f"v{rate.pk}-numerator": "78,5", f"v{rate.pk}-denominator": "66670"},
                     value=rate, population=66670)
    assert form.is_valid(), form.errors
    assert form.readings == ["Wireless Broadband Subscriptions: 78,5 was read as 78.5."]
    assert form.value_input.numerator == Decimal("78.5")


@pytest.mark.django_db
@pytest.mark.parametrize("typed_value, message", [
    ("1,234", "“1,234” could be read two ways: write 1234 if the comma separates thousands, "
              "or 1.234 if it is a decimal comma."),
    ("1,234,567", "Enter a number, with a dot for decimals (for example 82.85). "
                  "A decimal comma (82,85) is read too; leave out thousands separators."),
])
def test_a_comma_that_could_separate_thousands_is_refused_with_how_to_write_it(
        login, city_user, submission, typed_value, message):
    hotspots = value_of(submission, "EC: ICT: ICT: 5A")
    category = hotspots.data_point.kpi.category
    response = login(city_user).post(entry_url(submission, category),
                                     category_post(submission, category, {hotspots.pk: {"value": typed_value}}))
    assert response.status_code == 400
    assert field_error(response, hotspots, "value") == message
    assert typed(response, hotspots, "value") == typed_value


@pytest.mark.django_db
def test_after_saving_the_page_says_how_each_decimal_comma_was_read(login, city_user, submission):
    percent = value_of(submission, "EC: ICT: ICT: 1C")
    category = percent.data_point.kpi.category
    client = login(city_user)
    response = client.post(entry_url(submission, category),
                           category_post(submission, category, {percent.pk: {"value": "85,5"}}), follow=True)
    assert response.status_code == 200
    assert "Household Internet Access: 85,5 was read as 85.5." in response.content.decode()
    assert Value.objects.get(pk=percent.pk).number == Decimal("85.5")
