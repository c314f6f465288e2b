"""Dates and numbers in Arabic (settings.FORMAT_MODULE_PATH), as en/formats.py does for English.

"29 نوفمبر 2026" for a day (Django's Arabic month names, Western digits as in the figures), "29 نوفمبر 2026،
14:05" for a moment; numbers as in English ("116 673", "82.85"). In right-to-left text a figure with a
space between its thousands is kept in one piece by the `figure` template filter (u4ssc_site.templatetags.bidi).
"""
DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y، H:i"
SHORT_DATE_FORMAT = "j F Y"
SHORT_DATETIME_FORMAT = "j F Y، H:i"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
TIME_FORMAT = "H:i"
DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = " "
NUMBER_GROUPING = 3
