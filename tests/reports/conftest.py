"""Fixtures of the reports tests: a rendered report read back as text, a report asked for on the page."""
import subprocess
import time

import pytest
from pypdf import PdfReader

from django.urls import reverse

from reports.models import ReportRequest
from reports.services import report_pdf


def pdf_pages(pdf_bytes, tmp_path):
    """The text of each page, as pdftotext reads it in content order."""
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf_bytes)
    text = subprocess.run(["pdftotext", "-raw", str(path), "-"], check=True, capture_output=True, text=True).stdout
    return text.split("\f")[:-1] if text.endswith("\f") else text.split("\f")


def flat(text):
    """Whitespace collapsed, so a value wrapped over two lines reads as one."""
    return " ".join(text.split())


def fonts_of_segments(pdf_bytes, tmp_path):
    """(font name, text) of every text run of the PDF, to tell bold from italic."""
    path = tmp_path / "fonts.pdf"
    path.write_bytes(pdf_bytes)
    runs = []

    def visit(text, cm, tm, font, size):
        if font is not None and text.strip():
            runs.append((str(font.get("/BaseFont")), flat(text)))

    for page in PdfReader(path).pages:
        page.extract_text(visitor_text=visit)
    # The tagged PDF marks each table cell apart, so a row's cells come as separate runs:
    # a run and the next one in the same font are also given joined ("Life Expectancy 82.20 Years").
    joined = [(font, f"{text} {after}") for (font, text), (font_after, after) in zip(runs, runs[1:])
              if font == font_after]
    return runs + joined


@pytest.fixture
def alesund_pdf(alesund):
    return report_pdf(alesund)


@pytest.fixture
def broker_down(redis_url):
    """The broker cannot be reached (its address points at a closed port) until the test ends."""
    from u4ssc_site.celery import app

    def connect(url):
        app.conf.broker_url = url
        app._pool = None
        app.amqp._producer_pool = None

    before = app.conf.broker_url
    connect("redis://127.0.0.1:1/0")
    yield lambda: connect(before)
    connect(before)


@pytest.fixture
def empty_queue(redis_url):
    """Messages this test sends to the broker are dropped afterwards: no worker consumes them here."""
    from u4ssc_site.celery import app

    yield
    app.control.purge()


def rendered_by_a_worker(client, submission, timeout=90):
    """Follow the status of the report the signed-in client asked for until a worker has rendered it (or
    failed): the newest request's row of the status answer, once ready."""
    status_url = reverse("reports:status", args=[submission.pk])
    deadline = time.monotonic() + timeout
    while True:
        rows = client.get(status_url).json()["reports"]
        if rows and rows[0]["state"] in (ReportRequest.READY, ReportRequest.FAILED):
            break
        assert time.monotonic() < deadline, rows
        time.sleep(0.5)
    assert rows[0]["state"] == ReportRequest.READY, rows[0]["error"]
    return rows[0]
