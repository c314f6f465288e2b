"""Nothing changes a submission's data once it is signed off, whatever page, file or command was opened before.

Who may write is decided again inside the write, under the submission's lock: a page
loaded, a file parsed or a command started before the sign-off (or before the verifier
closed the query that let the city correct a value) is refused, and nothing is saved.
"""
import io
import threading
import time
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test import Client
from django.urls import reverse

from kpis.selectors import edition_current
from submissions.evidence import check_upload
from submissions.models import Evidence, Submission, Value
from submissions.services import (
    NotAllowed, ValueInput, evidence_add, evidence_delete, evidences_add, submission_context_set,
    submission_create, submission_state_change, value_set, values_save,
)
from submissions.spreadsheet import values_import
from submissions import roles
from verification.demo import ALESUND_BACKGROUND
from verification.models import Query
from verification.services import (
    assignment_create, query_raise, review_bulk_verify, review_record, submission_sign_off,
)

from ..submissions.conftest import category_post, form_data
from ..verification.conftest import values_fill
from ..verification.test_concurrency import hold_open, in_thread
from .site_urls import PDF

SIGNED_OFF = "signed off while you were editing: nothing was saved"
HEADER = "code,data_point,value,not_reported_reason,source,data_quality,note"


def _world(make_user, city):
    """A submitted submission: two values verified, one queried (so the city may correct it), one file."""
    city_user = make_user("city", roles.CITY_STAFF, city=city)
    verifier = make_user("verifier", roles.VERIFIER)
    secretariat = make_user("secretariat", roles.SECRETARIAT, is_staff=True)
    submission = submission_create(city=city, year=2023, edition=edition_current(), actor=city_user, population=66670)
    queried, *others = values_fill(submission, city_user, 3)
    evidence = evidence_add(submission_id=submission.pk, actor=city_user,
                            upload=check_upload(SimpleUploadedFile("survey.pdf", PDF, content_type="application/pdf")))
    submission_state_change(submission_id=submission.pk, actor=city_user, to_state=Submission.SUBMITTED)
    assignment_create(submission_id=submission.pk, verifier_id=verifier.pk, actor=secretariat)
    review_bulk_verify(submission_id=submission.pk, actor=verifier, items=[(v.pk, v.version) for v in others])
    query_raise(value_id=queried.pk, actor=verifier, question="Which survey is this from?")
    return SimpleNamespace(city_user=city_user, verifier=verifier, secretariat=secretariat, submission=submission,
                           queried=Value.objects.select_related("data_point__kpi").get(pk=queried.pk),
                           evidence=evidence)


def sign_off(world):
    """The verifier's last verdict (which closes the query) and the sign-off."""
    review_record(value_id=world.queried.pk, actor=world.verifier, status="verified")
    return submission_sign_off(submission_id=world.submission.pk, actor=world.verifier, **ALESUND_BACKGROUND)


def stored(world):
    """Everything a late write could change."""
    submission = Submission.objects.get(pk=world.submission.pk)
    return {
        "state": submission.state,
        "context": [getattr(submission, name) for name in ("population", "households", "gdp", "gdp_currency")],
        "values": sorted(Value.objects.filter(submission=submission).values_list("pk", "number", "source", "version")),
        "history": Value.history.filter(submission_id=submission.pk).count(),
        "evidence": sorted(Evidence.objects.filter(submission=submission).values_list("pk", flat=True)),
        "changes": submission.events.filter(action__in=("value_changed", "context_changed", "evidence_added",
                                                        "evidence_removed")).count(),
    }


def csv_upload(world, number):
    value = world.queried
    text = f"{HEADER}\n{value.data_point.kpi.code},{value.data_point.name},{number},,Census 2023,accurate,\n"
    return SimpleUploadedFile("values.csv", text.encode(), content_type="text/csv")


