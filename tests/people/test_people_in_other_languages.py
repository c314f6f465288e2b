"""The people console and its invitation in the reader's language: roles are named in it, their values stay keys."""
import pytest
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from people.forms import RoleForm
from people.selectors import role_label
from submissions import roles


@pytest.mark.django_db
def test_the_secretariat_reads_the_people_list_in_french_with_roles_named_in_french(signed_in, secretariat, verifier):
    client = signed_in(secretariat)
    client.post(reverse("set_language"), {"language": "fr"})
    page = client.get(reverse("people:people_list")).content.decode()
    assert "<h1>Personnes</h1>" in page and "Inviter une personne" in page
    assert "<td>Vérificateur</td>" in page and "<td>Secrétariat</td>" in page
    # The filter's choices are named in French; what it sends is still the role's key.
    assert '<option value="Verifier">Vérificateur</option>' in page
    assert verifier.username in client.get(reverse("people:people_list"), {"role": roles.VERIFIER}).content.decode()


@pytest.mark.django_db
def test_a_person_s_role_form_keeps_the_role_key_whatever_the_language(signed_in, secretariat, verifier):
    with translation.override("es"):
        form = RoleForm(data={"role": roles.VERIFIER})
        assert form.is_valid(), form.errors
        assert dict(form.fields["role"].choices)[roles.VERIFIER] == "Verificador"
    client = signed_in(secretariat)
    client.post(reverse("set_language"), {"language": "ar"})
    page = client.get(reverse("people:person", args=[verifier.pk])).content.decode()
    assert '<html lang="ar" dir="rtl">' in page and "المُحقِّق" in page


@pytest.mark.django_db
def test_a_refusal_of_the_console_reads_in_french_beside_the_field_and_above_the_page(
        signed_in, secretariat, verifier, city):
    client = signed_in(secretariat)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"

    field = client.post(reverse("people:person", args=[verifier.pk]), {"role": roles.VERIFIER, "cities": [city.pk]})
    itself = client.post(reverse("people:deactivate", args=[secretariat.pk]), follow=True)

    assert "Seul le personnel de la ville appartient à des villes : retirez-les pour un vérificateur." in (
        field.content.decode())
    assert "Vous ne pouvez pas désactiver votre propre compte." in itself.content.decode()
    secretariat.refresh_from_db()
    assert not verifier.cities.exists() and secretariat.is_active


@pytest.mark.parametrize("language, role_line, days_line", [
    ("fr", "Votre rôle : Vérificateur.", "pendant 3 jours"),
    ("es", "Su función: Verificador.", "durante 3 días"),
    ("ar", "دورك: المُحقِّق.", "لمدة 3 أيام"),
])
def test_the_invitation_reads_in_the_recipient_s_language(language, role_line, days_line):
    context = {"user": {"email": "ingrid@alesund.example", "get_username": "ingrid"}, "link": "https://x.example/l/",
               "days": 3, "role": role_label(roles.VERIFIER), "cities": [], "invited_by": None}
    with translation.override(language):
        text = render_to_string("people/email/invitation.txt", context)
    assert role_line in text and days_line in text and "https://x.example/l/" in text
