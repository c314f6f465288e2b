"""A form that fails says so at the top of the page: "There is a problem", a link to each invalid field."""
import re

import pytest
from django.urls import reverse

from kpis.models import Category

from .conftest import category_post, entry_url, value_of


def error_summary(html):
    """The summary's links (target id, text) and its other items, or None when the page has no summary."""
    match = re.search(r'<div class="alert alert-danger error-summary" role="alert" tabindex="-1"[^>]*data-error-summary>'
                      r'(.*?)</div>', html, re.S)
    if not match:
        return None
    body = match.group(1)
    assert 'There is a problem' in body
    links = [(target, re.sub(r"\s+", " ", text).strip())
             for target, text in re.findall(r'<a href="#([^"]+)">(.*?)</a>', body, re.S)]
    return links


@pytest.mark.django_db
def test_a_failed_entry_save_links_each_invalid_field_from_the_summary_at_the_top(login, city_user, submission):
    category = Category.objects.get(name="ICT Infrastructure")
    percent = value_of(submission, "EC: ICT: ICT: 1C")
    rate = value_of(submission, "EC: ICT: ICT: 3C")
    response = login(city_user).post(entry_url(submission, category), category_post(submission, category, {
        percent.pk: {"value": "-3"}, rate.pk: {"value": "abc"},
    }))
    html = response.content.decode()
    assert response.status_code == 400
    links = error_summary(html)
    assert [target for target, _ in links] == [f"id_v{percent.pk}-value", f"id_v{rate.pk}-value"]
    assert links[0][1].endswith("This value cannot be negative.")
    assert html.index("data-error-summary") < html.index("<h1")
    for target, _ in links:
        assert f'id="{target}"' in html, "each link leads to its field"
    assert "Nothing was saved yet" in html


@pytest.mark.django_db
def test_the_summary_names_a_repeated_field_after_its_data_point(login, city_user, submission):
    category = Category.objects.get(name="ICT Infrastructure")
    percent = value_of(submission, "EC: ICT: ICT: 1C")
    response = login(city_user).post(entry_url(submission, category), category_post(submission, category, {
        percent.pk: {"value": "", "not_reported_reason": "No survey this year"},
    }))
    links = error_summary(response.content.decode())
    assert links == [(f"id_v{percent.pk}-not_reported",
                      f"{percent.data_point.kpi.code} {percent.data_point.name}, not reported: "
                      "Tick “not reported” to give a reason, or clear the reason.")]


@pytest.mark.django_db
def test_each_data_point_is_a_fieldset_named_after_it(login, city_user, submission):
    category = Category.objects.get(name="ICT Infrastructure")
    html = login(city_user).get(entry_url(submission, category)).content.decode()
    percent = value_of(submission, "EC: ICT: ICT: 1C")
    fieldset = re.search(r'<fieldset[^>]*class="entry-fieldset"[^>]*>\s*<legend>(.*?)</legend>(.*?)</fieldset>',
                         html[html.index(f'id="value-{percent.pk}"'):], re.S)
    assert re.sub(r"<[^>]+>", "", fieldset.group(1)) == f"{percent.data_point.kpi.code} {percent.data_point.name}"
    for name in ("source", "note", "evidence", "not_reported"):
        assert f'name="v{percent.pk}-{name}"' in fieldset.group(2)


@pytest.mark.django_db
def test_the_category_links_come_after_the_form(login, city_user, submission):
    category = Category.objects.get(name="ICT Infrastructure")
    html = login(city_user).get(entry_url(submission, category)).content.decode()
    assert html.index("<h1") < html.index('class="entry-form"') < html.index('aria-label="Categories"')


@pytest.mark.django_db
def test_a_page_without_errors_has_no_summary(login, city_user, submission):
    category = Category.objects.get(name="ICT Infrastructure")
    assert error_summary(login(city_user).get(entry_url(submission, category)).content.decode()) is None


@pytest.mark.django_db
def test_the_context_figures_and_the_value_page_have_the_summary_too(login, city_user, submission):
    client = login(city_user)
    response = client.post(reverse("submissions:context", args=[submission.pk]), {"population": "-5"})
    assert response.status_code == 400
    assert [target for target, _ in error_summary(response.content.decode())] == ["id_population"]
    value = value_of(submission, "EC: ICT: ICT: 1C")
    response = client.post(reverse("submissions:value_edit", args=[value.pk]),
                           {f"v{value.pk}-version": value.version, f"v{value.pk}-value": "140"})
    assert response.status_code == 400
    assert [target for target, _ in error_summary(response.content.decode())] == [f"id_v{value.pk}-value"]


@pytest.mark.django_db
def test_a_failed_log_in_marks_both_fields_invalid_and_described_by_the_message(client, city_user):
    response = client.post(reverse("login"), {"username": city_user.username, "password": "not the password"})
    html = response.content.decode()
    assert error_summary(html) == []
    message = re.search(r'<li id="error-1">(.*?)</li>', html, re.S).group(1)
    assert "correct username and password" in message
    for name in ("username", "password"):
        field = re.search(rf'<input[^>]*name="{name}"[^>]*>', html).group(0)
        assert 'aria-invalid="true"' in field and 'aria-describedby="error-1"' in field


@pytest.mark.django_db
def test_the_log_in_page_before_a_try_marks_nothing_invalid(client):
    html = client.get(reverse("login")).content.decode()
    assert error_summary(html) is None and "aria-invalid" not in html