def pdf(name="late.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


# ---------------------------------------------------------------- a page open while the verifier signs off

def post_import(client, world):
    return client.post(reverse("submissions:import", args=[world.submission.pk]), {"file": csv_upload(world, 77)})


def post_entry(client, world):
    category = world.queried.data_point.kpi.category
    return client.post(reverse("submissions:entry", args=[world.submission.pk, category.pk]),
                       category_post(world.submission, category, {world.queried.pk: {"value": "77"}}))


def post_value_edit(client, world):
    return client.post(reverse("submissions:value_edit", args=[world.queried.pk]), form_data(world.queried, value="77"))


def post_value_evidence(client, world):
    return client.post(reverse("submissions:evidence", args=[world.submission.pk]),
                       {"value": world.queried.pk, "files": pdf()})


def post_context(client, world):
    return client.post(reverse("submissions:context", args=[world.submission.pk]),
                       {"population": "70000", "households": "", "land_area_km2": "", "gdp": "", "gdp_currency": ""})


def post_submission_evidence(client, world):
    return client.post(reverse("submissions:evidence", args=[world.submission.pk]), {"value": "", "files": pdf()})


def post_evidence_remove(client, world):
    return client.post(reverse("submissions:evidence_remove", args=[world.evidence.pk]), follow=True)


def post_admin_value(client, world):
    value = world.queried
    return client.post(reverse("admin:submissions_value_change", args=[value.pk]), {
        "number": "77", "yes_no": "unknown", "numerator": "", "denominator": "", "not_reported_reason": "",
        "source": value.source, "data_quality": value.data_quality, "note": "", "loaded_version": value.version,
    }, follow=True)


def post_admin_submission(client, world):
    return client.post(reverse("admin:submissions_submission_change", args=[world.submission.pk]), {
        "population": "70000", "households": "", "land_area_km2": "", "gdp": "", "gdp_currency": "",
    }, follow=True)


PAGES = {
    "the spreadsheet upload": ("city_user", post_import),
    "the entry form": ("city_user", post_entry),
    "the value's own page": ("city_user", post_value_edit),
    "evidence for the queried value": ("city_user", post_value_evidence),
    "the context figures": ("secretariat", post_context),
    "evidence for the submission": ("secretariat", post_submission_evidence),
    "removing evidence": ("secretariat", post_evidence_remove),
    "the admin's value page": ("secretariat", post_admin_value),
    "the admin's submission page": ("secretariat", post_admin_submission),
}


@pytest.fixture
def postgresql():
    """Row locks and concurrent connections are what is tested: SQLite has neither."""
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        from tests.conftest import require_service

        require_service("DATABASE_URL (PostgreSQL)")


def waits_for_a_lock(thread, seconds=10):
    """Whether, before the thread ends, another connection to the test database waits for a row lock."""
    deadline = time.monotonic() + seconds
    while thread.is_alive() and time.monotonic() < deadline:
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                           "AND pid <> pg_backend_pid() AND wait_event_type = 'Lock'")
            if cursor.fetchone()[0]:
                return True
        time.sleep(0.05)
    return False


def race_with_sign_off(world, write):
    """Hold the verifier's sign-off open while write runs beside it; the write must wait for it."""
    holding, release = threading.Event(), threading.Event()
    signer, signed = in_thread(hold_open(lambda: sign_off(world), holding, release))
    assert holding.wait(10)
    writer, wrote = in_thread(write)
    waited = waits_for_a_lock(writer)
    release.set()
    signer.join(10), writer.join(20)
    assert "error" not in signed, signed
    assert waited, "the write did not wait for the sign-off's lock on the submission"
    return wrote


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("page", PAGES)
def test_a_page_opened_before_the_sign_off_saves_nothing_after_it(page, postgresql, catalogue_committed,
                                                                  make_user, city):
    world = _world(make_user, city)
    person, post = PAGES[page]
    client = Client()
    client.force_login(getattr(world, person))
    before = stored(world)

    wrote = race_with_sign_off(world, lambda: post(client, world))

    assert "error" not in wrote, wrote
    assert SIGNED_OFF in wrote["result"].content.decode()
    after = stored(world)
    assert after["state"] == Submission.VERIFIED
    assert after == {**before, "state": Submission.VERIFIED}


