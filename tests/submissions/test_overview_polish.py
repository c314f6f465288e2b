"""The overview shows entry progress and actions first (submit is primary only when complete; save and next
category); the scores (tables 2 and 3, scorecard, sunburst) have their own page."""
from decimal import Decimal

import pytest
from django.urls import reverse

from kpis.models import Category

from .conftest import category_post, entry_url, fill, value_of


@pytest.mark.django_db
def test_the_overview_keeps_to_progress_and_links_the_scores_page(login, city_user, submission):
    client = login(city_user)
    overview = client.get(reverse("submissions:overview", args=[submission.pk])).content.decode()
    scores_url = reverse("submissions:scores", args=[submission.pk])
    assert "data points answered" in overview
    assert f'href="{scores_url}"' in overview and 'aria-current="page">Entry progress</a>' in overview
    assert 'id="summary-kpis"' not in overview and "City performance benchmark" not in overview

    scores = client.get(scores_url).content.decode()
    assert 'aria-current="page">Scores</a>' in scores
    assert 'id="summary-kpis"' in scores and 'id="summary-data-points"' in scores
    assert "City performance benchmark" in scores and "<svg" in scores
    assert "data points answered" not in scores


@pytest.mark.django_db
def test_submit_is_an_outline_button_with_the_count_while_answers_are_missing(login, city_user, submission):
    skipped = [value_of(submission, code).data_point_id for code in ("EC: ICT: ICT: 1C", "EC: ICT: ICT: 2C")]
    fill(submission, city_user, skip=skipped)
    client = login(city_user)
    url = reverse("submissions:overview", args=[submission.pk])
    page = client.get(url).content.decode()
    assert 'class="btn btn-outline-primary btn-sm" href="/cities/submissions/%d/submit/" aria-describedby="submit-missing"' % submission.pk in page
    assert "2 data points still missing: give each a value or a not-reported reason before you submit." in page

    fill(submission, city_user)
    page = client.get(url).content.decode()
    assert 'class="btn btn-primary btn-sm" href="/cities/submissions/%d/submit/"' % submission.pk in page
    assert "still missing:" not in page


@pytest.mark.django_db
def test_save_and_next_saves_then_opens_the_next_category_in_catalogue_order(login, city_user, submission):
    client = login(city_user)
    first = Category.objects.get(name="ICT Infrastructure")
    value = value_of(submission, "EC: ICT: ICT: 1C")
    data = category_post(submission, first, {value.pk: {"value": "82.85"}})
    response = client.post(entry_url(submission, first), {**data, "save_and_next": "1"})
    following = client.get(reverse("submissions:overview", args=[submission.pk])).context["progress"].dimensions
    order = [row.category for dimension in following for row in dimension.categories]
    assert response.status_code == 302
    assert response["Location"] == entry_url(submission, order[order.index(first) + 1])
    value.refresh_from_db()
    assert value.number == Decimal("82.85")

    last = order[-1]
    response = client.post(entry_url(submission, last), {**category_post(submission, last), "save_and_next": "1"})
    assert response["Location"] == reverse("submissions:overview", args=[submission.pk])
    response = client.post(entry_url(submission, first), category_post(submission, first))
    assert response["Location"] == entry_url(submission, first), "the plain save stays on its category"


@pytest.mark.django_db
def test_the_entry_page_offers_save_and_next(login, city_user, submission):
    page = login(city_user).get(entry_url(submission, Category.objects.get(name="Transport"))).content.decode()
    assert '<button type="submit" class="btn btn-outline-primary" name="save_and_next" value="1">Save and next category</button>' in page
