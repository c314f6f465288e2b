"""End to end: the secretariat asks for a report on the web page, a real worker renders it, it downloads."""
import time

import pytest
from django.core.management import call_command
from django.urls import reverse
from pypdf import PdfReader

from reports.models import ReportRequest

from .conftest import flat, pdf_pages, rendered_by_a_worker


@pytest.mark.services
def test_secretariat_requests_a_report_and_downloads_the_pdf_a_worker_rendered(
        celery_worker_process, alesund, client, django_user_model, tmp_path):
    client.force_login(django_user_model.objects.get(username="secretariat"))
    started = time.perf_counter()
    response = client.post(reverse("reports:request", args=[alesund.pk]))
    assert time.perf_counter() - started < 1
    assert response.status_code == 302
    row = rendered_by_a_worker(client, alesund)
    download = client.get(row["download_url"])
    pdf = b"".join(download.streaming_content)
    assert download["Content-Type"] == "application/pdf"
    path = tmp_path / "downloaded.pdf"
    path.write_bytes(pdf)
    assert len(PdfReader(path).pages) > 10
    text = flat(" ".join(pdf_pages(pdf, tmp_path)))
    assert "Verification Report" in text and "116 673 / 100 000 inhabitants" in text
    report = ReportRequest.objects.get(pk=row["id"])
    assert report.attempts == 1 and report.sent_at and report.finished_at


@pytest.mark.django_db
def test_render_report_command_writes_the_same_report_without_a_worker(alesund, tmp_path, capsys):
    output = tmp_path / "out.pdf"
    call_command("render_report", "--city", "alesund", "--year", "2019", "--output", str(output))
    assert "Wrote the report of Ålesund 2019" in capsys.readouterr().out
    text = flat(" ".join(pdf_pages(output.read_bytes(), tmp_path)))
    assert "Verification Report" in text and "82.85 %" in text and "DRAFT" not in text
    assert not ReportRequest.objects.exists()
