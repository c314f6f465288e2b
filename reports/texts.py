"""The report's editable texts: the secretariat's wording from ReportText, or our default in the active language."""
from django.utils.translation import gettext_lazy as _

from .models import ReportText

DEFAULTS = {
    ReportText.FOREWORD: _(
        "The United for Smart Sustainable Cities (U4SSC) initiative helps cities measure how "
        "information and communication technologies contribute to making them smarter and more "
        "sustainable. This report sets out what {city}, {country}, reported against the U4SSC key "
        "performance indicators for smart sustainable cities, and what an independent, certified "
        "verifier found when checking those figures against their evidence.\n\n"
        "Cities use the indicators to assess themselves, to follow their progress from year to "
        "year and to compare notes with other cities working towards the Sustainable "
        "Development Goals."
    ),
    ReportText.DISCLAIMER: _(
        "The findings in this report rest on the data and evidence that {city} supplied for "
        "verification; they are not an audit of the city's administration, and they are not an "
        "endorsement by the U4SSC or its member organizations of any policy, product, company or "
        "initiative named in it.\n\n"
        "The indicators follow Recommendation ITU-T Y.4903/L.1603. The methodology and its "
        "benchmark targets are reviewed from time to time, and a later revision may change the "
        "scope or the definition of an indicator, the data a city has to collect, and how a value "
        "compares with its target.\n\n"
        "The report is provided for information. Please ask the U4SSC secretariat before "
        "reproducing substantial parts of it."
    ),
}


def report_text_bodies():
    """The body of each text as the report prints it today, {city} and {country} not yet filled in. One query."""
    stored = dict(ReportText.objects.filter(key__in=DEFAULTS).values_list("key", "body"))
    return {key: stored.get(key) or str(default) for key, default in DEFAULTS.items()}


def paragraphs_of(body, *, city, country):
    """The paragraphs of one text's body, with {city} and {country} filled in."""
    body = body.replace("{city}", city).replace("{country}", country)
    return [paragraph.strip() for paragraph in body.split("\n\n") if paragraph.strip()]
