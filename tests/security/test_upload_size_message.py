"""A file refused for its size is told its size and the limit in figures that differ."""
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from submissions.models import Evidence

LIMIT = 20 * 1024 * 1024


def upload(client, submission, content):
    files = {"files": SimpleUploadedFile("survey.pdf", content, content_type="application/pdf")}
    return client.post(reverse("submissions:evidence", args=[submission.pk]), files)


@pytest.mark.django_db
def test_a_file_one_byte_over_the_limit_is_told_both_sizes_in_bytes(client, city_user, submission, settings):
    settings.EVIDENCE_MAX_BYTES = LIMIT
    client.force_login(city_user)
    response = upload(client, submission, b"%PDF-1.7\n" + b"x" * (LIMIT + 1 - 9))
    assert response.status_code == 400
    page = response.content.decode().replace("\xa0", " ")
    assert "survey.pdf is 20,971,521 bytes; the limit is 20,971,520 bytes (20.0 MB)." in page
    assert not Evidence.objects.exists()


@pytest.mark.django_db
def test_a_file_far_over_the_limit_is_told_both_sizes_rounded(client, city_user, submission, settings):
    settings.EVIDENCE_MAX_BYTES = 1024 * 1024
    client.force_login(city_user)
    response = upload(client, submission, b"%PDF-1.7\n" + b"x" * (3 * 1024 * 1024))
    page = response.content.decode().replace("\xa0", " ")
    assert "survey.pdf is 3.0 MB; the limit is 1.0 MB." in page
