"""The cache's keys carry the version of the code: what one version rendered is never served by another."""
import shutil

from django.conf import settings

from u4ssc_site.code_version import code_version

from ..conftest import ROOT


def _copy(tmp_path):
    for folder in ("templates", "submissions", "static"):
        shutil.copytree(ROOT / folder, tmp_path / folder, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    return tmp_path


def test_the_version_is_the_same_for_the_same_code_wherever_it_lies(tmp_path):
    first, second = _copy(tmp_path / "a"), _copy(tmp_path / "b")
    assert code_version(first) == code_version(second)


def test_a_changed_template_python_file_or_script_changes_the_version(tmp_path):
    base = _copy(tmp_path)
    versions = {code_version(base)}
    for path in ("templates/submissions/_entry_kpi.html", "submissions/value_text.py", "static/js/submissions.js"):
        with open(base / path, "a") as changed:
            changed.write("\n")
        versions.add(code_version(base))
    assert len(versions) == 4


def test_the_cache_key_prefix_holds_the_version():
    assert settings.CACHES["default"]["KEY_PREFIX"].endswith(":" + code_version(ROOT))
