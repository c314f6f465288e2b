"""Publishing gives the city its report: the publication asks for the published rendering itself, a real worker
renders it, the city is told and downloads it, and nobody clicks "Produce the PDF report"."""
import time

import pytest
from django.urls import reverse

from reports.models import ReportRequest
from verification.models import Notification

from .conftest import flat, pdf_pages


def city_report(client, submission, timeout=120):
    """The first report the city may download, once the worker has rendered it."""
    status_url = reverse("reports:status", args=[submission.pk])
    deadline = time.monotonic() + timeout
    while True:
        rows = [row for row in client.get(status_url).json()["reports"] if row["download_url"]]
        if rows:
            return rows[0]
        failed = ReportRequest.objects.filter(submission=submission, state=ReportRequest.FAILED).first()
        assert failed is None, failed.error
        assert time.monotonic() < deadline, list(ReportRequest.objects.values("state", "error"))
        time.sleep(0.5)


@pytest.mark.services
def test_publishing_renders_the_published_report_for_the_city(celery_worker_process, alesund, client,
                                                                django_user_model, tmp_path):
    secretariat = django_user_model.objects.get(username="secretariat")
    client.force_login(secretariat)
    client.post(reverse("verification:withdraw", args=[alesund.pk]), {"reason": "A second look at the population."})
    assert not ReportRequest.objects.exists(), "the seed renders nothing; a withdrawal neither"
    response = client.post(reverse("verification:publish", args=[alesund.pk]))
    assert response.status_code == 302
    request = ReportRequest.objects.get()
    assert request.requested_by == secretariat

    client.force_login(django_user_model.objects.get(username="city"))
    row = city_report(client, alesund)
    download = client.get(row["download_url"])
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    text = flat(" ".join(pdf_pages(b"".join(download.streaming_content), tmp_path)))
    assert "Ålesund" in text and "2019 data" in text and "DRAFT" not in text
    request.refresh_from_db()
    assert request.version.published and request.version.number == 1

    deadline = time.monotonic() + 30
    while Notification.objects.filter(submission=alesund, state=Notification.SENT, kind__in=(
            Notification.PUBLISHED, Notification.REPORT_READY)).count() < 2:
        assert time.monotonic() < deadline, list(Notification.objects.values("kind", "state", "error"))
        time.sleep(0.5)
    assert Notification.objects.get(kind=Notification.PUBLISHED).subject == "[U4SSC] Ålesund 2019: report published"
