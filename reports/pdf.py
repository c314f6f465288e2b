"""HTML to PDF with WeasyPrint, sandboxed: the renderer may read the report's bundled assets only.

The report prints text that cities typed (notes, reasons). It is escaped by the
template, and even if markup slipped through, the fetcher below refuses every URL
that is not one of our own fonts, stylesheets or images: no file of the machine,
no request to the network.

The PDF is tagged and archival: PDF/A-3a. WeasyPrint 70 writes one variant per document
(pdf/ua-1, pdf/ua-2 or pdf/a-3a, never two), and PDF/A-3a wins over PDF/UA because it is
both: level A requires the same structure tree, MarkInfo, language and Unicode text that
PDF/UA builds on (WeasyPrint tags pdf/ua-1 and pdf/a-3a alike, with DisplayDocTitle), and
PDF/A-3 is the archival standard that allows the report to carry its data as an associated
file (PDF/A-2 allows PDF attachments only; PDF/UA is not archival). What PDF/UA adds beyond
that, its identifier in the XMP metadata, we do not claim without a validator to back it.
"""
import io
import logging
import mimetypes
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from urllib.parse import unquote

from weasyprint import HTML, Attachment
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse, path2url

logger = logging.getLogger(__name__)

ASSETS = (Path(__file__).resolve().parent / "static" / "reports").resolve()
ASSETS_URL = path2url(str(ASSETS)).rstrip("/") + "/"
MEDIA_TYPES = {".ttf": "font/ttf", ".css": "text/css", ".svg": "image/svg+xml", ".png": "image/png"}
PDF_VARIANT = "pdf/a-3a"


@dataclass(frozen=True)
class DataFile:
    """A file the PDF carries as an associated file of the document (PDF/A-3 "AF").

    `dated` is its creation and modification date, taken from the data (not the clock), so
    that two renderings of the same data give the same bytes. `relationship` is the PDF 2.0
    AFRelationship: Data is what the document's tables and figures are drawn from.
    """

    name: str
    content: bytes
    description: str
    dated: datetime
    relationship: str = "Data"

    def attachment(self):
        return Attachment(file_obj=io.BytesIO(self.content), name=self.name, description=self.description,
                          created=self.dated, modified=self.dated, relationship=self.relationship)


class RefusedURL(ValueError):
    """A URL outside the bundled assets: never fetched."""


class AssetsOnlyFetcher(URLFetcher):
    """Serves files under reports/static/reports and refuses everything else."""

    def __init__(self):
        super().__init__(allowed_protocols=("file",), allow_redirects=False)
        self.refused = []

    def fetch(self, url, headers=None):
        path = self.asset_path(url)
        if path is None:
            self.refused.append(url)
            raise RefusedURL(f"The report may not load {url!r}")
        media_type = MEDIA_TYPES.get(path.suffix) or mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, body=path.read_bytes(), headers={"Content-Type": media_type})

    @staticmethod
    def asset_path(url):
        """The bundled file a URL names, or None when it names anything else."""
        if not url.startswith(ASSETS_URL):
            return None
        relative = url[len(ASSETS_URL):].split("?")[0].split("#")[0]
        path = (ASSETS / unquote(relative)).resolve()
        if not path.is_relative_to(ASSETS) or not path.is_file():
            return None
        return path


def html_to_pdf(html, *, data_files=()):
    """The tagged PDF/A-3a bytes of an HTML document whose relative links point into the bundled
    assets, carrying `data_files` (DataFile) as associated files."""
    fetcher = AssetsOnlyFetcher()
    document = HTML(string=html, base_url=ASSETS_URL, url_fetcher=fetcher)
    pdf = document.write_pdf(font_config=FontConfiguration(), uncompressed_pdf=False, pdf_variant=PDF_VARIANT,
                             attachments=[data_file.attachment() for data_file in data_files])
    if fetcher.refused:
        logger.warning("The report referred to %d URL(s) outside its assets; none was loaded", len(fetcher.refused))
    return pdf
