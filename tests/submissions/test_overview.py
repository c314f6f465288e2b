"""The submission overview: progress per dimension and category, the KPIs still missing."""
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from kpis.models import Category
from submissions.services import ValueInput, value_set

from ..conftest import clear_cache
from .conftest import entry_url, fill, value_of


def category_row(html, name):
    """The cells of one category's row on the overview."""
    match = re.search(rf">{re.escape(name)}</a></th>(.*?)</tr>", html, re.S)
    return re.sub(r"<[^>]+>", " ", match.group(1)).split()


@pytest.mark.django_db
def test_the_overview_shows_progress_per_dimension_and_category_with_missing_kpis(login, city_user, submission):
    ict = value_of(submission, "EC: ICT: ICT: 1C")
    value_set(value_id=ict.pk, actor=city_user, data=ValueInput(number=Decimal(80)))
    wifi = value_of(submission, "EC: ICT: ICT: 5A")
    value_set(value_id=wifi.pk, actor=city_user, data=ValueInput(not_reported=True, not_reported_reason="No count."))
    html = login(city_user).get(reverse("submissions:overview", args=[submission.pk])).content.decode()
    assert "2 / 112</strong> data points answered" in html
    assert "(1 with a value, 1 not reported, 110 still missing)" in html
    cells = category_row(html, "ICT Infrastructure")
    assert cells[:4] == ["2", "/", "6", "1"]  # answered / total, with a value
    assert "EC: ICT: ICT: 1C" not in " ".join(cells) and "EC: ICT: ICT: 2C" in " ".join(cells)
    assert "Economy" in html and "Environment" in html and "Society and Culture" in html


@pytest.mark.django_db
def test_a_category_renamed_shows_at_once_on_the_overview_in_each_language(login, city_user, submission):
    client = login(city_user)
    url = reverse("submissions:overview", args=[submission.pk])
    assert category_row(client.get(url).content.decode(), "ICT Infrastructure")
    ict = Category.objects.get(name="ICT Infrastructure", dimension__edition=submission.edition)
    ict.name_en, ict.name_fr = "Digital Infrastructure", "Infrastructure numérique"
    ict.save()

    html = client.get(url).content.decode()
    assert category_row(html, "Digital Infrastructure")[:3] == ["0", "/", "6"] and ">ICT Infrastructure<" not in html
    assert category_row(client.get(url, HTTP_ACCEPT_LANGUAGE="fr").content.decode(), "Infrastructure numérique")


@pytest.mark.django_db
def test_a_complete_category_says_no_kpi_is_missing(login, city_user, submission):
    fill(submission, city_user)
    html = login(city_user).get(reverse("submissions:overview", args=[submission.pk])).content.decode()
    assert category_row(html, "ICT Infrastructure")[-1] == "none"
    assert "112 / 112</strong> data points answered" in html


@pytest.mark.django_db
def test_the_list_shows_the_users_submissions_with_their_progress(login, city_user, submission, other_submission):
    html = login(city_user).get(reverse("submissions:list")).content.decode()
    assert reverse("submissions:overview", args=[submission.pk]) in html
    assert reverse("submissions:overview", args=[other_submission.pk]) not in html
    assert "0 / 112" in html


# ---- a fixed number of queries, whatever the number of data points filled in

@pytest.mark.django_db
@pytest.mark.parametrize("filled", [False, True, "previous"], ids=["empty", "full", "with a previous cycle"])
def test_the_overview_runs_a_fixed_number_of_queries(login, city_user, submission, django_assert_num_queries, filled):
    from kpis.selectors import edition_current
    from submissions.services import submission_create

    if filled:
        fill(submission, city_user)
    if filled == "previous":
        fill(submission_create(city=submission.city, year=submission.year - 1, edition=edition_current()), city_user)
    client = login(city_user)
    url = reverse("submissions:overview", args=[submission.pk])
    client.get(url)
    # From the cache (submissions.page_cache): the session, the person, their roles and the submission's door.
    with django_assert_num_queries(7):
        assert client.get(url).status_code == 200
    clear_cache()  # rendered afresh, the catalogue's outline read again too
    with django_assert_num_queries(12):
        assert client.get(url).status_code == 200
    url = reverse("submissions:scores", args=[submission.pk])
    client.get(url)
    with django_assert_num_queries(15):
        assert client.get(url).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("filled", [False, True], ids=["empty", "full"])
def test_the_largest_category_page_runs_a_fixed_number_of_queries(
        login, city_user, submission, transport, django_assert_num_queries, filled):
    from submissions.services import evidence_add
    from submissions.evidence import check_upload
    from django.core.files.uploadedfile import SimpleUploadedFile

    from .conftest import pdf_bytes

    if filled:
        fill(submission, city_user)
        for value in submission.values.filter(data_point__kpi__category=transport):
            upload = check_upload(SimpleUploadedFile("survey.pdf", pdf_bytes()))
            evidence_add(submission_id=submission.pk, value_id=value.pk, upload=upload, actor=city_user)
    assert transport.kpis.count() and max(
        Category.objects.all(), key=lambda c: submission.values.filter(data_point__kpi__category=c).count()) == transport
    client = login(city_user)
    url = entry_url(submission, transport)
    client.get(url)
    # The whole page from the cache (submissions.page_cache): the session, the person, their roles and the door.
    with django_assert_num_queries(7):
        assert client.get(url).status_code == 200
    # Rendered afresh: two of them read the context beside each field, last cycle's values and the peers'
    # (submissions.comparisons), one the progress of every category.
    clear_cache()
    with django_assert_num_queries(14):
        assert client.get(url).status_code == 200
