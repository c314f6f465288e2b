"""Every role against every verification action, including forged POSTs.

Another city's or an unassigned submission answers 404; a visible one the role may
not act on answers 403; a refused request changes nothing.
"""
import pytest
from django.urls import reverse

from submissions.models import Event, Submission
from verification.models import Assignment, Notification, Query, QueryMessage, Review, SignOff
from verification.services import query_raise

ROLES = ["anonymous", "city", "other_city", "verifier", "other_verifier", "secretariat"]


def urls(submission, value, query, unqueried):
    return {
        "worklist": ("get", reverse("verification:worklist"), {}),
        "review page": ("get", reverse("verification:review", args=[submission.pk]), {}),
        "assign page": ("get", reverse("verification:assign", args=[submission.pk]), {}),
        "assign": ("post", reverse("verification:assign", args=[submission.pk]), {"verifier": "OTHER_VERIFIER"}),
        "unassign": ("post", reverse("verification:assign", args=[submission.pk]), {"remove": "VERIFIER"}),
        "verified": ("post", reverse("verification:value_review", args=[value.pk]),
                     {"action": "verified", "version": value.version, "review_version": 1}),
        "not verified": ("post", reverse("verification:value_review", args=[value.pk]),
                         {"action": "not_verified", "message": "x", "version": value.version, "review_version": 1}),
        "query": ("post", reverse("verification:value_review", args=[value.pk]),
                  {"action": "query", "message": "x", "version": value.version, "review_version": 1}),
        "bulk verify": ("post", reverse("verification:bulk_verify", args=[submission.pk]),
                        {"selected": [f"{unqueried.pk}:{unqueried.version}"]}),
        "thread": ("get", reverse("verification:query", args=[query.pk]), {}),
        "answer": ("post", reverse("verification:query", args=[query.pk]), {"body": "An answer."}),
        "ask again": ("post", reverse("verification:query", args=[query.pk]),
                      {"question": "Again?", "version": value.version, "review_version": 1}),
        "sign-off page": ("get", reverse("verification:sign_off", args=[submission.pk]), {}),
        "sign off": ("post", reverse("verification:sign_off", args=[submission.pk]),
                     {"verifier_name": "X", "certification": "Y", "verified_on": "2022-01-01",
                      "activities": "a", "assurance_level": "limited"}),
        "reopen page": ("get", reverse("verification:reopen", args=[submission.pk]), {}),
        "reopen": ("post", reverse("verification:reopen", args=[submission.pk]), {"reason": "Because."}),
        "publish": ("post", reverse("verification:publish", args=[submission.pk]), {}),
        "history": ("get", reverse("verification:history", args=[submission.pk]), {}),
        "value history": ("get", reverse("verification:value_history", args=[value.pk]), {}),
    }


# Expected status per action: anonymous, city, other city, assigned verifier, other verifier, secretariat.
# 302 for a person is success (redirect after the change); anonymous is always sent to log in.
MATRIX = {
    "worklist":      (302, 403, 403, 200, 200, 200),
    "review page":   (302, 403, 404, 200, 404, 200),
    "assign page":   (302, 403, 404, 403, 404, 200),
    "assign":        (302, 403, 404, 403, 404, 302),
    "unassign":      (302, 403, 404, 403, 404, 302),
    "verified":      (302, 403, 404, 302, 404, 403),
    "not verified":  (302, 403, 404, 302, 404, 403),
    "query":         (302, 403, 404, 302, 404, 403),
    "bulk verify":   (302, 403, 404, 302, 404, 403),
    "thread":        (302, 200, 404, 200, 404, 200),
    "answer":        (302, 302, 404, 403, 404, 403),
    "ask again":     (302, 403, 404, 302, 404, 403),
    "sign-off page": (302, 403, 404, 200, 404, 403),
    "sign off":      (302, 403, 404, 400, 404, 403),
    "reopen page":   (302, 403, 404, 403, 404, 200),
    "reopen":        (302, 403, 404, 403, 404, 400),  # a submitted submission cannot be reopened
    "publish":       (302, 403, 404, 403, 404, 302),  # refused with a message: it is not verified
    "history":       (302, 200, 404, 200, 404, 200),
    "value history": (302, 200, 404, 200, 404, 200),
}
CHANGES = {("assign", "secretariat"), ("unassign", "secretariat"), ("answer", "city"),
           ("verified", "verifier"), ("not verified", "verifier"), ("query", "verifier"),
           ("bulk verify", "verifier"), ("ask again", "verifier")}


