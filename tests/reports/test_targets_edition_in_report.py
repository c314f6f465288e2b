"""Every report states the targets edition and the catalogue edition it was scored against; a signed-off
submission keeps the edition (and the scores) it was signed off with."""
from decimal import Decimal

import pytest
from django.utils import timezone

from kpis.models import DataPoint
from kpis.services import target_set
from reports.selectors import report_content
from reports.services import report_html, report_pdf
from submissions.services import ValueInput, value_set
from verification.models import SignOff

from .conftest import flat, pdf_pages

PM10 = ("EN: EN: AQ: 1C", "Particulate Matter (PM10)")  # lower is better, target 15; Ålesund 15
CATALOGUE = "catalogue edition U4SSC KPIs (Y.4903, 2017)"


def result_row(content, code, name):
    return next(row for block in content["results"] for category in block.categories for row in category.rows
                if row.code == code and name in row.label)


@pytest.mark.django_db
def test_a_signed_off_report_keeps_its_edition_and_scores_while_a_draft_states_the_new_one(
        alesund, other_submission, other_city_user, django_user_model, tmp_path):
    pm10 = DataPoint.objects.get(kpi__code=PM10[0], name=PM10[1])
    draft_value = other_submission.values.get(data_point=pm10)
    value_set(value_id=draft_value.pk, actor=other_city_user, data=ValueInput(number=Decimal("15")))
    assert SignOff.objects.get(submission=alesund).targets_edition.number == 1
    signed_before = result_row(report_content(alesund), *PM10)

    edition = target_set(data_point=pm10, direction="lower", value=Decimal("3"), source="A stricter goal",
                         reason="Raised for the test", actor=django_user_model.objects.get(username="secretariat"))

    assert edition.number == 2
    signed = flat(" ".join(pdf_pages(report_pdf(alesund), tmp_path)))
    assert "Scored against targets edition 1 (29 November 2026) of catalogue edition U4SSC KPIs" in signed
    assert f"Scored against targets edition 1 (29 November 2026) of {CATALOGUE}." in flat(report_html(alesund))
    assert (result_row(report_content(alesund), *PM10).band, signed_before.band) == (4, 4)

    today = timezone.localtime(edition.created_at)
    draft = flat(report_html(other_submission))
    assert f"Scored against targets edition 2 ({today.day} {today:%B %Y}) of {CATALOGUE}." in draft
    assert result_row(report_content(other_submission), *PM10).band == 1  # 3 / 15 = 20 %

