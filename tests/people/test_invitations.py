"""The secretariat invites people by e-mail; the one-time link sets a password and signs the invitee in."""
import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.forms.models import model_to_dict
from django.urls import reverse

from people.models import AuditEntry, Invitation
from submissions import roles
from verification.models import Notification

from .conftest import INVITATION_LINK

NEW = "a-brand-new-secret-31"


def invitee():
    return get_user_model().objects.get(email="ingrid@alesund.example")


@pytest.mark.django_db
def test_an_invitation_to_city_staff_of_two_cities_mails_a_link_that_sets_the_password(
        client, invite, secretariat, city, other_city):
    response = invite(cities=[city, other_city])

    assert response.status_code == 302
    person = invitee()
    assert not person.has_usable_password() and roles.is_city_staff(person)
    assert sorted(person.cities.values_list("slug", flat=True)) == ["alesund", "bergen"]
    assert Invitation.objects.get(person=person).invited_by == secretariat
    message = mail.outbox[0]
    assert message.to == ["ingrid@alesund.example"]
    assert "Ålesund, Norway; Bergen, Norway" in message.body and "works once, for 3 days" in message.body

    link = INVITATION_LINK.search(message.body).group(1)
    assert "Choose the password" in client.get(link).content.decode()
    response = client.post(link, {"new_password1": NEW, "new_password2": NEW})

    assert response.status_code == 302
    person.refresh_from_db()
    assert person.check_password(NEW)
    assert client.get(reverse("people:account")).status_code == 200  # signed in
    assert Invitation.objects.get(person=person).accepted_at is not None
    assert list(AuditEntry.objects.values_list("action", flat=True)) == [
        AuditEntry.INVITATION_ACCEPTED, AuditEntry.INVITED]


@pytest.mark.django_db
def test_the_link_works_once(client, invite, city):
    invite(cities=[city])
    link = INVITATION_LINK.search(mail.outbox[0].body).group(1)
    client.post(link, {"new_password1": NEW, "new_password2": NEW})

    again = client.post(link, {"new_password1": "another-secret-of-40", "new_password2": "another-secret-of-40"})

    assert "This invitation link no longer works" in again.content.decode()
    assert invitee().check_password(NEW)


@pytest.mark.django_db
def test_a_lapsed_link_is_refused(client, invite, city, settings):
    invite(cities=[city])
    link = INVITATION_LINK.search(mail.outbox[0].body).group(1)
    settings.PASSWORD_RESET_TIMEOUT = -1  # every link is older than this

    response = client.post(link, {"new_password1": NEW, "new_password2": NEW})

    assert "This invitation link no longer works" in response.content.decode()
    assert not invitee().has_usable_password()


@pytest.mark.django_db
def test_a_weak_password_is_refused_beside_the_field(client, invite, city):
    invite(cities=[city])
    link = INVITATION_LINK.search(mail.outbox[0].body).group(1)

    response = client.post(link, {"new_password1": "short", "new_password2": "short"})

    assert "This password is too short" in response.content.decode()
    assert not invitee().has_usable_password()


@pytest.mark.django_db
def test_the_outbox_keeps_no_link_or_token(invite, city):
    invite(cities=[city])
    token = INVITATION_LINK.search(mail.outbox[0].body).group(1).rstrip("/").rsplit("/", 1)[1]

    stored = str(model_to_dict(Notification.objects.get(kind=Notification.INVITATION)))
    assert token not in stored and "/people/invitation/" not in stored


@pytest.mark.django_db
def test_the_invitation_is_printed_on_the_console_as_in_the_demo(invite, settings, capsys, city):
    settings.EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

    invite(cities=[city])

    printed = capsys.readouterr().out
    assert "Subject: [U4SSC] Your invitation to the KPI platform" in printed
    assert INVITATION_LINK.search(printed)


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["Verifier", "Secretariat"])
def test_verifiers_and_the_secretariat_are_invited_without_cities(invite, role):
    assert invite(role=role).status_code == 302
    assert invitee().groups.get().name == role and not invitee().cities.exists()
    assert f"Your role: {role}." in mail.outbox[0].body and "Your cities" not in mail.outbox[0].body


@pytest.mark.django_db
def test_bad_input_is_answered_beside_its_field_and_the_rest_is_kept(invite, city, city_user):
    no_city = invite(cities=[])
    taken = invite(email=city_user.email.upper(), cities=[city])
    not_an_address = invite(email="ingrid at alesund", cities=[city])

    assert "City staff belong to at least one city" in no_city.content.decode()
    assert "Someone has an account with this address already" in taken.content.decode()
    assert "Give a valid e-mail address" in not_an_address.content.decode()
    assert 'value="Nilsen"' in not_an_address.content.decode()
    assert get_user_model().objects.filter(email__icontains="alesund").count() == 0
    assert mail.outbox == []


@pytest.mark.django_db
def test_an_invitation_sent_again_gives_a_new_link_and_is_logged(committed, signed_in, secretariat, invite, city):
    invite(cities=[city])
    person = invitee()

    committed(signed_in(secretariat), reverse("people:invitation_resend", args=[person.pk]), {})

    assert len(mail.outbox) == 2 and INVITATION_LINK.search(mail.outbox[1].body)
    assert AuditEntry.objects.filter(action=AuditEntry.INVITATION_RESENT, person=person, actor=secretariat).exists()


@pytest.mark.django_db
def test_a_deactivated_invitee_gets_no_link_and_cannot_use_the_old_one(
        client, committed, signed_in, secretariat, invite, city):
    invite(cities=[city])
    link = INVITATION_LINK.search(mail.outbox[0].body).group(1)
    committed(signed_in(secretariat), reverse("people:deactivate", args=[invitee().pk]), {})

    response = client.post(link, {"new_password1": NEW, "new_password2": NEW})

    assert "This invitation link no longer works" in response.content.decode()
