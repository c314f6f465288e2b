"""Downloads carry their whole file name and stay out of shared caches; so do the pages of a logged-in person."""
import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from kpis.selectors import edition_current
from reports.models import ReportRequest
from submissions.services import city_create, submission_create
from submissions import roles


def ready_report(submission):
    report = ReportRequest.objects.create(submission=submission, state=ReportRequest.READY)
    report.pdf.save(f"{report.pk}.pdf", ContentFile(b"%PDF-1.7\n"))
    return report


@pytest.fixture
def biel_report(secretariat):
    city = city_create(slug="biel-bienne", name="Biel/Bienne", country="Switzerland")
    submission = submission_create(city=city, year=2021, edition=edition_current(), actor=secretariat)
    return ready_report(submission)


@pytest.mark.django_db
def test_a_report_download_keeps_the_whole_city_name_when_it_has_a_slash(client, secretariat, biel_report):
    client.force_login(secretariat)
    response = client.get(reverse("reports:download", args=[biel_report.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        'attachment; filename="U4SSC verification report Biel-Bienne 2021.pdf"; '
        "filename*=UTF-8''U4SSC%20verification%20report%20Biel-Bienne%202021.pdf"
    )


@pytest.mark.django_db
def test_a_report_download_names_a_city_outside_ascii_in_utf8_with_an_ascii_fallback(client, secretariat, city):
    report = ready_report(submission_create(city=city, year=2021, edition=edition_current(), actor=secretariat))
    client.force_login(secretariat)
    response = client.get(reverse("reports:download", args=[report.pk]))
    assert response["Content-Disposition"] == (
        'attachment; filename="U4SSC verification report Alesund 2021.pdf"; '
        "filename*=UTF-8''U4SSC%20verification%20report%20%C3%85lesund%202021.pdf"
    )


@pytest.mark.django_db
def test_a_report_download_is_kept_by_no_cache(client, secretariat, biel_report):
    client.force_login(secretariat)
    response = client.get(reverse("reports:download", args=[biel_report.pk]))
    assert response["Cache-Control"] == "private, no-store"


@pytest.mark.django_db
def test_pages_shown_to_a_logged_in_person_are_private(client, city_user, make_user):
    assert "private" not in client.get(reverse("home")).get("Cache-Control", "")  # a public page
    client.force_login(city_user)
    for name in ("home", "reports:index", "password_change"):
        response = client.get(reverse(name))
        assert response.status_code == 200
        assert response["Cache-Control"] == "private", name
    # A view's own choice stands: the admin's pages are never cached at all.
    client.force_login(make_user("amina", roles.SECRETARIAT, is_staff=True))
    response = client.get(reverse("admin:index"))
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
