"""Every admin list runs as many queries for one row as for a page of them: what a row shows of its related
objects is loaded with the list (list_select_related), not one query per row."""
import pytest
from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kpis.models import KPI, DataPoint, Target
from submissions.models import Value
from verification.models import Review

# The lists that must hold many rows here, so that the comparison says something.
MANY = {KPI: 91, DataPoint: 100, Target: 30, Value: 100, Review: 50}


def changelists():
    return sorted(((model, model_admin) for model, model_admin in admin.site._registry.items()),
                  key=lambda pair: pair[0]._meta.label)


def queries_of(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


@pytest.mark.django_db
def test_each_admin_list_runs_the_same_queries_for_one_row_and_for_many(client, make_user, signed_off_alesund):
    client.force_login(make_user("root", is_staff=True, is_superuser=True))
    for model, count in MANY.items():
        assert model.objects.count() >= count, model
    measured = 0
    for model, model_admin in changelists():
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        first = model.objects.order_by("pk").values_list("pk", flat=True).first()
        if first is None:
            continue
        queries_of(client, url)  # content types and the like, cached once per process
        # The same filter kind both times (a filtered list counts its rows twice), one row then all of them.
        one = queries_of(client, f"{url}?pk__lte={first}")
        many = queries_of(client, f"{url}?pk__gte={first}")
        assert one == many, f"{model._meta.label}: {one} queries for one row, {many} for {model.objects.count()}"
        measured += 1
    assert measured >= 15
