"""Dates and numbers in Arabic (settings.FORMAT_MODULE_PATH), as en/formats.py does for English.

"29 نوفمبر 2026" for a day (Django's Arabic month names, Western digits as in the figures), "29 نوفمبر 2026،
14:05" for a moment; numbers with a decimal point and a narrow no-break space between thousands ("116 673",
"82.85"), which keeps a figure in one piece in right-to-left text (kpis.numbers).
"""
DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y، H:i"
SHORT_DATE_FORMAT = "j F Y"
SHORT_DATETIME_FORMAT = "j F Y، H:i"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
TIME_FORMAT = "H:i"
DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = "\u202f"
NUMBER_GROUPING = 3
