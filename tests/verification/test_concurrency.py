"""Two people acting on one data point at once never silently overwrite each other."""
import threading
import time
from decimal import Decimal

import pytest
from django.db import connection, transaction

from kpis.selectors import edition_current
from submissions.models import Event, Submission
from submissions.services import ValueInput, StaleValue, submission_create, submission_state_change, value_set
from submissions import roles
from verification.models import Review
from verification.services import StaleReview, assignment_create, query_raise, review_record

from .conftest import values_fill


def in_thread(work):
    """Run work in its own thread with its own database connection; return (thread, outcome)."""
    outcome = {}

    def run():
        try:
            outcome["result"] = work()
        except Exception as error:  # the test looks at what each side saw
            outcome["error"] = error
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    return thread, outcome


@pytest.fixture(autouse=True)
def _postgresql():
    """Row locks and concurrent connections are what is tested: SQLite has neither."""
    from django.conf import settings

    from tests.conftest import require_service

    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        require_service("DATABASE_URL (PostgreSQL)")


@pytest.fixture
def race(catalogue_committed, make_user, city):
    city_user = make_user("city", roles.CITY_STAFF, city=city)
    verifier = make_user("verifier", roles.VERIFIER)
    secretariat = make_user("secretariat", roles.SECRETARIAT)
    submission = submission_create(city=city, year=2023, edition=edition_current(), actor=city_user)
    [value] = values_fill(submission, city_user, 1)
    submission_state_change(submission_id=submission.pk, actor=city_user, to_state=Submission.SUBMITTED)
    assignment_create(submission_id=submission.pk, verifier_id=verifier.pk, actor=secretariat)
    # The city may change a submitted value while the verifier's query on it is open.
    query_raise(value_id=value.pk, actor=verifier, question="Which survey is this from?")
    return {"value": value, "city_user": city_user, "verifier": verifier, "secretariat": secretariat}


def hold_open(work, holding, release):
    """Do work in a transaction and keep it (and its row locks) open until released."""
    def run():
        with transaction.atomic():
            result = work()
            holding.set()
            assert release.wait(10)
        return result
    return run


@pytest.mark.django_db(transaction=True)
def test_a_review_racing_a_value_edit_waits_for_it_and_is_refused_with_the_new_value(race):
    value, holding, release = race["value"], threading.Event(), threading.Event()
    edit = hold_open(lambda: value_set(value_id=value.pk, actor=race["city_user"], expected_version=value.version,
                                       data=ValueInput(number=Decimal("77"))), holding, release)
    editor, edited = in_thread(edit)
    assert holding.wait(10)
    reviewer, reviewed = in_thread(lambda: review_record(
        value_id=value.pk, actor=race["verifier"], status="verified",
        expected_version=value.version, expected_review_version=1))
    time.sleep(0.5)
    assert reviewer.is_alive()  # waiting for the edit's lock, not reading the old value
    release.set()
    editor.join(10), reviewer.join(10)
    assert "error" not in edited
    assert isinstance(reviewed["error"], StaleReview)
    assert "the value is now 77 %" in str(reviewed["error"])
    assert not Review.objects.filter(value=value, status=Review.VERIFIED).exists()


@pytest.mark.django_db(transaction=True)
def test_a_value_edit_racing_a_review_resets_it_once_the_review_is_saved(race):
    value, holding, release = race["value"], threading.Event(), threading.Event()
    review = hold_open(lambda: review_record(value_id=value.pk, actor=race["verifier"], status="verified",
                                             expected_version=value.version, expected_review_version=1),
                       holding, release)
    reviewer, reviewed = in_thread(review)
    assert holding.wait(10)
    editor, edited = in_thread(lambda: value_set(value_id=value.pk, actor=race["secretariat"],
                                                 expected_version=value.version, data=ValueInput(number=Decimal("77"))))
    time.sleep(0.5)
    assert editor.is_alive()
    release.set()
    reviewer.join(10), editor.join(10)
    assert "error" not in reviewed and "error" not in edited
    # The verdict was on the old value: the edit sent it back to pending, and both steps are on record.
    assert Review.objects.get(value=value).status == Review.PENDING
    actions = list(Event.objects.filter(value=value).values_list("action", flat=True))
    assert actions[-3:] == ["reviewed", "value_changed", "review_reset"]


@pytest.mark.django_db(transaction=True)
def test_two_city_edits_at_once_the_second_is_told_the_current_value(race):
    value, holding, release = race["value"], threading.Event(), threading.Event()
    first = hold_open(lambda: value_set(value_id=value.pk, actor=race["city_user"], expected_version=value.version,
                                        data=ValueInput(number=Decimal("60"))), holding, release)
    one, _ = in_thread(first)
    assert holding.wait(10)
    two, second = in_thread(lambda: value_set(value_id=value.pk, actor=race["city_user"],
                                              expected_version=value.version, data=ValueInput(number=Decimal("70"))))
    release.set()
    one.join(10), two.join(10)
    assert isinstance(second["error"], StaleValue)
    assert second["error"].current.number == Decimal("60")


@pytest.mark.django_db
def test_two_verifiers_reviewing_the_same_data_point_the_second_is_refused(verifier, other_verifier, secretariat,
                                                                           assigned, reported):
    assignment_create(submission_id=assigned.pk, verifier_id=other_verifier.pk, actor=secretariat)
    value = reported[0]
    review_record(value_id=value.pk, actor=verifier, status="verified", expected_version=value.version,
                  expected_review_version=0)
    with pytest.raises(StaleReview, match="its review is verified"):
        query_raise(value_id=value.pk, actor=other_verifier, question="Really?", expected_version=value.version,
                    expected_review_version=0)
    assert Review.objects.get(value=value).status == Review.VERIFIED


@pytest.mark.django_db
def test_a_stale_review_on_the_page_shows_the_current_value(login, verifier, secretariat, assigned, reported):
    from django.urls import reverse

    value = reported[0]
    value_set(value_id=value.pk, actor=secretariat, data=ValueInput(number=Decimal("55")))
    response = login(verifier).post(reverse("verification:value_review", args=[value.pk]),
                                    {"action": "verified", "version": value.version, "review_version": 0},
                                    HTTP_ACCEPT="application/json")
    assert response.status_code == 409
    assert "the value is now 55 %" in response.json()["message"]
    assert f'value="{value.version + 1}"' in response.json()["row"]  # the fresh row carries the new version
