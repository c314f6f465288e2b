"""The version of the code a process runs, for the cache's key prefix: a digest of the project's Python files,
templates, static files and message catalogues, and of the versions of the libraries that render pages.

Every rendering kept in the cache is then found only by processes running the same code: after a deploy
that changes how anything is rendered, nothing cached by the old code is served, and while old and new
processes run side by side (a rolling deploy), each keeps its own.
"""
import hashlib
from importlib import metadata
from pathlib import Path

APPS = ("kpis", "submissions", "verification", "reports", "people", "programme", "public", "opendata", "u4ssc_site")
FOLDERS = (*APPS, "templates", "static", "locale")
# Static files count too: a page names them by their content's hash, which changes with them.
SUFFIXES = {".py", ".html", ".txt", ".po", ".css", ".js", ".svg"}
LIBRARIES = ("Django", "django-crispy-forms", "crispy-bootstrap5", "djangorestframework", "django-modeltranslation")


def code_version(base_dir):
    """A short digest of the code under base_dir (paths relative to it, so every machine agrees)."""
    base = Path(base_dir)
    digest = hashlib.sha256()
    for folder in FOLDERS:
        for path in sorted((base / folder).rglob("*")):
            if path.suffix in SUFFIXES and "migrations" not in path.parts and path.is_file():
                digest.update(str(path.relative_to(base)).encode())
                digest.update(path.read_bytes())
    for library in LIBRARIES:
        try:
            digest.update(f"{library}=={metadata.version(library)}".encode())
        except metadata.PackageNotFoundError:
            pass
    return digest.hexdigest()[:12]
