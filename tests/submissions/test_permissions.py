"""Every role against every data entry page and download, including forged POSTs and guessed ids.

Another city's or an unassigned submission answers 404, never the data; a visible one
the role may not change answers 403; a refused request changes nothing.
"""
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from submissions.evidence import check_upload
from submissions.models import Evidence, Submission, Value
from submissions.services import evidence_add, submission_state_change
from verification.services import assignment_create, query_raise

from .conftest import form_data, pdf_bytes, value_of

ROLES = ["anonymous", "city", "other_city", "verifier", "other_verifier", "secretariat"]


def actions(case):
    submission, queried, other = case["submission"], case["queried"], case["other"]
    category = queried.data_point.kpi.category
    evidence = case["evidence"]
    return {
        "list": ("get", reverse("submissions:list"), {}),
        "new year": ("post", reverse("submissions:list"), {"city": submission.city_id, "year": 2020}),
        "overview": ("get", reverse("submissions:overview", args=[submission.pk]), {}),
        "entry page": ("get", reverse("submissions:entry", args=[submission.pk, category.pk]), {}),
        "entry save": ("post", reverse("submissions:entry", args=[submission.pk, category.pk]),
                       form_data(queried, value="33")),
        "value page": ("get", reverse("submissions:value_edit", args=[queried.pk]), {}),
        "value save": ("post", reverse("submissions:value_edit", args=[queried.pk]), form_data(queried, value="33")),
        "unqueried value page": ("get", reverse("submissions:value_edit", args=[other.pk]), {}),
        "context page": ("get", reverse("submissions:context", args=[submission.pk]), {}),
        "context save": ("post", reverse("submissions:context", args=[submission.pk]), {"population": "1"}),
        "evidence page": ("get", reverse("submissions:evidence", args=[submission.pk]), {}),
        "evidence upload": ("post", reverse("submissions:evidence", args=[submission.pk]),
                            {"value": queried.pk, "files": "PDF"}),
        "evidence download": ("get", reverse("submissions:evidence_download", args=[evidence.pk]), {}),
        "evidence remove": ("post", reverse("submissions:evidence_remove", args=[evidence.pk]), {}),
        "export csv": ("get", reverse("submissions:export", args=[submission.pk, "csv"]), {}),
        "export xlsx": ("get", reverse("submissions:export", args=[submission.pk, "xlsx"]), {}),
        "import page": ("get", reverse("submissions:import", args=[submission.pk]), {}),
        "import": ("post", reverse("submissions:import", args=[submission.pk]), {"file": "CSV"}),
        "submit page": ("get", reverse("submissions:submit", args=[submission.pk]), {}),
        "submit": ("post", reverse("submissions:submit", args=[submission.pk]), {}),
    }


# Expected status per action: anonymous, city, other city, assigned verifier, other verifier, secretariat.
# 302 for a person is success (redirect after the change); anonymous is always sent to log in.
DRAFT = {
    "list":                 (302, 200, 200, 200, 200, 200),
    "new year":             (302, 302, 400, 403, 403, 403),
    "overview":             (302, 200, 404, 404, 404, 200),
    "entry page":           (302, 200, 404, 404, 404, 200),
    "entry save":           (302, 302, 404, 404, 404, 302),
    "value page":           (302, 200, 404, 404, 404, 200),
    "value save":           (302, 302, 404, 404, 404, 302),
    "unqueried value page": (302, 200, 404, 404, 404, 200),
    "context page":         (302, 200, 404, 404, 404, 200),
    "context save":         (302, 302, 404, 404, 404, 302),
    "evidence page":        (302, 200, 404, 404, 404, 200),
    "evidence upload":      (302, 302, 404, 404, 404, 302),
    "evidence download":    (302, 200, 404, 404, 404, 200),
    "evidence remove":      (302, 302, 404, 404, 404, 302),
    "export csv":           (302, 200, 404, 404, 404, 200),
    "export xlsx":          (302, 200, 404, 404, 404, 200),
    "import page":          (302, 200, 404, 404, 404, 200),
    "import":               (302, 302, 404, 404, 404, 302),
    "submit page":          (302, 200, 404, 404, 404, 200),
    "submit":               (302, 302, 404, 404, 404, 302),
}

