"""A PNG preview of an evidence file (an image, or the first page of a PDF), made safely and kept in storage.

The file is the city's, so it is never trusted: a PDF's first page is rendered by poppler's pdftoppm in a
subprocess with a time limit, at a small size; an image is decoded by Pillow with its pixel limit, shrunk and
written again as PNG, so nothing of the original (scripts, metadata) reaches the browser.
"""
import hashlib
import io
import subprocess
import tempfile
from pathlib import Path

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image

IMAGE_TYPES = {"image/png", "image/jpeg", "image/gif", "image/webp"}
PDF_TYPE = "application/pdf"
PREVIEW_PIXELS = 900  # the longer side of a preview
PDF_SECONDS = 15
MAX_SOURCE_BYTES = 25 * 1024 * 1024
Image.MAX_IMAGE_PIXELS = 60_000_000  # refuse decompression bombs


class NoPreview(Exception):
    """The file cannot be previewed (its type, its size, or it failed to render)."""


def can_preview(evidence):
    return evidence.content_type in IMAGE_TYPES or evidence.content_type == PDF_TYPE


def _cache_name(evidence):
    # By content: the same file attached twice is rendered once.
    key = hashlib.sha256(f"{evidence.sha256}:{PREVIEW_PIXELS}".encode()).hexdigest()
    return f"previews/{key}.png"


def _png_of_image(data):
    try:
        with Image.open(io.BytesIO(data)) as image:
            image.seek(0)
            image = image.convert("RGBA" if image.mode in ("RGBA", "LA", "P") else "RGB")
            image.thumbnail((PREVIEW_PIXELS, PREVIEW_PIXELS))
            out = io.BytesIO()
            image.save(out, format="PNG")
            return out.getvalue()
    except (OSError, ValueError, Image.DecompressionBombError) as error:
        raise NoPreview(str(error))


def _png_of_pdf(data):
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "evidence.pdf"
        source.write_bytes(data)
        try:
            subprocess.run(
                ["pdftoppm", "-png", "-f", "1", "-l", "1", "-scale-to", str(PREVIEW_PIXELS), "-singlefile",
                 str(source), str(Path(folder) / "page")],
                check=True, timeout=PDF_SECONDS, capture_output=True,
            )
        except (subprocess.SubprocessError, OSError) as error:
            raise NoPreview(str(error))
        page = Path(folder) / "page.png"
        if not page.exists():
            raise NoPreview("The PDF has no page.")
        return _png_of_image(page.read_bytes())


def evidence_preview_png(evidence):
    """The preview's PNG bytes, rendered once and then read from storage."""
    if not can_preview(evidence):
        raise NoPreview("Only images and PDF files are previewed.")
    if evidence.size > MAX_SOURCE_BYTES:
        raise NoPreview("The file is too large to preview.")
    name = _cache_name(evidence)
    if default_storage.exists(name):
        with default_storage.open(name, "rb") as cached:
            return cached.read()
    with evidence.file.open("rb") as handle:
        data = handle.read(MAX_SOURCE_BYTES + 1)
    png = _png_of_pdf(data) if evidence.content_type == PDF_TYPE else _png_of_image(data)
    default_storage.save(name, ContentFile(png))
    return png
