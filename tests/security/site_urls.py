"""Every URL of the site, from the URL configuration itself, and a world of objects to fill them in."""
import re
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib import admin
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from kpis.models import KPI
from kpis.selectors import edition_current
from reports.models import ReportRequest, ReportVersion
from submissions.evidence import check_upload
from submissions.models import Submission
from submissions.services import (
    ValueInput, city_create, evidence_add, submission_create, submission_state_change, value_set,
)
from submissions import roles

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
def png_bytes(size=(40, 30)):
    """A small real PNG image, as a city's photo of a meter would be."""
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", size, (200, 120, 40)).save(out, format="PNG")
    return out.getvalue()


ACTORS = ["anonymous", "city", "other_city", "verifier", "other_verifier", "secretariat"]


@dataclass
class SiteUrl:
    name: str  # "namespace:name", or the route of an unnamed pattern
    route: str
    params: list = field(default_factory=list)
    named: bool = True
    positional: int = 0  # groups of a regular expression without a name


def site_urls(resolver=None, namespace="", prefix=""):
    """Every pattern, recursively: its qualified name, full route and the parameters it takes."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from site_urls(pattern, inner, route)
        elif isinstance(pattern, URLPattern):
            regex = pattern.pattern.regex
            params = list(regex.groupindex)
            name = f"{namespace}{pattern.name}" if pattern.name else route
            yield SiteUrl(name, route, params, named=pattern.name is not None, positional=regex.groups - len(params))


@dataclass
class World:
    """Two cities, a submission of each, one person per role (assigned where a role needs it),
    a query on the first value, two evidence files of the whole submission, and a rendered report."""

    people: dict
    city: object
    other_city: object
    submission: object
    other_submission: object
    values: list
    query: object
    kpi: object
    report: object
    evidence: object
    spare_evidence: object
    version: object = None
    image_evidence: object = None


def world_build(make_user):
    from verification.services import assignment_create, query_raise

    city = city_create(slug="alesund", name="Ålesund", country="Norway")
    other_city = city_create(slug="bergen", name="Bergen", country="Norway")
    people = {
        "anonymous": None,
        "city": make_user("city", roles.CITY_STAFF, city=city),
        "other_city": make_user("other-city", roles.CITY_STAFF, city=other_city),
        "verifier": make_user("verifier", roles.VERIFIER),
        "other_verifier": make_user("other-verifier", roles.VERIFIER),
        "secretariat": make_user("secretariat", roles.SECRETARIAT),
    }
    edition = edition_current()
    submission = submission_create(city=city, year=2021, edition=edition, actor=people["city"], population=66670)
    other_submission = submission_create(city=other_city, year=2021, edition=edition, actor=people["other_city"])
    values = list(submission.values.filter(data_point__value_kind="percent").order_by("pk")[:3])
    for number, value in enumerate(values, start=1):
        value_set(value_id=value.pk, actor=people["city"],
                  data=ValueInput(number=Decimal(40 + number), source="City statistics office", data_quality="accurate"))
    submission_state_change(submission_id=submission.pk, actor=people["city"], to_state=Submission.SUBMITTED)
    assignment_create(submission_id=submission.pk, verifier_id=people["verifier"].pk, actor=people["secretariat"])
    query = query_raise(value_id=values[0].pk, actor=people["verifier"], question="Which survey is this from?")
    values = [type(value).objects.get(pk=value.pk) for value in values]
    submission.refresh_from_db()
    evidence, spare_evidence = (
        evidence_add(submission_id=submission.pk, actor=people["secretariat"],
                     upload=check_upload(SimpleUploadedFile(name, PDF, content_type="application/pdf")))
        for name in ("survey.pdf", "spare.pdf")
    )
    image_evidence = evidence_add(submission_id=submission.pk, actor=people["secretariat"], value_id=values[1].pk,
                                  upload=check_upload(SimpleUploadedFile("photo.png", png_bytes(), content_type="image/png")))
    report = ReportRequest(submission=submission, requested_by=people["secretariat"], state=ReportRequest.READY)
    report.save()
    report.pdf.save("report.pdf", ContentFile(b"%PDF-1.4 a rendered report"))
    # A version issued before the submission went back to verification (not published).
    version = ReportVersion(submission=submission, number=1, snapshot={}, digest="0" * 64,
                            requested_by=people["secretariat"])
    version.pdf.save("v1.pdf", ContentFile(b"%PDF-1.4 an issued version"))
    return World(people=people, city=city, other_city=other_city, submission=submission,
                 other_submission=other_submission, values=values, query=query,
                 kpi=KPI.objects.order_by("pk").first(), report=report, evidence=evidence,
                 spare_evidence=spare_evidence, version=version,
                 image_evidence=image_evidence)


def admin_url(site_url):
    """A concrete admin URL: any well-formed id will do, since the admin decides who may
    enter before it looks anything up."""
    def value(param):
        if param == "app_label":
            return next(model._meta.app_label for model in admin.site._registry)
        return "no-such-page/" if param == "url" else "1"

    if site_url.named and site_url.positional:
        return reverse(site_url.name, args=["1"] * site_url.positional)
    if site_url.named:
        return reverse(site_url.name, kwargs={param: value(param) for param in site_url.params})
    # Unnamed admin patterns (the catch-all, old-style redirects): fill the route in by hand.
    route = re.sub(r"\(\?P<(\w+)>[^)]*\)|<(?:\w+:)?(\w+)>", lambda m: value(m.group(1) or m.group(2)), site_url.route)
    return "/" + route.replace("^", "").replace("$", "")
