"""The Ålesund report reproduces the published report's sections, tables and figures."""
import re
from decimal import Decimal

import pytest

from reports.models import ReportText
from reports.selectors import report_content
from reports.services import report_pdf
from reports.texts import DEFAULTS
from submissions.services import ValueInput, value_set

from .conftest import flat, fonts_of_segments, pdf_pages

# Tables 2 and 3 of the published report, row by row: label, total, reported, verified, % verified.
TABLE_2 = [
    ("Economy",), ("Core KPIs", 23, 23, 23, "100 %"), ("Advanced KPIs", 22, 21, 21, "95 %"),
    ("Environment",), ("Core KPIs", 12, 11, 11, "92 %"), ("Advanced KPIs", 5, 5, 5, "100 %"),
    ("Society & Culture",), ("Core KPIs", 19, 19, 19, "100 %"), ("Advanced KPIs", 10, 9, 9, "90 %"),
    ("Overall",), ("Core KPIs", 54, 53, 53, "98 %"), ("Advanced KPIs", 37, 35, 35, "95 %"),
    ("Total", 91, 88, 88, "97 %"),
]
TABLE_3 = [
    ("Economy",), ("Core Data Points", 24, 24, 24, "100 %"), ("Advanced Data Points", 31, 30, 30, "97 %"),
    ("Environment",), ("Core Data Points", 23, 20, 20, "87 %"), ("Advanced Data Points", 5, 5, 5, "100 %"),
    ("Society & Culture",), ("Core Data Points", 19, 19, 19, "100 %"), ("Advanced Data Points", 10, 9, 9, "90 %"),
    ("Overall",), ("Core Data Points", 66, 63, 63, "95 %"), ("Advanced Data Points", 46, 44, 44, "96 %"),
    ("Total", 112, 107, 107, "96 %"),
]

# Section 6 of the published report, value by value in its order, as it prints them.
SECTION_6 = [
    "96.00 %", "82.85 %", "116 673 / 100 000 inhabitants", "92.20%", "92.20 %", "232 Spots",
    "0.76 %", "20.94 %", "100.00 %", "92.00 %", "32.12 %", "93.53 %", "100.00 %", "0.00 %",
    "95.01 %", "91.41 %", "0.04 %", "1.05", "66.86 Minutes", "97.39 %",
    "100.00 %", "10.20 %", "100.00 %", "755.26 Km / 100 000 inhabitants", "93.53 %",
    "150.32 km / 100 000 inhabitants", "71.00 %", "6.00 %", "19.00 %", "3.00 %", "Not reported", "1.18",
    "0.00 / 100 000 inhabitants", "0.00 / 100 000 inhabitants", "3.91 %",
    "119 Data Sets Published", "100.00 %", "80 Services", "84.92 %", "1.13 % GDP", "35.16 / 100 000 inhabitants",
    "99.71 %", "2.16 %", "2.25 %", "3.90 %", "1.25 %", "100.00 %", "13.70 %", "100.00 %",
    "0.01 %", "YES", "YES", "YES", "YES", "YES",
    "Not reported", "15.00 µg / m 3", "21.00 µg / m 3", "Not reported", "Not reported", "5.70 tonnes eCO 2 / capita",
    "99.45 %", "560.72 ℓ / day / capita", "100.00 %", "62.85 %", "31.74 %", "0.00 %",
    "4.10 %", "0.00 %", "59.53 %", "0.00 %", "36.37 %", "0.00 %", "100.00 %", "6.09 %",
    "67 240.10 ha / 100 000 inhabitants", "98.86 %", "2.88 %", "77 745.85 m2 / 100 000 inhabitants",
    "100.00 %", "14 369.36 kWh / yr. / capita", "0.70 GJ / yr / capita", "157.27 kWh / m2 / yr",
    "100.00 %", "100.25 %", "25 027.88 / 100 000 inhabitants", "94.80 %",
    "99.90 %", "82.20 Years", "0.00 / 100 000 live births", "510.38 / 100 000 inhabitants",
    "343.08 / 100 000 inhabitants", "100.00 %", "0.00 %", "116.38 / 100 000 inhabitant*", "0.04 %", "13.93 %",
    "0.62 Ratio Female: Male", "0.23", "4.34 %", "54.66 %", "68.13 %",
    "0.0 / 100 000 inhabitants", "0.01 % / City GDP", "No**", "0.93 %", "6.07 Minutes",
    "78.80 FTE / 100 000 inhabitants", "59.68 FTE / 100 000 inhabitants", "828.00 / 100 000 inhabitants",
    "2.42 / 100 000 inhabitants", "Not reported",
]
# Where the published report is inconsistent with itself, or lost its typography in the
# text copy, the report prints the consistent form.
SEED_FIXES = {
    "92.20%": "92.20 %", "755.26 Km /": "755.26 km /", "µg / m 3": "µg / m³", "eCO 2": "eCO2",
    "m2 /": "m² /", "kWh / yr. /": "kWh / yr /", "inhabitant*": "inhabitants", "0.0 /": "0.00 /", "No**": "NO",
}


