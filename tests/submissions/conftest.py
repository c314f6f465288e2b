"""Fixtures of the data entry tests: logged-in clients, filled submissions, sample files."""
import io
import zipfile
from decimal import Decimal

import pytest
from django.urls import reverse

from kpis.models import Category, DataPoint
from submissions.services import ValueInput, value_set
from submissions import roles

from ..conftest import PASSWORD




@pytest.fixture
def login(client):
    def log_in(user):
        assert client.login(username=user.username, password=PASSWORD)
        return client

    return log_in


@pytest.fixture
def other_verifier(make_user):
    return make_user("other-verifier", roles.VERIFIER)


def answer_for(data_point):
    """A plausible answer for any data point, within its allowed range."""
    if data_point.is_yes_no:
        return ValueInput(yes_no=True, source="City statistics office", data_quality="accurate")
    number = Decimal("20") if data_point.value_kind == DataPoint.PERCENT else Decimal("12")
    return ValueInput(number=number, source="City statistics office", data_quality="accurate")


def fill(submission, actor, *, skip=()):
    """Answer every data point of the submission, except the given data point ids."""
    for value in submission.values.select_related("data_point").exclude(data_point_id__in=skip):
        value_set(value_id=value.pk, actor=actor, data=answer_for(value.data_point))


@pytest.fixture
def filled(submission, city_user):
    fill(submission, city_user)
    return submission


@pytest.fixture
def transport():
    """The largest category: Transport (15 data points)."""
    return Category.objects.get(name="Transport")


def entry_url(submission, category):
    return reverse("submissions:entry", args=[submission.pk, category.pk])


def form_data(value, /, **changes):
    """What the entry form posts for one value: what is stored, with the given fields changed."""
    from submissions.forms import value_initial

    data = {f"v{value.pk}-{name}": ("on" if field is True else "" if field is None or field is False else field)
            for name, field in value_initial(value).items()}
    data.update({f"v{value.pk}-{name}": field for name, field in changes.items()})
    return {key: item for key, item in data.items() if item != ""}


def category_post(submission, category, changes=None):
    """The whole category's form as the browser posts it, with changes per value pk."""
    changes = changes or {}
    data = {}
    for value in submission.values.filter(data_point__kpi__category=category).select_related("data_point"):
        data.update(form_data(value, **changes.get(value.pk, {})))
    return data


def value_of(submission, kpi_code, name=None):
    values = submission.values.select_related("data_point__kpi").filter(data_point__kpi__code=kpi_code)
    if name:
        values = values.filter(data_point__name=name)
    return values.get()


# ---- sample files for evidence uploads

def pdf_bytes():
    return b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def png_bytes():
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "green").save(buffer, format="PNG")
    return buffer.getvalue()


def docx_bytes():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        archive.writestr("_rels/.rels", '<?xml version="1.0"?><Relationships/>')
        archive.writestr("word/document.xml", '<?xml version="1.0"?><w:document/>')
    return buffer.getvalue()


def xlsx_bytes():
    from openpyxl import Workbook

    buffer = io.BytesIO()
    book = Workbook()
    book.active.append(["population", 66670])
    book.save(buffer)
    return buffer.getvalue()


def zip_bytes():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "not an office document")
    return buffer.getvalue()
