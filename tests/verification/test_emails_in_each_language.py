"""Each recipient reads a notification in their own language: one mail per language, its subject, dates and words in it."""
import datetime

import pytest
from django.core import mail

from submissions.models import Cycle, Profile, Submission
from submissions.services import submission_state_change
from verification.models import Notification
from verification.notifications import notification_send
from verification.services import review_bulk_verify, submission_sign_off

from .conftest import values_fill
from .test_sign_off import BACKGROUND


@pytest.fixture
def committed(django_capture_on_commit_callbacks, eager_tasks):
    def run(action, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return action(**kwargs)
    return run


def mail_to(address):
    [sent] = [message for message in mail.outbox if address in message.to]
    return sent


@pytest.mark.django_db
def test_a_french_city_member_and_an_english_secretariat_member_each_get_the_sign_off_in_their_language(
        committed, verifier, assigned, reported, city_user, secretariat):
    Profile.objects.create(user=city_user, language="fr")
    review_bulk_verify(submission_id=assigned.pk, actor=verifier, items=[(v.pk, v.version) for v in reported])
    mail.outbox.clear()

    committed(submission_sign_off, submission_id=assigned.pk, actor=verifier,
              **{**BACKGROUND, "verified_on": datetime.date(2022, 3, 15)})

    assert len(mail.outbox) == 2
    french, english = mail_to("city@example.org"), mail_to("secretariat@example.org")
    assert french.to == ["city@example.org"] and english.to == ["secretariat@example.org"]
    assert french.subject == "[U4SSC] Ålesund 2021: vérifiée et validée"
    assert "La vérification de Ålesund, Norway 2021 est terminée et validée." in french.body
    assert "Plateforme des KPI U4SSC" in french.body
    assert english.subject == "[U4SSC] Ålesund 2021: verified and signed off"
    assert "is complete and signed off" in english.body and "vérification" not in english.body
    notification = Notification.objects.get(kind=Notification.SIGNED_OFF)
    assert notification.state == Notification.SENT
    assert notification.recipients == ["city@example.org", "secretariat@example.org"]
    assert notification.subject == "[U4SSC] Ålesund 2021: verified and signed off"  # the record keeps the English


@pytest.mark.django_db
def test_a_reminder_gives_its_deadline_as_each_language_writes_dates(submission, city_user, make_user, city):
    spanish = make_user("ciudad", city=city)
    Profile.objects.create(user=spanish, language="es")
    Profile.objects.create(user=city_user, language="fr")
    submission.cycle = Cycle.objects.create(
        name="2021", year=2021, edition=submission.edition, opens_on=datetime.date(2021, 1, 1),
        submission_deadline=datetime.date(2021, 6, 9), verification_deadline=datetime.date(2021, 11, 29))
    submission.save(update_fields=["cycle"])
    notification = Notification.objects.create(kind=Notification.DATA_DUE, submission=submission)

    notification_send(notification_id=notification.pk)

    assert mail_to("city@example.org").subject == "[U4SSC] Ålesund 2021: données attendues le 9 juin 2021"
    assert "au plus tard le 9 juin 2021" in mail_to("city@example.org").body
    assert mail_to("ciudad@example.org").subject == "[U4SSC] Ålesund 2021: datos pendientes para el 9 de junio de 2021"
    assert "a más tardar el 9 de junio de 2021" in mail_to("ciudad@example.org").body


@pytest.mark.django_db
def test_a_person_without_a_profile_reads_english(committed, submission, city_user, secretariat):
    values_fill(submission, city_user, 1)
    Profile.objects.create(user=city_user, language="ar")  # the sender's language does not matter

    committed(submission_state_change, submission_id=submission.pk, actor=city_user, to_state=Submission.SUBMITTED)

    assert [m.to for m in mail.outbox] == [["secretariat@example.org"]]
    assert mail.outbox[0].subject == "[U4SSC] Ålesund 2021: submitted for verification"
