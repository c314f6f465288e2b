"""Dates and numbers in French (settings.FORMAT_MODULE_PATH), as en/formats.py does for English.

"29 novembre 2026" for a day, "29 nov. 2026, 14:05" for a moment, "novembre 2026" for a report's month;
"116 673,5" for a number (a narrow no-break space between thousands, a decimal comma).
"""
DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j N Y, H:i"
SHORT_DATE_FORMAT = "j N Y"
SHORT_DATETIME_FORMAT = "j N Y, H:i"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
TIME_FORMAT = "H:i"
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "\u202f"
NUMBER_GROUPING = 3