@pytest.mark.django_db(transaction=True)
def test_import_values_started_on_a_draft_saves_nothing_once_it_is_signed_off(postgresql, catalogue_committed,
                                                                            make_user, city, tmp_path):
    world = _world(make_user, city)
    draft = submission_create(city=city, year=2024, edition=edition_current())
    value = draft.values.get(data_point=world.queried.data_point)
    path = tmp_path / "values.csv"
    path.write_text(f"{HEADER}\n{value.data_point.kpi.code},{value.data_point.name},77,,Census 2023,accurate,\n")
    holding, release = threading.Event(), threading.Event()

    def submit_and_sign():
        submission_state_change(submission_id=draft.pk, actor=world.city_user, to_state=Submission.SUBMITTED)
        submission_state_change(submission_id=draft.pk, actor=world.verifier, to_state=Submission.VERIFIED)

    signer, signed = in_thread(hold_open(submit_and_sign, holding, release))
    assert holding.wait(10)
    importer, imported = in_thread(lambda: call_command(
        "import_values", "--city", city.slug, "--year", "2024", str(path), stdout=io.StringIO()))
    waited = waits_for_a_lock(importer)
    release.set()
    signer.join(10), importer.join(20)
    assert "error" not in signed and waited
    assert isinstance(imported.get("error"), CommandError)
    assert SIGNED_OFF in str(imported["error"])
    value.refresh_from_db()
    assert (value.number, value.version) == (None, 0)
    assert Submission.objects.get(pk=draft.pk).state == Submission.VERIFIED


# ---------------------------------------------------------------- a decision taken before the sign-off, used after it

def save_form(world):
    values_save(changes=[(world.queried.pk, world.queried.version, ValueInput(number=Decimal("77")))],
                actor=world.city_user)


def save_import(world):
    values_import(submission=world.submission, actor=world.city_user, editable_ids={world.queried.pk},
                  rows=[{"code": world.queried.data_point.kpi.code, "data_point": world.queried.data_point.name,
                         "value": "77"}])


def save_command_import(world):
    values_import(submission=world.submission, actor=None,
                  rows=[{"code": world.queried.data_point.kpi.code, "data_point": world.queried.data_point.name,
                         "value": "77"}])


def save_in_the_admin(world):
    value_set(value_id=world.queried.pk, actor=world.secretariat, data=ValueInput(number=Decimal("77")),
              expected_version=world.queried.version, reason="changed in the admin")


def save_context(world):
    submission_context_set(submission_id=world.submission.pk, actor=world.secretariat, population=70000)


def add_value_evidence(world):
    evidences_add(submission_id=world.submission.pk, value_id=world.queried.pk, actor=world.city_user,
                  uploads=[check_upload(pdf())])


def add_submission_evidence(world):
    evidence_add(submission_id=world.submission.pk, actor=world.secretariat, upload=check_upload(pdf()))


def remove_evidence(world):
    evidence_delete(evidence_id=world.evidence.pk, actor=world.secretariat)


WRITES = [save_form, save_import, save_command_import, save_in_the_admin, save_context, add_value_evidence,
          add_submission_evidence, remove_evidence]


@pytest.mark.django_db
@pytest.mark.parametrize("write", WRITES)
def test_a_write_allowed_before_the_sign_off_is_refused_after_it(write, make_user, city):
    world = _world(make_user, city)
    sign_off(world)
    before = stored(world)

    with pytest.raises(NotAllowed, match=SIGNED_OFF):
        write(world)

    assert stored(world) == before
    assert before["state"] == Submission.VERIFIED


@pytest.mark.django_db
@pytest.mark.parametrize("write", [save_form, save_import, add_value_evidence])
def test_the_city_cannot_correct_a_value_once_the_verifier_closed_its_query(write, make_user, city):
    world = _world(make_user, city)
    review_record(value_id=world.queried.pk, actor=world.verifier, status="verified")
    assert not Query.objects.filter(value=world.queried, status=Query.OPEN).exists()
    before = stored(world)

    with pytest.raises(NotAllowed, match="only a data point with an open query can be"):
        write(world)

    assert stored(world) == before
