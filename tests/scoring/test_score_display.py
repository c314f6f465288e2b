"""What people see of the scores: band marks with text labels, tables 2 and 3, the scorecard."""
import re
from html import unescape

import pytest
from django.contrib.auth import get_user_model
from django.template import Context, Template
from django.urls import reverse

from submissions.models import Value
from submissions.scorecards import overview_scores
from submissions.selectors import submission_progress
from tests.scoring.test_summary_tables import SEED_TABLE_2, SEED_TABLE_3

def text(html):
    """The page's text with tags removed and white space collapsed, as a screen reader reads it."""
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html))).strip()


def table_rows(html, table_id):
    table = re.search(rf'<table[^>]*id="{table_id}".*?</table>', html, re.S).group(0)
    rows = []
    for row in re.findall(r"<tr[^>]*>(.*?)</tr>", table, re.S)[1:]:  # after the header
        cells = [text(cell) for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]
        rows.append(tuple(cells))
    return rows


def seed_rows(table):
    return [
        (label,) if kind == "heading" else (label, str(total), str(reported), str(verified), shown)
        for label, kind, total, reported, verified, shown in table
    ]


@pytest.fixture
def overview(alesund, client):
    client.force_login(get_user_model().objects.get(username="secretariat"))
    return client.get(reverse("submissions:scores", args=[alesund.pk]))


def test_alesund_overview_shows_tables_2_and_3_as_the_published_report(overview):
    html = overview.content.decode()

    assert overview.status_code == 200
    assert table_rows(html, "summary-kpis") == seed_rows(SEED_TABLE_2)
    assert table_rows(html, "summary-data-points") == seed_rows(SEED_TABLE_3)


def test_alesund_overview_shows_the_score_per_dimension_and_category(overview):
    page = text(overview.content.decode())

    assert "Economy 60 64 93.75 % 66 - 95 % of target" in page
    assert "Environment 20 24 83.33 % 66 - 95 % of target" in page
    assert "Society and Culture 26 32 81.25 % 66 - 95 % of target" in page
    assert "Culture 0 0 — No data or no target" in page
    assert "Overall 106 120 88.33 % 66 - 95 % of target" in page


def test_alesund_overview_marks_the_band_of_each_value_with_a_text_label(overview, alesund):
    html = overview.content.decode()

    marks = re.findall(r'<span class="band-mark band-([\w-]+)"[^>]*></span> <span class="band-label">([^<]+)</span>', html)
    value_marks = marks[-112:]
    scored = alesund.values.filter(score_status=Value.SCORED).in_catalogue_order()
    assert len(marks) > 112
    assert [band for band, _ in value_marks if band.isdigit()] == [str(v.band) for v in scored]
    labels = {label for _, label in value_marks}
    assert labels == {"95+ % of target", "66 - 95 % of target", "33 - 66 % of target", "Less than 33 % of target",
                      "Data reported — no target yet", "Not reported"}
    assert "Household Internet Access 96 % 96 % 95+ % of target" in text(html)


def test_scores_on_the_overview_take_the_same_queries_however_many_values_are_scored(
        alesund, other_submission, django_assert_num_queries):
    for submission in (other_submission, alesund):
        values = submission_progress(submission).values
        # tables 2 and 3, the scorecards, the categories a previous cycle is matched by
        with django_assert_num_queries(3):
            scores = overview_scores(submission, values)
            Template('{% include "submissions/_summary_tables.html" with tables=scores.tables %}'
                     '{% include "submissions/_scorecard.html" with dimensions=scores.dimensions overall=scores.overall %}'
                     ).render(Context({"scores": scores}))


@pytest.mark.parametrize("band, label", [
    (4, "95+ % of target"), (3, "66 - 95 % of target"), (2, "33 - 66 % of target"),
    (1, "Less than 33 % of target"), (None, "No data or no target"),
])
def test_band_mark_has_its_colour_and_a_label_for_screen_readers(band, label):
    html = Template("{% load scores %}{% band_mark band %}").render(Context({"band": band}))

    assert f'class="band-mark band-{band or "none"}"' in html
    assert f'<span class="visually-hidden">{label}</span>' in html


def test_band_mark_of_a_value_tells_no_target_from_no_data(submission, set_value):
    set_value(submission, "SC: EH: ED: 3C", "Higher Education Degrees", number="25000")
    values = {v.data_point.name: v for v in submission.values.select_related("data_point")}
    mark = Template("{% load scores %}{% band_mark value show_label=True %}")

    no_target = mark.render(Context({"value": values["Higher Education Degrees"]}))
    no_data = mark.render(Context({"value": values["Adult Literacy"]}))

    assert "band-no-target" in no_target and "Data reported — no target yet" in no_target
    assert "band-none" in no_data and "No data" in no_data


def test_entry_page_marks_the_band_beside_each_value(alesund, client):
    client.force_login(get_user_model().objects.get(username="secretariat"))
    category = alesund.values.get(data_point__name="Household Internet Access").data_point.kpi.category

    html = client.get(reverse("submissions:entry", args=[alesund.pk, category.pk])).content.decode()

    marks = re.findall(r'<p class="entry-band[^"]*"><span class="band-marked"><span class="band-mark band-([\w-]+)"[^>]*></span> '
                       r'<span class="band-label">([^<]+)</span>', html)
    assert len(marks) == 6
    assert marks[0] == ("4", "95+ % of target")
    assert ("no-target", "Data reported — no target yet") in marks
