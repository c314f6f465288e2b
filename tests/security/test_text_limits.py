"""Free text has a maximum length: refused beside the field by every form, and by the database itself."""
import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError, transaction
from django.urls import reverse

from kpis import limits
from kpis.models import Category, Target
from submissions.models import City, Value
from verification.models import QueryMessage, Review, SignOff
from verification.services import query_raise, review_bulk_verify

from ..submissions.conftest import category_post, entry_url, login, value_of  # noqa: F401
from ..verification.conftest import assigned, reported, submitted  # noqa: F401
from ..verification.test_sign_off import BACKGROUND

TOO_LONG_NOTE = "n" * (limits.NOTE + 1)


def too_long_message(limit):
    return f"Ensure this value has at most {limit} characters (it has {limit + 1})."


@pytest.mark.django_db
def test_an_over_long_note_is_refused_beside_the_field_and_keeps_the_rest(login, city_user, submission):
    category = Category.objects.get(name="ICT Infrastructure")
    value = value_of(submission, "EC: ICT: ICT: 1C")
    response = login(city_user).post(entry_url(submission, category), category_post(submission, category, {
        value.pk: {"value": "82.85", "source": "Statistics Norway", "note": TOO_LONG_NOTE},
    }))
    html = response.content.decode()
    assert response.status_code == 400
    assert too_long_message(limits.NOTE) in html
    assert 'value="Statistics Norway"' in html and 'value="82.85"' in html
    assert Value.objects.get(pk=value.pk).number is None


@pytest.mark.django_db
def test_an_over_long_not_reported_reason_is_refused(login, city_user, submission):
    category = Category.objects.get(name="ICT Infrastructure")
    value = value_of(submission, "EC: ICT: ICT: 1C")
    response = login(city_user).post(entry_url(submission, category), category_post(submission, category, {
        value.pk: {"not_reported": "on", "not_reported_reason": "r" * (limits.REASON + 1)},
    }))
    assert response.status_code == 400
    assert too_long_message(limits.REASON) in response.content.decode()
    assert not Value.objects.get(pk=value.pk).not_reported


@pytest.mark.django_db
def test_a_note_at_the_limit_is_kept_whole(login, city_user, submission):
    category = Category.objects.get(name="ICT Infrastructure")
    value = value_of(submission, "EC: ICT: ICT: 1C")
    note = "é" * limits.NOTE
    response = login(city_user).post(entry_url(submission, category), category_post(submission, category, {
        value.pk: {"value": "82.85", "note": note},
    }))
    assert response.status_code == 302
    assert Value.objects.get(pk=value.pk).note == note


@pytest.mark.django_db
@pytest.mark.parametrize("field", ["note", "not_reported_reason"])
def test_the_database_refuses_over_long_value_text_whatever_writes_it(submission, field):
    value = submission.values.first()
    limit = Value._meta.get_field(field).max_length
    with pytest.raises(IntegrityError), transaction.atomic():
        Value.objects.filter(pk=value.pk).update(**{field: "x" * (limit + 1), "not_reported": True})


@pytest.mark.django_db
def test_the_admin_refuses_an_over_long_note(client, secretariat, submission):
    secretariat.is_staff = True
    secretariat.save()
    client.force_login(secretariat)
    value = value_of(submission, "EC: ICT: ICT: 1C")
    response = client.post(reverse("admin:submissions_value_change", args=[value.pk]), {
        "number": "40", "yes_no": "unknown", "numerator": "", "denominator": "", "not_reported_reason": "",
        "source": "", "data_quality": "", "note": TOO_LONG_NOTE, "loaded_version": value.version,
    })
    assert response.status_code == 200
    assert too_long_message(limits.NOTE) in response.content.decode()
    assert Value.objects.get(pk=value.pk).number is None


@pytest.mark.django_db
def test_an_over_long_reason_for_not_verified_is_refused(login, verifier, assigned, reported):
    value = reported[0]
    response = login(verifier).post(reverse("verification:value_review", args=[value.pk]), {
        "action": "not_verified", "version": value.version, "review_version": 0,
        "message": "r" * (limits.MESSAGE + 1),
    })
    assert response.status_code == 400
    assert too_long_message(limits.MESSAGE) in response.content.decode()
    assert not Review.objects.filter(value=value).exists()


@pytest.mark.django_db
def test_an_over_long_answer_to_a_query_is_refused_and_kept_in_the_box(login, city_user, verifier, assigned, reported):
    query = query_raise(value_id=reported[0].pk, actor=verifier, question="Which survey?")
    answer = "a" * (limits.MESSAGE + 1)
    response = login(city_user).post(reverse("verification:query", args=[query.pk]), {"body": answer})
    assert response.status_code == 400
    html = response.content.decode()
    assert too_long_message(limits.MESSAGE) in html and answer in html
    assert QueryMessage.objects.filter(query=query).count() == 1


@pytest.mark.django_db
def test_over_long_sign_off_text_is_refused(login, verifier, assigned, reported):
    review_bulk_verify(submission_id=assigned.pk, actor=verifier, items=[(v.pk, v.version) for v in reported])
    response = login(verifier).post(reverse("verification:sign_off", args=[assigned.pk]),
                                    {**BACKGROUND, "limitations": "l" * (limits.SIGN_OFF_TEXT + 1)})
    assert response.status_code == 400
    assert too_long_message(limits.SIGN_OFF_TEXT) in response.content.decode()
    assert not SignOff.objects.filter(submission=assigned).exists()


@pytest.mark.django_db
def test_an_over_long_reopen_reason_is_refused(login, verifier, secretariat, assigned, reported):
    review_bulk_verify(submission_id=assigned.pk, actor=verifier, items=[(v.pk, v.version) for v in reported])
    login(verifier).post(reverse("verification:sign_off", args=[assigned.pk]), BACKGROUND)
    response = login(secretariat).post(reverse("verification:reopen", args=[assigned.pk]),
                                       {"reason": "r" * (limits.REASON + 1)})
    assert response.status_code == 400
    assert too_long_message(limits.REASON) in response.content.decode()
    assigned.refresh_from_db()
    assert assigned.is_signed_off


@pytest.mark.django_db
def test_the_database_refuses_an_over_long_target_source():
    target = Target.objects.first()
    with pytest.raises(IntegrityError), transaction.atomic():
        Target.objects.filter(pk=target.pk).update(source="s" * (limits.CATALOGUE_TEXT + 1))


@pytest.mark.django_db
def test_create_city_refuses_a_name_longer_than_a_city_name_may_be():
    with pytest.raises(CommandError, match="name: Ensure this value has at most 100 characters"):
        call_command("create_city", "long", "--name", "N" * 101, "--country", "Norway")
    assert not City.objects.filter(slug="long").exists()
