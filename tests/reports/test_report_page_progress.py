"""The report page says a report is on its way only while one is, in a polite live region its script updates;
the status poll writes dates as the pages do."""
import datetime
import re

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from reports.models import ReportRequest

BANNER = "The report is queued; this page shows when it is ready."


def progress_region(page):
    match = re.search(r'<div id="report-progress" aria-live="polite">(.*?)</div>', page, re.S)
    assert match, "the live region is on the page from the start, so that screen readers follow its changes"
    return match.group(1)


@pytest.mark.django_db
def test_the_queued_banner_shows_while_a_report_is_on_its_way_and_not_after(client, alesund, django_user_model):
    client.force_login(django_user_model.objects.get(username="secretariat"))
    url = reverse("reports:submission", args=[alesund.pk])
    assert progress_region(client.get(url).content.decode()).strip() == ""

    report = ReportRequest.objects.create(submission=alesund, state=ReportRequest.QUEUED)
    assert BANNER in progress_region(client.get(url).content.decode())
    ReportRequest.objects.filter(pk=report.pk).update(state=ReportRequest.RENDERING)
    assert BANNER in progress_region(client.get(url).content.decode())

    report.refresh_from_db()
    report.state = ReportRequest.READY
    report.pdf.save(f"{report.pk}.pdf", ContentFile(b"%PDF-1.7\n"))
    page = client.get(url).content.decode()
    assert progress_region(page).strip() == "" and "Download PDF" in page


@pytest.mark.django_db
def test_the_status_poll_writes_the_date_as_the_pages_do(client, alesund, django_user_model):
    client.force_login(django_user_model.objects.get(username="secretariat"))
    report = ReportRequest.objects.create(submission=alesund)
    ReportRequest.objects.filter(pk=report.pk).update(
        created_at=datetime.datetime(2026, 11, 29, 14, 5, tzinfo=datetime.timezone.utc))
    row = client.get(reverse("reports:status", args=[alesund.pk])).json()["reports"][0]
    assert row["created_text"] == "29 Nov 2026, 14:05"
    page = client.get(reverse("reports:submission", args=[alesund.pk])).content.decode()
    assert "<td>29 Nov 2026, 14:05</td>" in page
    assert timezone.get_current_timezone_name() == "UTC"
