"""The open licences the secretariat may choose for the open data (settings.OPEN_DATA_LICENCE), as a data package states them."""
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

LICENCES = {
    "CC-BY-4.0": {"name": "CC-BY-4.0", "title": "Creative Commons Attribution 4.0",
                  "path": "https://creativecommons.org/licenses/by/4.0/"},
    "CC-BY-SA-4.0": {"name": "CC-BY-SA-4.0", "title": "Creative Commons Attribution Share-Alike 4.0",
                     "path": "https://creativecommons.org/licenses/by-sa/4.0/"},
    "CC0-1.0": {"name": "CC0-1.0", "title": "Creative Commons CC0 1.0",
                "path": "https://creativecommons.org/publicdomain/zero/1.0/"},
    "ODbL-1.0": {"name": "ODbL-1.0", "title": "Open Data Commons Open Database License 1.0",
                 "path": "https://opendatacommons.org/licenses/odbl/1-0/"},
}


def licence():
    """The licence chosen in the settings; a name not listed is a configuration error, not a silent default."""
    try:
        return LICENCES[settings.OPEN_DATA_LICENCE]
    except KeyError:
        raise ImproperlyConfigured(
            f"OPEN_DATA_LICENCE must be one of {', '.join(LICENCES)}, not {settings.OPEN_DATA_LICENCE!r}"
        )
