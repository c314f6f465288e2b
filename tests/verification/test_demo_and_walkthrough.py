"""The Ålesund demo is signed off with its background and published in June 2020, and the demo users can verify a
new submission."""
import datetime
import os
import re
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from kpis.selectors import edition_current
from submissions.models import Event, Submission
from submissions.services import ValueInput, submission_create, submission_state_change, value_set
from verification.models import Notification, Query, Review, SignOff

from .conftest import values_fill


@pytest.mark.django_db
def test_the_alesund_demo_is_signed_off_with_the_seed_background_and_published_in_june_2020(alesund):
    assert alesund.state == Submission.PUBLISHED
    assert (alesund.published_at.year, alesund.published_at.month) == (2020, 6)
    assert alesund.published_by.username == "secretariat"
    sign_off = alesund.sign_off
    assert sign_off.verifier_name == "Jonas Smith"
    assert "U4SSC Key Performance Indicators for Smart Sustainable Cities Verifier" in sign_off.certification
    assert (sign_off.verified_on.year, sign_off.verified_on.month) == (2019, 2)
    assert sign_off.assurance_level == SignOff.LIMITED and sign_off.limitations == ""
    assert "interviewing city stakeholders" in sign_off.activities.splitlines()
    reported = alesund.values.filter(not_reported=False).count()
    assert reported == 107
    assert Review.objects.filter(value__submission=alesund, status=Review.VERIFIED).count() == 107
    assert len(sign_off.targets_snapshot) == 112
    actions = list(Event.objects.filter(submission=alesund, value=None).values_list("action", flat=True))
    assert actions == ["created", "submitted", "assigned", "signed_off", "published"]
    assert not Notification.objects.filter(submission=alesund).exists()  # the demo e-mails nobody


@pytest.mark.django_db
def test_seeding_the_demo_twice_changes_nothing(alesund):
    events, reviews = Event.objects.count(), list(Review.objects.values_list("pk", "status", "version"))
    call_command("seed_demo", "--without-samples", stdout=open(os.devnull, "w"))
    assert Event.objects.count() == events
    assert list(Review.objects.values_list("pk", "status", "version")) == reviews
    assert SignOff.objects.count() == 1


@pytest.mark.django_db
def test_the_alesund_history_page_shows_the_background_and_the_steps(client, alesund):
    client.force_login(get_user_model().objects.get(username="city"))
    page = client.get(reverse("verification:history", args=[alesund.pk])).content.decode()
    assert "completed the verification in February 2019" in page
    assert "Limited assurance" in page and "No limitations impacted the verification." in page
    assert page.count("<form") == 2  # only the log-out button and the language switch: nothing here can be changed
    for label in ("Submitted", "Verifier assigned", "Signed off"):
        assert f">{label}</th>" in page


def in_order(page, labels):
    """Each label found after the one before it."""
    position = 0
    for label in labels:
        position = page.find(f">{label}</th>", position)
        if position == -1:
            return label
    return None


@pytest.mark.django_db
def test_the_demo_users_take_a_new_submission_from_submitted_through_a_query_to_signed_off(client, alesund):
    users = {user.username: user for user in get_user_model().objects.all()}
    city_user, verifier, secretariat = users["city"], users["verifier"], users["secretariat"]
    submission = submission_create(city=alesund.city, year=2020, edition=edition_current(), actor=city_user,
                                   population=66670)
    values = values_fill(submission, city_user, 3)
    submission_state_change(submission_id=submission.pk, actor=city_user, to_state=Submission.SUBMITTED)

    client.force_login(secretariat)
    assert "Ålesund 2020" in client.get(reverse("verification:worklist")).content.decode()
    client.post(reverse("verification:assign", args=[submission.pk]), {"verifier": verifier.pk})

    client.force_login(verifier)
    review_url = reverse("verification:review", args=[submission.pk])
    assert 'data-progress="pending">3<' in client.get(review_url).content.decode()
    client.post(reverse("verification:bulk_verify", args=[submission.pk]),
                {"selected": [f"{v.pk}:{v.version}" for v in values[:2]]})
    client.post(reverse("verification:value_review", args=[values[2].pk]),
                {"action": "query", "message": "Is 43 % for 2020 or 2019?", "version": values[2].version,
                 "review_version": 0})
    query = Query.objects.get(value=values[2])

    client.force_login(city_user)
    # The city corrects the value while the query is open, then answers it.
    value_set(value_id=values[2].pk, actor=city_user, expected_version=values[2].version,
              data=ValueInput(number=Decimal("44"), source="City statistics office", data_quality="accurate"))
    client.post(reverse("verification:query", args=[query.pk]), {"body": "2019; the 2020 figure is 44 %."})

    client.force_login(verifier)
    values[2].refresh_from_db()
    review = Review.objects.get(value=values[2])
    assert review.status == Review.PENDING
    client.post(reverse("verification:value_review", args=[values[2].pk]),
                {"action": "verified", "version": values[2].version, "review_version": review.version})
    response = client.post(reverse("verification:sign_off", args=[submission.pk]), {
        "verifier_name": "Jonas Smith",
        "certification": "Certified U4SSC Key Performance Indicators for Smart Sustainable Cities Verifier",
        "verified_on": datetime.date.today().isoformat(), "activities": "collecting and reviewing KPI data",
        "assurance_level": "limited", "limitations": "",
    })
    assert response.status_code == 302
    submission.refresh_from_db()
    assert submission.state == Submission.VERIFIED

    client.force_login(secretariat)
    client.post(reverse("verification:publish", args=[submission.pk]))
    client.force_login(city_user)
    page = client.get(reverse("verification:history", args=[submission.pk])).content.decode()
    steps = ["Created", "Submitted", "Verifier assigned", "Reviewed", "Query raised", "Value changed",
             "Query answered", "Query closed", "Signed off", "Published"]
    assert in_order(page, steps) is None
    assert re.search(r"Is 43 % for 2020 or 2019\?", page) and "2019; the 2020 figure is 44 %." in page
    assert "<td>43</td>\n      <td>44</td>" in page  # the value changed from 43 to 44


@pytest.mark.django_db
def test_the_verification_records_cannot_be_edited_in_the_admin(client, alesund):
    secretariat = get_user_model().objects.get(username="secretariat")
    client.force_login(secretariat)
    sign_off = alesund.sign_off
    review = Review.objects.filter(value__submission=alesund).first()
    change = reverse("admin:verification_signoff_change", args=[sign_off.pk])
    assert client.get(change).status_code == 200  # readable
    client.post(change, {"verifier_name": "Someone else", "limitations": "Forged."})
    client.post(reverse("admin:verification_review_delete", args=[review.pk]), {"post": "yes"})
    sign_off.refresh_from_db()
    assert sign_off.verifier_name == "Jonas Smith" and sign_off.limitations == ""
    assert Review.objects.filter(pk=review.pk).exists()