def seed_value(text):
    for wrong, right in SEED_FIXES.items():
        text = text.replace(wrong, right)
    return text


def section(pages, start, end):
    """The text between two headings, from the body (the contents page names them too)."""
    text = flat(" ".join(pages[2:]))
    return text[text.index(start):text.index(end, text.index(start))]


def table_text(rows):
    return [" ".join(str(cell) for cell in row) for row in rows]


@pytest.mark.django_db
def test_report_prints_every_row_of_tables_2_and_3_as_the_seed(alesund_pdf, tmp_path):
    pages = pdf_pages(alesund_pdf, tmp_path)
    table_2 = section(pages, "2. KPI Reporting and Verification Summary", "3. KPI Data Points")
    table_3 = section(pages, "3. KPI Data Points Reporting and Verification Summary", "4. City Performance")
    position = 0
    for row in table_text(TABLE_2):
        position = table_2.index(row, position) + len(row)
    position = 0
    for row in table_text(TABLE_3):
        position = table_3.index(row, position) + len(row)


@pytest.mark.django_db
def test_report_prints_every_value_of_section_6_as_the_seed_in_its_order(alesund_pdf, tmp_path):
    pages = pdf_pages(alesund_pdf, tmp_path)
    results = section(pages, "6. Verification Results", "7. KPIs Not Reported")
    results = re.sub(r"(\d) N/A", r"\1", results)
    assert len(SECTION_6) == 112
    position = 0
    for expected in map(seed_value, SECTION_6):
        found = results.find(expected, position)
        assert found >= 0, f"{expected!r} is missing after …{results[max(0, position - 80):position]!r}"
        position = found + len(expected)


# Section 6 of the published report names the categories once each, in catalogue order
# (down its first column, then its second), and notes the two shared by two dimensions.
SEED_CATEGORIES = [
    "ICT Infrastructure", "Water and Sanitation", "Drainage", "Electricity Supply", "Transport",
    "Public Sector", "Innovation", "Employment", "Waste", "Buildings", "Urban Planning",
    "Air Quality", "Environmental Quality", "Public Space and Nature", "Energy", "Education",
    "Health", "Culture", "Housing", "Social Inclusion", "Safety", "Food Security",
]


@pytest.mark.django_db
def test_section_6_names_the_categories_in_the_seeds_order_and_the_shared_ones(alesund, alesund_pdf, tmp_path):
    content = report_content(alesund)
    assert content["category_names"] == SEED_CATEGORIES
    assert content["shared_categories"] == ["Water and Sanitation", "Waste"]

    text = section(pdf_pages(alesund_pdf, tmp_path), "6. Verification Results", "Note: in the tables")
    listed = text.split("and 22 categories:", 1)[1]
    assert listed.split("Note:", 1)[0].strip() == " ".join(SEED_CATEGORIES)


@pytest.mark.django_db
def test_core_kpis_are_bold_and_advanced_kpis_italic(alesund_pdf, tmp_path):
    runs = fonts_of_segments(alesund_pdf, tmp_path)
    fonts = {text: font for font, text in runs}
    assert fonts["Smart Electricity Meters 95.01 %"].endswith("DejaVu-Sans-Bold")
    assert fonts["Electricity Supply ICT Monitoring 91.41 %"].endswith("DejaVu-Sans-Italic")
    assert fonts["Life Expectancy 82.20 Years"].endswith("DejaVu-Sans-Bold")
    assert fonts["Housing Expenditure 13.93 %"].endswith("DejaVu-Sans-Italic")
    # The bundled fonts are the only ones in the PDF.
    assert {font.split("+")[-1] for font, _ in runs} <= {"DejaVu-Sans", "DejaVu-Sans-Bold", "DejaVu-Sans-Italic",
                                                         "DejaVu-Sans-BoldItalic"}