def state():
    return (
        Event.objects.count(), Assignment.objects.count(), list(Review.objects.values_list("status", "version")),
        list(Query.objects.values_list("status", flat=True)), QueryMessage.objects.count(),
        SignOff.objects.count(), list(Submission.objects.values_list("state", flat=True)),
        Notification.objects.count(),
    )


@pytest.fixture
def people(make_user, city_user, other_city_user, verifier, other_verifier, secretariat):
    return {"anonymous": None, "city": city_user, "other_city": other_city_user, "verifier": verifier,
            "other_verifier": other_verifier, "secretariat": secretariat}


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", list(MATRIX))
def test_each_role_may_do_only_its_own_verification_actions(client, people, verifier, other_verifier, assigned,
                                                          reported, action, role):
    query = query_raise(value_id=reported[0].pk, actor=verifier, question="Which survey?")
    value = type(reported[0]).objects.get(pk=reported[0].pk)
    method, url, data = urls(assigned, value, query, reported[1])[action]
    people_ids = {"OTHER_VERIFIER": other_verifier.pk, "VERIFIER": verifier.pk}
    data = {key: people_ids.get(item, item) if isinstance(item, str) else item for key, item in data.items()}
    if people[role] is not None:
        client.force_login(people[role])
    before = state()
    response = getattr(client, method)(url, data)
    expected = MATRIX[action][ROLES.index(role)]
    assert response.status_code == expected, f"{role} {action}: {response.status_code}"
    if method == "post" and (action, role) not in CHANGES:
        assert state() == before, f"{role} {action} changed something"
    if (action, role) in CHANGES:
        assert state() != before
    if role == "anonymous":
        assert response.url.startswith(reverse("login"))


@pytest.mark.django_db
def test_a_verifier_sees_only_their_assignments_in_the_work_list(client, verifier, other_verifier, assigned,
                                                               other_submission, other_city_user, secretariat):
    from verification.services import assignment_create

    from .conftest import values_fill

    values_fill(other_submission, other_city_user, 1)
    from submissions.services import submission_state_change
    submission_state_change(submission_id=other_submission.pk, actor=other_city_user, to_state=Submission.SUBMITTED)
    assignment_create(submission_id=other_submission.pk, verifier_id=other_verifier.pk, actor=secretariat)
    client.force_login(verifier)
    page = client.get(reverse("verification:worklist")).content.decode()
    assert "Ålesund 2021" in page and "Bergen" not in page
    client.force_login(secretariat)
    page = client.get(reverse("verification:worklist")).content.decode()
    assert "Ålesund 2021" in page and "Bergen 2021" in page


@pytest.mark.django_db
def test_the_worklist_shows_progress_counts(client, verifier, assigned, reported):
    from verification.services import review_record

    review_record(value_id=reported[0].pk, actor=verifier, status="verified")
    review_record(value_id=reported[1].pk, actor=verifier, status="not_verified", reason="No source.")
    query_raise(value_id=reported[2].pk, actor=verifier, question="Year?")
    client.force_login(verifier)
    page = client.get(reverse("verification:worklist")).content.decode()
    cells = [cell.split("<")[0] for cell in page.split('<td class="text-end">')[1:6]]
    assert cells == ["0", "1", "1", "1", "1"]  # pending, verified, not verified, queried, open threads


@pytest.mark.django_db
def test_a_verifier_cannot_review_a_data_point_of_an_unassigned_submission_through_a_forged_bulk(
        client, other_verifier, secretariat, assigned, reported, other_submission, other_city_user):
    """Assigned to one submission, the verifier forges a bulk post naming another's values."""
    from submissions.services import submission_state_change
    from verification.services import assignment_create

    from .conftest import values_fill

    [foreign] = values_fill(other_submission, other_city_user, 1)
    submission_state_change(submission_id=other_submission.pk, actor=other_city_user, to_state=Submission.SUBMITTED)
    assignment_create(submission_id=other_submission.pk, verifier_id=other_verifier.pk, actor=secretariat)
    client.force_login(other_verifier)
    response = client.post(reverse("verification:bulk_verify", args=[other_submission.pk]),
                           {"selected": [f"{reported[0].pk}:{reported[0].version}", f"{foreign.pk}:{foreign.version}"]},
                           follow=True)
    assert "Choose data points of this submission." in response.content.decode()
    assert not Review.objects.exists()
