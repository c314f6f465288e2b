"""The city sees the verifier's context on its entry pages: last cycle's value, the next band, the flags after saving."""
import pytest
from django.urls import reverse

from kpis.models import Category
from submissions.models import Value

from ..verification.workbench import signed_off
from .conftest import category_post


@pytest.mark.django_db
def test_the_entry_page_shows_last_cycles_value_the_next_band_and_the_flags_after_saving(
        client, city, city_user, verifier, secretariat, submission):
    signed_off(city=city, year=2020, actor=city_user, verifier=verifier, secretariat=secretariat, base=40,
               only=["EC: ICT: ICT: 1C"])
    category = Category.objects.get(name="ICT Infrastructure")
    internet = Value.objects.get(submission=submission, data_point__kpi__code="EC: ICT: ICT: 1C")
    client.force_login(city_user)
    url = reverse("submissions:entry", args=[submission.pk, category.pk])
    response = client.post(url, category_post(submission, category, {
        internet.pk: {"value": "75", "data_quality": "accurate"}}), follow=True)
    page = response.content.decode()
    assert "Last cycle (2020, verified): 45 %" in page
    assert "Next band at 95 %" in page
    assert "+67 % from last cycle&#x27;s verified value 45." in page
    assert "no evidence is attached" in page
