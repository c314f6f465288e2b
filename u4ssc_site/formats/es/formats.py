"""Dates and numbers in Spanish (settings.FORMAT_MODULE_PATH), as en/formats.py does for English.

"29 de noviembre de 2026" for a day, "29 nov. 2026, 14:05" for a moment, "noviembre de 2026" for a report's
month; "116.673,5" for a number (a point between thousands, a decimal comma).
"""
DATE_FORMAT = r"j \d\e F \d\e Y"
DATETIME_FORMAT = "j N Y, H:i"
SHORT_DATE_FORMAT = "j N Y"
SHORT_DATETIME_FORMAT = "j N Y, H:i"
YEAR_MONTH_FORMAT = r"F \d\e Y"
MONTH_DAY_FORMAT = r"j \d\e F"
TIME_FORMAT = "H:i"
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "."
NUMBER_GROUPING = 3
