"""The yardstick of the report benchmark: the report HTML of 2f630e5 still prints as it did then."""
import io

from pypdf import PdfReader

from benchmarks.bench_report import FIXTURE, _bare_weasyprint

from .conftest import flat, pdf_pages


def test_the_report_html_of_2f630e5_prints_its_15_pages_from_todays_assets(tmp_path):
    pdf = _bare_weasyprint(FIXTURE.read_text(encoding="utf-8"))  # refuses any URL outside the assets
    assert len(PdfReader(io.BytesIO(pdf)).pages) == 15
    text = flat(" ".join(pdf_pages(pdf, tmp_path)))
    assert "Ålesund" in text and "116 673 / 100 000 inhabitants" in text and "82.85 %" in text
