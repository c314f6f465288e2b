"""Checking an evidence upload by its content: what it really is, not what its name or the browser says.

Allowed: PDF, office documents, spreadsheets and presentations (OOXML, OpenDocument,
the old binary formats, RTF), CSV and plain text, and common images. Refused: anything
else, including HTML or SVG whatever they are called, empty files, and files over
settings.EVIDENCE_MAX_BYTES.
"""
import hashlib
import re
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import PurePosixPath

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext, gettext_lazy, ngettext

from kpis.spreadsheets import looks_like_a_bomb

# Detected content type -> the extensions a file of that type may keep; the first is added otherwise.
ALLOWED = {
    "application/pdf": ("pdf",),
    "application/msword": ("doc",),
    "application/vnd.ms-excel": ("xls",),
    "application/vnd.ms-powerpoint": ("ppt",),
    "application/rtf": ("rtf",),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ("docx",),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ("xlsx",),
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": ("pptx",),
    "application/vnd.oasis.opendocument.text": ("odt",),
    "application/vnd.oasis.opendocument.spreadsheet": ("ods",),
    "application/vnd.oasis.opendocument.presentation": ("odp",),
    "image/png": ("png",),
    "image/jpeg": ("jpg", "jpeg"),
    "image/gif": ("gif",),
    "image/webp": ("webp",),
    "image/tiff": ("tif", "tiff"),
    "image/bmp": ("bmp",),
    "text/csv": ("csv",),
    "text/plain": ("txt",),
}
ALLOWED_DESCRIPTION = gettext_lazy(
    "PDF, Word, Excel, PowerPoint or OpenDocument files, CSV or plain text, or PNG, JPEG, GIF, WebP, TIFF or BMP images")

# A zip-based office file must hold the part that makes it that kind of document.
OOXML_PARTS = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "word/document.xml",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xl/workbook.xml",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": "ppt/presentation.xml",
}
OPENDOCUMENT_TYPES = {
    "application/vnd.oasis.opendocument.text",
    "application/vnd.oasis.opendocument.spreadsheet",
    "application/vnd.oasis.opendocument.presentation",
}
ZIP_TYPES = set(OOXML_PARTS) | OPENDOCUMENT_TYPES | {"application/zip"}
# A zip whose parts would expand far beyond the upload is refused without expanding it.
ZIP_MAX_EXPANDED_BYTES = 100 * 1024 * 1024
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
MARKUP = re.compile(rb"<\s*(!doctype|html|head|body|script|svg|\?xml|iframe|object|embed|meta|xml)\b", re.I)


@dataclass(frozen=True)
class CheckedUpload:
    file: object
    name: str
    content_type: str
    size: int
    sha256: str


def display_name(raw, extensions=()):
    """A safe name to show and to download as: no folders, no control characters, a fitting extension."""
    name = str(raw or "").replace("\\", "/")
    name = PurePosixPath(name).name
    name = unicodedata.normalize("NFC", name)
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")
    name = re.sub(r"[\"'<>:|?*;`$]", "_", name).strip(" .")
    if not name:
        name = "evidence"
    stem, dot, ext = name.rpartition(".")
    if extensions and (not dot or ext.lower() not in extensions):
        name = f"{name}.{extensions[0]}"
    if len(name) > 200:
        stem, dot, ext = name.rpartition(".")
        name = f"{stem[:190]}.{ext}" if dot else name[:200]
    return name


def _read_all(upload):
    upload.seek(0)
    digest, head = hashlib.sha256(), b""
    for chunk in upload.chunks():
        digest.update(chunk)
        if len(head) < 65536:
            head += chunk[: 65536 - len(head)]
    upload.seek(0)
    return head, digest.hexdigest()


def _zip_type(upload, guessed):
    """The office type a zip really is, by its parts, or None."""
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            if looks_like_a_bomb(archive.infolist(), max_expanded=ZIP_MAX_EXPANDED_BYTES):
                return None
            names = set(archive.namelist())
            if "mimetype" in names:
                with archive.open("mimetype") as part:
                    declared = part.read(100).decode("ascii", "replace").strip()
                if declared in OPENDOCUMENT_TYPES:
                    return declared
            if "[Content_Types].xml" in names:
                for content_type, part in OOXML_PARTS.items():
                    if part in names:
                        return content_type
    except (zipfile.BadZipFile, OSError, ValueError, KeyError, NotImplementedError):
        return None
    finally:
        upload.seek(0)
    return None


def _text_type(head, name):
    """CSV or plain text, if the start of the file is text and not markup in disguise."""
    if b"\x00" in head:
        return None
    sample = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if sample.startswith(b"<") or MARKUP.search(head[:4096]):
        return None
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as error:
        # A multi-byte character cut at the end of the sample is still UTF-8.
        if error.start < len(head) - 4:
            try:
                head.decode("cp1252")
            except UnicodeDecodeError:
                return None
    return "text/csv" if str(name).lower().endswith(".csv") else "text/plain"


def detect_type(upload, head):
    guess = filetype.guess(head)
    if guess is not None:
        if guess.mime in ZIP_TYPES:
            return _zip_type(upload, guess.mime)
        if head.startswith(OLE2_MAGIC):
            return guess.mime if guess.mime in ("application/msword", "application/vnd.ms-excel", "application/vnd.ms-powerpoint") else None
        if guess.mime == "image/jpx":
            return None
        return guess.mime if guess.mime in ALLOWED else None
    return _text_type(head, getattr(upload, "name", ""))


def _sizes(size, limit):
    """The two sizes as people read them, in exact bytes where rounding would show them equal."""
    size_text, limit_text = filesizeformat(size), filesizeformat(limit)
    if size_text == limit_text:
        return (ngettext("%(count)s byte", "%(count)s bytes", size) % {"count": f"{size:,}"},
                ngettext("%(count)s byte", "%(count)s bytes", limit) % {"count": f"{limit:,}"} + f" ({limit_text})")
    return size_text, limit_text


def check_upload(upload):
    """A CheckedUpload, or a ValidationError saying what is wrong with the file."""
    label = display_name(getattr(upload, "name", ""))
    limit = settings.EVIDENCE_MAX_BYTES
    if upload.size == 0:
        raise ValidationError(gettext("%(name)s is empty.") % {"name": label}, code="empty")
    if upload.size > limit:
        size_text, limit_text = _sizes(upload.size, limit)
        raise ValidationError(gettext("%(name)s is %(size)s; the limit is %(limit)s.") % {
            "name": label, "size": size_text, "limit": limit_text}, code="size")
    head, sha256 = _read_all(upload)
    content_type = detect_type(upload, head)
    if content_type is None or content_type not in ALLOWED:
        raise ValidationError(
            gettext("%(name)s is not a file type we accept (by its content). Upload %(allowed)s.") % {
                "name": label, "allowed": ALLOWED_DESCRIPTION}, code="type"
        )
    return CheckedUpload(
        file=upload, name=display_name(getattr(upload, "name", ""), ALLOWED[content_type]),
        content_type=content_type, size=upload.size, sha256=sha256,
    )
