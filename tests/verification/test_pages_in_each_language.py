"""The verifier's workbench reads in the person's language: work list, review, summary, queries, sign-off."""
import pytest
from django.urls import reverse

from verification.services import query_raise

PHRASES = {
    "fr": {"worklist": "Vos vérifications", "review": "Marquer la sélection comme vérifiée",
           "summary": "Récapitulatif du vérificateur pour Ålesund 2021", "query": "Demander de nouveau",
           "sign_off": "Valider la vérification", "checks": "Les contrôles croisés à côté de chaque valeur"},
    "es": {"worklist": "Sus verificaciones", "review": "Marcar la selección como verificada",
           "summary": "Resumen del verificador de Ålesund 2021", "query": "Volver a preguntar",
           "sign_off": "Aprobar la verificación", "checks": "Los controles cruzados junto a cada valor"},
    "ar": {"worklist": "عمليات التحقق الخاصة بك", "review": "وضع علامة «تم التحقق» على المحدد",
           "summary": "ملخص المُحقِّق لـ Ålesund 2021", "query": "الاستفسار مجددًا",
           "sign_off": "اعتماد التحقق", "checks": "عمليات التحقق المتقاطع بجانب كل قيمة"},
}


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["fr", "es", "ar"])
def test_the_verifiers_pages_are_in_their_language(login, verifier, assigned, reported, language):
    query = query_raise(value_id=reported[0].pk, actor=verifier, question="Which survey?")
    client = login(verifier)
    pages = {"worklist": reverse("verification:worklist"), "review": reverse("verification:review", args=[assigned.pk]),
             "summary": reverse("verification:summary", args=[assigned.pk]),
             "query": reverse("verification:query", args=[query.pk]),
             "sign_off": reverse("verification:sign_off", args=[assigned.pk]),
             "checks": reverse("verification:checks")}
    for name, url in pages.items():
        response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
        assert response.status_code == 200, (name, language)
        assert PHRASES[language][name] in response.content.decode(), (name, language)


@pytest.mark.django_db
def test_a_verdict_message_and_a_sign_off_blocker_are_in_french(login, verifier, assigned, reported):
    client = login(verifier)
    value = reported[0]
    response = client.post(reverse("verification:value_review", args=[value.pk]),
                           {"action": "not_verified", "message": "", "version": value.version, "review_version": 0},
                           HTTP_ACCEPT_LANGUAGE="fr")
    assert "Indiquez pourquoi ce point de données n&#x27;est pas vérifié." in response.content.decode()
    page = client.get(reverse("verification:sign_off", args=[assigned.pk]), HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "3 points de données communiqués encore en attente d&#x27;examen." in page
