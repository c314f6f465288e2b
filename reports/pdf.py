"""HTML to PDF with WeasyPrint, sandboxed: the renderer may read the report's bundled assets only.

The report prints text that cities typed (notes, reasons). It is escaped by the
template, and even if markup slipped through, the fetcher below refuses every URL
that is not one of our own fonts, stylesheets or images: no file of the machine,
no request to the network.
"""
import logging
import mimetypes
from pathlib import Path
from urllib.parse import unquote

from weasyprint import HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse, path2url

logger = logging.getLogger(__name__)

ASSETS = (Path(__file__).resolve().parent / "static" / "reports").resolve()
ASSETS_URL = path2url(str(ASSETS)).rstrip("/") + "/"
MEDIA_TYPES = {".ttf": "font/ttf", ".css": "text/css", ".svg": "image/svg+xml", ".png": "image/png"}


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


def html_to_pdf(html):
    """The PDF bytes of an HTML document whose relative links point into the bundled assets."""
    fetcher = AssetsOnlyFetcher()
    document = HTML(string=html, base_url=ASSETS_URL, url_fetcher=fetcher)
    pdf = document.write_pdf(font_config=FontConfiguration(), uncompressed_pdf=False)
    if fetcher.refused:
        logger.warning("The report referred to %d URL(s) outside its assets; none was loaded", len(fetcher.refused))
    return pdf
