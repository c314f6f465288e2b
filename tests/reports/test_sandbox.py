"""The renderer loads the report's bundled assets only: no file of the machine, nothing from the network."""
import threading
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from pypdf import PdfReader

from reports.pdf import ASSETS_URL, AssetsOnlyFetcher, RefusedURL, html_to_pdf
from reports.services import report_pdf
from submissions.services import ValueInput, value_set

from .conftest import flat, pdf_pages


@pytest.fixture
def listening_server():
    """A tiny HTTP server on 127.0.0.1 that records every request it gets."""
    seen = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            seen.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", seen
    server.shutdown()
    server.server_close()


def images_in(pdf_bytes, tmp_path):
    path = tmp_path / "images.pdf"
    path.write_bytes(pdf_bytes)
    return sum(len(page.images) for page in PdfReader(path).pages)


@pytest.mark.django_db
def test_markup_in_a_city_note_embeds_and_fetches_nothing(submission, city_user, listening_server, tmp_path):
    url, seen = listening_server
    note = f'<img src="file:///etc/passwd"> <img src="{url}/tracker.png"> <link rel="stylesheet" href="{url}/x.css">'
    value = submission.values.filter(data_point__value_kind="percent").first()
    value_set(value_id=value.pk, actor=city_user, data=ValueInput(number=Decimal("50"), note=note))
    pdf = report_pdf(submission)
    assert seen == []
    assert images_in(pdf, tmp_path) == 0
    text = flat(" ".join(pdf_pages(pdf, tmp_path)))
    assert "root:x:0:0" not in text
    # The note is printed as the text the city typed.
    assert '<img src="file:///etc/passwd">' in text


def test_the_fetcher_refuses_files_and_urls_even_in_raw_markup(listening_server, tmp_path):
    url, seen = listening_server
    html = (f'<html><body><p>Before</p><img src="file:///etc/passwd"><img src="{url}/a.png">'
            f'<img src="https://127.0.0.1:1/b.png"><link rel="stylesheet" href="{url}/c.css">'
            f'<div style="background: url({url}/d.png)">x</div>'
            f'<img src="{ASSETS_URL}../../../../../../etc/passwd"><p>After</p></body></html>')
    pdf = html_to_pdf(html)
    assert seen == []
    assert images_in(pdf, tmp_path) == 0
    assert "Before" in flat(" ".join(pdf_pages(pdf, tmp_path)))


def test_only_files_under_the_bundled_assets_are_served():
    fetcher = AssetsOnlyFetcher()
    assert fetcher.fetch(ASSETS_URL + "report.css").read().startswith(b"/*")
    assert fetcher.fetch(ASSETS_URL + "fonts/DejaVuSans.ttf").content_type == "font/ttf"
    for url in ("file:///etc/passwd", ASSETS_URL + "../pdf.py", ASSETS_URL + "%2e%2e/pdf.py",
                "http://127.0.0.1/", "https://example.org/x.css", "data:text/css,body{}", ASSETS_URL + "missing.css"):
        with pytest.raises(RefusedURL):
            fetcher.fetch(url)
