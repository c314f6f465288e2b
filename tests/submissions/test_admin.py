"""The admin: the secretariat's values go through value_set; signed-off data and the logs stay read-only."""
from decimal import Decimal

import pytest
from django.urls import reverse

from submissions.models import Event, Value

from .conftest import value_of


@pytest.fixture
def admin_client(client, secretariat):
    secretariat.is_staff = True
    secretariat.save()
    client.force_login(secretariat)
    return client


def admin_form(value, **changes):
    data = {"number": "", "yes_no": "unknown", "numerator": "", "denominator": "", "not_reported_reason": "",
            "source": "", "data_quality": "", "note": "", "loaded_version": value.version}
    data.update(changes)
    return data


@pytest.mark.django_db
def test_a_value_changed_in_the_admin_goes_through_value_set(admin_client, secretariat, submission):
    value = value_of(submission, "EC: ICT: ICT: 1C")
    url = reverse("admin:submissions_value_change", args=[value.pk])
    assert admin_client.get(url).status_code == 200
    response = admin_client.post(url, admin_form(value, number="77", source="Secretariat check"))
    assert response.status_code == 302
    stored = Value.objects.get(pk=value.pk)
    assert (stored.number, stored.version, stored.entered_by) == (Decimal(77), 1, secretariat)
    assert stored.score_status == Value.SCORED  # rescored on save
    assert Event.objects.filter(value=value, action="value_changed", actor=secretariat).exists()
    assert stored.history.first().history_user == secretariat


@pytest.mark.django_db
def test_the_admin_refuses_a_value_outside_the_catalogue_range_and_a_stale_form(admin_client, submission):
    value = value_of(submission, "EC: ICT: ICT: 1C")
    url = reverse("admin:submissions_value_change", args=[value.pk])
    response = admin_client.post(url, admin_form(value, number="140"))
    assert response.status_code == 200 and "A percentage must be between 0 and 100." in response.content.decode()
    response = admin_client.post(url, admin_form(value, number="40", loaded_version=7))
    assert "Someone else changed this value" in response.content.decode()
    assert Value.objects.get(pk=value.pk).number is None


@pytest.mark.django_db
def test_signed_off_values_evidence_and_events_are_read_only_in_the_admin(alesund, client, make_user):
    from submissions import roles

    admin_client = client
    admin_client.force_login(make_user("staff-member", roles.SECRETARIAT, is_staff=True))
    value = alesund.values.first()
    response = admin_client.post(reverse("admin:submissions_value_change", args=[value.pk]), admin_form(value, number="1"))
    assert response.status_code == 403
    assert Value.objects.get(pk=value.pk).number == value.number
    event = Event.objects.first()
    assert admin_client.post(reverse("admin:submissions_event_change", args=[event.pk]), {}).status_code == 403
    assert admin_client.get(reverse("admin:submissions_event_changelist")).status_code == 200


@pytest.mark.django_db
def test_city_staff_cannot_use_the_admin(client, city_user, submission):
    city_user.is_staff = True
    city_user.save()
    client.force_login(city_user)
    value = value_of(submission, "EC: ICT: ICT: 1C")
    response = client.get(reverse("admin:submissions_value_change", args=[value.pk]))
    assert response.status_code in (302, 403)