@pytest.mark.django_db
def test_report_has_the_seeds_sections_with_page_numbers_in_contents_and_footer(alesund_pdf, tmp_path):
    pages = pdf_pages(alesund_pdf, tmp_path)
    cover, contents = flat(pages[0]), flat(pages[1])
    assert "Verification Report" in cover and "Ålesund, Norway" in cover
    assert re.search(r"(January|February|March|April|May|June|July|August|September|October|November|December) \d{4}",
                     cover)
    headings = ["Foreword", "Disclaimer", "1. Introduction and Verification Background",
                "2. KPI Reporting and Verification Summary", "3. KPI Data Points Reporting and Verification Summary",
                "4. City Performance Benchmark", "5. Benchmarks and Scoring Methodology", "6. Verification Results",
                "7. KPIs Not Reported", "8. KPIs Not Verified", "9. Next Steps",
                "10. Using KPIs for SSC to Reach the SDGs"]
    for heading in headings:
        match = re.search(re.escape(heading) + r"[ .]+?(\d+)", contents)
        assert match, heading
        page = int(match.group(1))
        assert heading in flat(pages[page - 1]), f"{heading} is not on page {page}"
        assert flat(pages[page - 1]).endswith(str(page)) or f" {page} " in flat(pages[page - 1])
    assert "completed in February 2019" in flat(" ".join(pages))
    assert "Jonas Smith" in flat(" ".join(pages))
    assert "DRAFT" not in " ".join(pages)


@pytest.mark.django_db
def test_sections_7_8_and_9_list_gaps_verification_and_next_steps(alesund_pdf, tmp_path):
    pages = pdf_pages(alesund_pdf, tmp_path)
    not_reported = section(pages, "7. KPIs Not Reported", "8. KPIs Not Verified")
    assert "EN: EN: AQ: 1C Partial" in not_reported
    for name in ("Particulate Matter (PM2.5)", "Sulphur Dioxide (SO2)", "Ozone (O3)", "Para Transport"):
        assert name in not_reported
    assert "EC: I: T: 4A Partial" in not_reported and "TT card" in not_reported
    assert "SC: SH: FS: 1A Local Food Production" in not_reported
    assert "Every reported KPI was verified." in section(pages, "8. KPIs Not Verified", "9. Next Steps")
    next_steps = section(pages, "9. Next Steps", "10. Using KPIs")
    # Under 66 % of target: Resilience Plans (no: 1 point of 4) and Gender Income Equity (2 of 4);
    # Solid Waste Treatment scores 4 + 2 of 8 = 75 % and is not listed.
    assert "Resilience Plans (SC: SH: SA: 3A): 25.00 % of target" in next_steps
    assert "Gender Income Equity (SC: SH: SI: 1C): 50.00 % of target" in next_steps
    assert "Solid Waste Treatment" not in next_steps
    assert "Household Internet Access" not in next_steps
    assert "Local Food Production" in next_steps


@pytest.mark.django_db
def test_foreword_and_disclaimer_are_our_own_words_and_editable(alesund, tmp_path):
    seed_sentences = ["This publication has been developed within the framework",
                      "The views expressed in this publication are those of the author"]
    for text in DEFAULTS.values():
        assert not any(sentence in text for sentence in seed_sentences)
    ReportText.objects.create(key=ReportText.FOREWORD, body="A foreword for {city}, {country}.\n\nSecond paragraph.")
    text = flat(" ".join(pdf_pages(report_pdf(alesund), tmp_path)))
    assert "A foreword for Ålesund, Norway. Second paragraph." in text
    assert "Please ask the U4SSC secretariat" in text


@pytest.mark.django_db
def test_a_report_of_a_submission_not_signed_off_is_marked_draft_on_every_page(submission, city_user, tmp_path):
    value = submission.values.select_related("data_point").filter(data_point__value_kind="percent").first()
    value_set(value_id=value.pk, actor=city_user, data=ValueInput(number=Decimal("42")))
    pages = pdf_pages(report_pdf(submission), tmp_path)
    assert len(pages) > 10
    for number, page in enumerate(pages, start=1):
        assert "DRAFT" in page, f"page {number} has no DRAFT mark"
    assert "42.00 %" in flat(" ".join(pages))


@pytest.mark.django_db
def test_rendering_the_same_submission_twice_gives_the_same_text(alesund, tmp_path):
    assert pdf_pages(report_pdf(alesund), tmp_path) == pdf_pages(report_pdf(alesund), tmp_path)
