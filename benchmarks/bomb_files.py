"""Hostile spreadsheets for the import's limits, written by streaming, never built whole in memory.

Used by the spreadsheet bomb benchmark and by tests/security/test_spreadsheet_bombs.py.
"""
import random
import zipfile
from xml.sax.saxutils import escape

HEADER = ["code", "data_point", "value", "not_reported_reason", "source", "data_quality", "note"]
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE = "http://schemas.openxmlformats.org/package/2006"
PARTS = {
    "[Content_Types].xml": (
        f'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="{PACKAGE}/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'
    ),
    "_rels/.rels": (
        f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PACKAGE}/relationships">'
        f'<Relationship Id="rId1" Type="{RELATIONSHIPS}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
    ),
    "xl/workbook.xml": (
        f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{MAIN}" xmlns:r="{RELATIONSHIPS}">'
        '<sheets><sheet name="values" sheetId="1" r:id="rId1"/></sheets></workbook>'
    ),
    "xl/_rels/workbook.xml.rels": (
        f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PACKAGE}/relationships">'
        f'<Relationship Id="rId1" Type="{RELATIONSHIPS}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
    ),
}


def row(number, cells):
    """One row of inline-string cells, from column A."""
    inner = "".join(f'<c r="{chr(65 + i)}{number}" t="inlineStr"><is><t>{escape(str(text))}</t></is></c>'
                    for i, text in enumerate(cells))
    return f'<row r="{number}">{inner}</row>'


def write_xlsx(handle, chunks, dimension=None):
    """A one-sheet workbook whose sheetData is the given XML chunks, compressed as they come."""
    with zipfile.ZipFile(handle, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in PARTS.items():
            archive.writestr(name, text)
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN}">'.encode())
            if dimension:
                sheet.write(f'<dimension ref="{dimension}"/>'.encode())
            sheet.write(b"<sheetData>")
            for chunk in chunks:
                sheet.write(chunk.encode())
            sheet.write(b"</sheetData></worksheet>")


def one_huge_cell(megabytes, varied=False):
    """The header, then one data point whose note is `megabytes` MB of text, one letter or four at random."""
    yield row(1, HEADER)
    yield '<row r="2"><c r="A2" t="inlineStr"><is><t>EC: ICT: ICT: 1C</t></is></c><c r="G2" t="inlineStr"><is><t>'
    letters = random.Random(1)
    for _ in range(megabytes):
        yield "".join(letters.choices("acgt", k=2**20)) if varied else "a" * 2**20
    yield "</t></is></c></row>"


def blank_rows_then_a_value(blank):
    """The header, `blank` empty rows, then one good row: blank rows are written out, as a program may."""
    yield row(1, HEADER)
    batch = 10_000
    for start in range(2, blank + 2, batch):
        yield "".join(f'<row r="{n}"/>' for n in range(start, min(start + batch, blank + 2)))
    yield row(blank + 2, ["EC: ICT: ICT: 1C", "Household Internet Access", "96"])


def write_csv_with_blank_lines(handle, blank):
    """A CSV of the header, `blank` empty lines and one good row."""
    handle.write((",".join(HEADER) + "\n").encode())
    for start in range(0, blank, 100_000):
        handle.write(b"\n" * min(100_000, blank - start))
    handle.write("EC: ICT: ICT: 1C,Household Internet Access,96\n".encode())
