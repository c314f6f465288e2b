"""The site's one way of writing dates in English (settings.FORMAT_MODULE_PATH): pages, status polls and e-mails.

"29 November 2026" for a day, "29 Nov 2026, 14:05" for a moment, "November 2026" for a report's month.
Templates write `|date` and `|date:"DATETIME_FORMAT"`; Python writes django.utils.formats.date_format.
"""
DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j M Y, H:i"
SHORT_DATE_FORMAT = "j M Y"
SHORT_DATETIME_FORMAT = "j M Y, H:i"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
TIME_FORMAT = "H:i"