# Submitted, with the verifier's open query on one value: the city may change that value only.
SUBMITTED = {
    "list":                 (302, 200, 200, 200, 200, 200),
    "new year":             (302, 302, 400, 403, 403, 403),
    "overview":             (302, 200, 404, 200, 404, 200),
    "entry page":           (302, 200, 404, 200, 404, 200),
    "entry save":           (302, 302, 404, 403, 404, 302),
    "value page":           (302, 200, 404, 403, 404, 200),
    "value save":           (302, 302, 404, 403, 404, 302),
    "unqueried value page": (302, 403, 404, 403, 404, 200),
    "context page":         (302, 403, 404, 403, 404, 200),
    "context save":         (302, 403, 404, 403, 404, 302),
    "evidence page":        (302, 200, 404, 200, 404, 200),
    "evidence upload":      (302, 302, 404, 403, 404, 302),
    "evidence download":    (302, 200, 404, 200, 404, 200),
    "evidence remove":      (302, 403, 404, 403, 404, 302),
    "export csv":           (302, 200, 404, 200, 404, 200),
    "export xlsx":          (302, 200, 404, 200, 404, 200),
    "import page":          (302, 200, 404, 403, 404, 200),
    "import":               (302, 302, 404, 403, 404, 302),
    "submit page":          (302, 403, 404, 403, 404, 403),
    "submit":               (302, 403, 404, 403, 404, 403),
}


@pytest.fixture
def users(city_user, other_city_user, verifier, other_verifier, secretariat):
    return {"anonymous": None, "city": city_user, "other_city": other_city_user, "verifier": verifier,
            "other_verifier": other_verifier, "secretariat": secretariat}


def answered_case(submission, city_user):
    """Every data point answered (not reported), two with a number, and one evidence file for the submission."""
    Value.objects.filter(submission=submission).update(not_reported=True, not_reported_reason="No data this year.")
    queried = value_of(submission, "EC: ICT: ICT: 1C")
    other = value_of(submission, "EC: ICT: ICT: 2C")
    Value.objects.filter(pk__in=[queried.pk, other.pk]).update(not_reported=False, not_reported_reason="",
                                                              number=Decimal(40))
    upload = check_upload(SimpleUploadedFile("survey.pdf", pdf_bytes()))
    evidence = evidence_add(submission_id=submission.pk, upload=upload, actor=city_user)
    return {"submission": submission, "queried": Value.objects.get(pk=queried.pk),
            "other": Value.objects.get(pk=other.pk), "evidence": evidence}


@pytest.fixture
def draft_case(submission, city_user, other_submission):
    return answered_case(submission, city_user)


@pytest.fixture
def submitted_case(submission, city_user, verifier, secretariat, other_submission):
    case = answered_case(submission, city_user)
    submission_state_change(submission_id=submission.pk, actor=city_user, to_state=Submission.SUBMITTED)
    assignment_create(submission_id=submission.pk, verifier_id=verifier.pk, actor=secretariat)
    query_raise(value_id=case["queried"].pk, actor=verifier, question="Which survey is this from?")
    return case


def snapshot(submission):
    submission.refresh_from_db()
    return (
        submission.state, submission.population, Submission.objects.count(),
        sorted(Value.objects.filter(submission=submission).values_list("pk", "version", "number")),
        sorted(Evidence.objects.values_list("pk", flat=True)),
    )


def request(client, user, method, url, data):
    if user is not None:
        client.force_login(user)
    data = dict(data)
    if data.get("files") == "PDF":
        data["files"] = SimpleUploadedFile("more.pdf", pdf_bytes())
    if data.get("file") == "CSV":
        data["file"] = SimpleUploadedFile("values.csv", b"code,data_point,value\nEC: ICT: ICT: 1C,Household Internet Access,35\n")
    return getattr(client, method)(url, data)


def check(client, users, case, matrix, action, role):
    method, url, data = actions(case)[action]
    before = snapshot(case["submission"])
    response = request(client, users[role], method, url, data)
    expected = matrix[action][ROLES.index(role)]
    assert response.status_code == expected, f"{action} as {role}"
    if role == "anonymous":
        assert response["Location"].startswith(reverse("login"))
    if method == "post" and expected in (400, 403, 404) or role == "anonymous":
        assert snapshot(case["submission"]) == before, f"{action} as {role} changed something"
    if expected == 404:
        assert b"survey.pdf" not in response.content and b"Household Internet Access" not in response.content


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", list(DRAFT))
def test_each_role_on_a_draft(client, users, draft_case, action, role):
    check(client, users, draft_case, DRAFT, action, role)


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", list(SUBMITTED))
def test_each_role_on_a_submitted_submission_with_an_open_query(client, users, submitted_case, action, role):
    check(client, users, submitted_case, SUBMITTED, action, role)


@pytest.mark.django_db
def test_guessing_another_citys_ids_answers_404_never_the_data(client, other_city_user, draft_case):
    client.force_login(other_city_user)
    case = draft_case
    for url in [
        reverse("submissions:overview", args=[case["submission"].pk]),
        reverse("submissions:value_edit", args=[case["queried"].pk]),
        reverse("submissions:evidence_download", args=[case["evidence"].pk]),
        reverse("submissions:export", args=[case["submission"].pk, "csv"]),
        reverse("submissions:overview", args=[999999]),
        reverse("submissions:evidence_download", args=[999999]),
    ]:
        response = client.get(url)
        assert response.status_code == 404, url
        assert b"%PDF" not in response.content and b"EC: ICT" not in response.content
