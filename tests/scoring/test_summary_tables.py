"""Tables 2 and 3 of the report: KPIs and data points reported and verified, per dimension."""
from decimal import Decimal

from submissions.scorecards import summary_tables
from verification.models import Review

# The published report's tables 2 and 3 (reference/seed sections 2 and 3), row by row.
SEED_TABLE_2 = [
    ("Economy", "heading", None, None, None, ""),
    ("Core KPIs", "row", 23, 23, 23, "100 %"),
    ("Advanced KPIs", "row", 22, 21, 21, "95 %"),
    ("Environment", "heading", None, None, None, ""),
    ("Core KPIs", "row", 12, 11, 11, "92 %"),
    ("Advanced KPIs", "row", 5, 5, 5, "100 %"),
    ("Society & Culture", "heading", None, None, None, ""),
    ("Core KPIs", "row", 19, 19, 19, "100 %"),
    ("Advanced KPIs", "row", 10, 9, 9, "90 %"),
    ("Overall", "heading", None, None, None, ""),
    ("Core KPIs", "row", 54, 53, 53, "98 %"),
    ("Advanced KPIs", "row", 37, 35, 35, "95 %"),
    ("Total", "total", 91, 88, 88, "97 %"),
]
SEED_TABLE_3 = [
    ("Economy", "heading", None, None, None, ""),
    ("Core Data Points", "row", 24, 24, 24, "100 %"),
    ("Advanced Data Points", "row", 31, 30, 30, "97 %"),
    ("Environment", "heading", None, None, None, ""),
    ("Core Data Points", "row", 23, 20, 20, "87 %"),
    ("Advanced Data Points", "row", 5, 5, 5, "100 %"),
    ("Society & Culture", "heading", None, None, None, ""),
    ("Core Data Points", "row", 19, 19, 19, "100 %"),
    ("Advanced Data Points", "row", 10, 9, 9, "90 %"),
    ("Overall", "heading", None, None, None, ""),
    ("Core Data Points", "row", 66, 63, 63, "95 %"),
    ("Advanced Data Points", "row", 46, 44, 44, "96 %"),
    ("Total", "total", 112, 107, 107, "96 %"),
]


def shown(rows):
    return [(r.label, r.kind, r.total, r.reported, r.verified, r.percent_display) for r in rows]


def test_alesund_table_2_matches_the_published_report_row_by_row(alesund):
    assert shown(summary_tables(alesund).kpis) == SEED_TABLE_2


def test_alesund_table_3_matches_the_published_report_row_by_row(alesund):
    assert shown(summary_tables(alesund).data_points) == SEED_TABLE_3


def test_percentage_keeps_full_precision_and_is_printed_whole(alesund):
    environment_core = summary_tables(alesund).data_points[4]

    assert environment_core.percent_verified == Decimal(20) / Decimal(23) * 100
    assert environment_core.percent_display == "87 %"


def test_a_kpi_is_verified_only_when_all_its_data_points_are(alesund):
    landfill = Review.objects.get(value__submission=alesund, value__data_point__name="Landfill")
    landfill.status = Review.NOT_VERIFIED
    landfill.save()

    tables = summary_tables(alesund)

    # Solid waste has six data points: one not verified makes the whole KPI not verified.
    assert shown(tables.kpis)[4] == ("Core KPIs", "row", 12, 11, 10, "83 %")
    assert shown(tables.data_points)[4] == ("Core Data Points", "row", 23, 20, 19, "83 %")
    assert shown(tables.kpis)[-1] == ("Total", "total", 91, 88, 87, "96 %")


def test_a_kpi_is_reported_only_when_all_its_data_points_are(submission, set_value):
    set_value(submission, "EN: EN: AQ: 1C", "Particulate Matter (PM10)", number="15")
    set_value(submission, "EC: ICT: ICT: 1C", "Household Internet Access", number="96")

    tables = summary_tables(submission)

    assert shown(tables.kpis)[1] == ("Core KPIs", "row", 23, 1, 0, "0 %")
    assert shown(tables.kpis)[4] == ("Core KPIs", "row", 12, 0, 0, "0 %")
    assert shown(tables.data_points)[4] == ("Core Data Points", "row", 23, 1, 0, "0 %")
    assert shown(tables.data_points)[-1] == ("Total", "total", 112, 2, 0, "0 %")


def test_summary_tables_take_one_query_whatever_the_submission(alesund, other_submission, django_assert_num_queries):
    for submission in (alesund, other_submission):
        with django_assert_num_queries(1):
            summary_tables(submission)
