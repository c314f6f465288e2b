"""A preview of an image, or of a PDF's first page, rendered on the server as PNG behind the evidence door."""
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from submissions.evidence import check_upload
from submissions.services import evidence_add

from ..security.site_urls import png_bytes


def one_page_pdf():
    out = io.BytesIO()
    Image.new("RGB", (60, 80), (0, 90, 200)).save(out, format="PDF")
    return out.getvalue()


def attach(submission, actor, name, data, content_type):
    return evidence_add(submission_id=submission.pk, actor=actor,
                        upload=check_upload(SimpleUploadedFile(name, data, content_type=content_type)))


@pytest.mark.django_db
@pytest.mark.parametrize("name, data, content_type", [
    ("meter.png", png_bytes((1600, 1200)), "image/png"),
    ("survey.pdf", one_page_pdf(), "application/pdf"),
])
def test_a_preview_is_a_small_png_and_is_kept_in_storage(client, city_user, submission, name, data, content_type):
    evidence = attach(submission, city_user, name, data, content_type)
    client.force_login(city_user)
    response = client.get(reverse("submissions:evidence_preview", args=[evidence.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    image = Image.open(io.BytesIO(response.content))
    assert image.format == "PNG" and max(image.size) <= 900
    from django.core.files.storage import default_storage
    assert default_storage.listdir("previews")[1]  # cached


@pytest.mark.django_db
def test_another_city_cannot_preview_the_evidence(client, city_user, other_city_user, submission):
    evidence = attach(submission, city_user, "meter.png", png_bytes(), "image/png")
    client.force_login(other_city_user)
    assert client.get(reverse("submissions:evidence_preview", args=[evidence.pk])).status_code == 404
