"""The report is a tagged, archival PDF (PDF/A-3a) that carries the submission's values as CSV."""
import io
import re

import pytest
from django.core.management import call_command
from pypdf import PdfReader
from pypdf.generic import BooleanObject

from kpis import scoring
from reports.services import report_pdf

from .conftest import flat, pdf_pages


def catalog(pdf_bytes):
    return PdfReader(io.BytesIO(pdf_bytes)).trailer["/Root"]


def structure_elements(pdf_bytes):
    """Every element of the structure tree, depth first: (tag, element)."""
    found = []

    def visit(node):
        node = node.get_object()
        if not hasattr(node, "get") or node.get("/Type") not in ("/StructElem", None):
            return
        if "/S" in node:
            found.append((node["/S"], node))
        kids = node.get("/K")
        if kids is None:
            return
        kids = kids.get_object()
        for kid in kids if isinstance(kids, list) else [kids]:
            if hasattr(kid, "get_object") and not isinstance(kid.get_object(), int):
                visit(kid)

    for root in catalog(pdf_bytes)["/StructTreeRoot"]["/K"]:
        visit(root)
    return found


@pytest.mark.django_db
def test_the_report_is_tagged_titled_in_english_and_declared_pdf_a_3a(alesund_pdf):
    root = catalog(alesund_pdf)
    assert root["/MarkInfo"]["/Marked"] == BooleanObject(True)
    assert root["/ViewerPreferences"]["/DisplayDocTitle"] == BooleanObject(True)
    assert root["/Lang"] == "en"
    assert "/StructTreeRoot" in root
    elements = structure_elements(alesund_pdf)
    tags = [tag for tag, _ in elements]
    assert tags[0] == "/Document"
    assert tags.count("/H1") == 1 and tags.count("/H2") >= 12
    for tag in ("/Table", "/THead", "/TBody", "/TR", "/TH", "/TD", "/L", "/LI", "/LBody", "/P", "/Caption"):
        assert tag in tags, tag
    # Every table cell names its header cells; the sunburst is a Figure with alternative text.
    header_ids = {str(element["/ID"]) for tag, element in elements if tag == "/TH" and "/ID" in element}
    cells = [element for tag, element in elements if tag == "/TD"]
    assert header_ids and len(cells) > 500
    for cell in cells:
        headers = [str(header) for header in cell["/A"].get("/Headers", [])]
        assert headers and set(headers) <= header_ids
    figures = [element for tag, element in elements if tag == "/Figure"]
    assert len(figures) == 1
    alt = str(figures[0]["/Alt"])
    assert alt.startswith("City performance benchmark: a sunburst of 3 dimensions, 24 categories and 91 KPIs")
    assert f"overall: {scoring.BANDS[3].label}" in alt
    # PDF/A-3a, declared in the XMP metadata, with the title.
    xmp = root["/Metadata"].get_object().get_data().decode()
    assert re.search(r'pdfaid:part="3"', xmp) and re.search(r'pdfaid:conformance="A"', xmp)
    assert "Verification Report Ålesund, Norway" in xmp
    assert root["/OutputIntents"][0]["/S"] == "/GTS_PDFA1"


@pytest.mark.django_db
def test_the_sunburst_and_section_6_say_the_band_in_words(alesund_pdf, tmp_path):
    text = flat(" ".join(pdf_pages(alesund_pdf, tmp_path)[2:]))
    table = text[text.index("City performance benchmark by segment"):text.index("5. Benchmarks and Scoring")]
    assert f"Economy Dimension {scoring.BANDS[3].print_label} 93.75 %" in table
    assert f"Household Internet Access KPI {scoring.BANDS[4].print_label} 100.00 %" in table
    assert f"Resilience Plans KPI {scoring.BANDS[1].print_label} 25.00 %" in table
    assert f"Local Food Production KPI {scoring.NO_DATA.print_label}" in table
    assert table.count(" KPI ") >= 91
    # Section 6: the words beside each mark.
    results = text[text.index("Dimension: Economy"):text.index("7. KPIs Not Reported")]
    assert f"Household Internet Access 96.00 % {scoring.BANDS[4].print_label}" in results
    assert f"Resilience Plans NO** {scoring.BANDS[1].print_label}" in results
    assert f"232 Spots {scoring.NO_TARGET.print_label}" in results


@pytest.mark.django_db
def test_the_report_carries_the_values_csv_that_export_values_writes(alesund, alesund_pdf, tmp_path):
    exported = tmp_path / "values.csv"
    call_command("export_values", "--city", "alesund", "--year", "2019", str(exported), stdout=io.StringIO())
    reader = PdfReader(io.BytesIO(alesund_pdf))

    assert reader.attachments == {"alesund-2019-values.csv": [exported.read_bytes()]}
    # WeasyPrint 70 lists the one file specification twice in the catalog's /AF.
    (filespec,) = {spec.idnum: spec.get_object() for spec in reader.trailer["/Root"]["/AF"]}.values()
    assert filespec["/UF"] == "alesund-2019-values.csv"
    assert filespec["/AFRelationship"] == "/Data"
    assert filespec["/EF"]["/F"].get_object()["/Subtype"] == "/text/csv"
    # Its dates, like the document's, come from the sign-off, not the clock: the same data, the same bytes.
    assert report_pdf(alesund) == alesund_pdf
