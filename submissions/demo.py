"""The Ålesund 2019 demo data, read from the published report's values (fixtures/reference)."""
import csv
from pathlib import Path

from django.conf import settings

ALESUND_CSV = Path(settings.BASE_DIR) / "fixtures" / "reference" / "alesund_2019.csv"
NOT_REPORTED_WITHOUT_NOTE = "No data was available for this year."


def alesund_rows():
    """The Ålesund values in the import format (code, data_point, value, not_reported_reason, note)."""
    with open(ALESUND_CSV, newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            reported = row["reported"] == "yes"
            yield {
                "code": row["code"],
                "data_point": row["data_point"],
                "value": row["value"] if reported else "",
                "not_reported_reason": "" if reported else (row["note"] or NOT_REPORTED_WITHOUT_NOTE),
                "source": "City of Ålesund" if reported else "",
                "data_quality": "unknown" if reported else "",
                "note": row["note"] if reported else "",
            }
