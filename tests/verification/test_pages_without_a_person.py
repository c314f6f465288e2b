"""Pages that say who changed something render when nobody is recorded: a command, the admin, a deleted user."""
import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse

from submissions.models import Submission, Value
from submissions.services import ValueInput, submission_state_change, value_set
from verification.services import assignment_create, query_answer, query_raise

CODE, NAME = "EC: ICT: ICT: 1C", "Household Internet Access"


def _value(submission):
    return Value.objects.get(submission=submission, data_point__kpi__code=CODE, data_point__name=NAME)


def entered_by_command(submission, tmp_path, **people):
    path = tmp_path / "values.csv"
    path.write_text(f"code,data_point,value,not_reported_reason,source,data_quality,note\n{CODE},{NAME},81,,Census,accurate,\n")
    call_command("import_values", "--city", submission.city.slug, "--year", str(submission.year), str(path),
                 stdout=io.StringIO())


def entered_in_the_admin(submission, tmp_path, client, make_user, **people):
    from submissions import roles

    admin = make_user("admin-person", roles.SECRETARIAT, is_staff=True)
    client.force_login(admin)
    value = _value(submission)
    response = client.post(reverse("admin:submissions_value_change", args=[value.pk]), {
        "number": "81", "yes_no": "unknown", "numerator": "", "denominator": "", "not_reported_reason": "",
        "source": "Census", "data_quality": "accurate", "note": "", "loaded_version": value.version,
    })
    assert response.status_code == 302
    client.logout()
    admin.delete()


def entered_by_a_deleted_user(submission, tmp_path, city_user, **people):
    value_set(value_id=_value(submission).pk, actor=city_user, data=ValueInput(number=Decimal("81"), source="Census"))


@pytest.mark.django_db
@pytest.mark.parametrize("enter", [entered_by_command, entered_in_the_admin, entered_by_a_deleted_user])
def test_review_history_and_query_pages_render_when_nobody_is_recorded_as_the_author(
        enter, submission, city_user, verifier, secretariat, client, make_user, tmp_path):
    enter(submission, tmp_path, client=client, make_user=make_user, city_user=city_user)
    value = _value(submission)
    assert value.number == Decimal("81")
    submission_state_change(submission_id=submission.pk, actor=city_user, to_state=Submission.SUBMITTED)
    assignment_create(submission_id=submission.pk, verifier_id=verifier.pk, actor=secretariat)
    query = query_raise(value_id=value.pk, actor=verifier, question="Which census?")
    query_answer(query_id=query.pk, actor=city_user, body="The 2021 census.")
    city_user.delete()  # the city's answer, its events and (in one case) its value now name nobody

    pages = [
        reverse("verification:review", args=[submission.pk]),
        reverse("verification:history", args=[submission.pk]),
        reverse("verification:value_history", args=[value.pk]),
        reverse("verification:query", args=[query.pk]),
        reverse("submissions:overview", args=[submission.pk]),
        reverse("submissions:evidence", args=[submission.pk]),
        reverse("submissions:entry", args=[submission.pk, value.data_point.kpi.category_id]),
        reverse("submissions:value_edit", args=[value.pk]),
    ]
    for person in (verifier, secretariat):
        client.force_login(person)
        for url in pages:
            response = client.get(url)
            if url == pages[-1] and person == verifier:
                assert response.status_code == 403, url  # a verifier never edits a value
                continue
            assert response.status_code == 200, (person, url)
    client.force_login(secretariat)
    history = client.get(reverse("verification:value_history", args=[value.pk])).content.decode()
    assert "81 %" in history and "system" in history
    thread = client.get(reverse("verification:query", args=[query.pk])).content.decode()
    assert "The 2021 census." in thread
