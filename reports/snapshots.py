"""A report's snapshot: what a report prints that is the submission's (not the catalogue's), as JSON, and its digest.

Every report is rendered from a snapshot (reports.selectors.report_content_from): the live
report from the snapshot of now, an issued version from the snapshot stored with it. The
catalogue (names, codes, units, order) is read from the catalogue edition the snapshot
names: an edition never changes once a submission is bound to it (DESIGN.md, Catalogue).

Format 1 (all numbers are strings of the stored decimals, so the JSON round-trips exactly):

    {"format": 1,
     "language": "en" | "fr" | "es" | "ar",
     "submission": {"id", "city", "country", "city_slug", "sample", "year", "state"},
     "issue": {"status": "draft" | "signed_off" | "published", "dated": "YYYY-MM-DD"},
     "catalogue": {"edition": <edition id>, "name": <edition name>},
     "targets": {"edition": null | {"number", "dated": "YYYY-MM-DD"},
                 "snapshot": <the sign-off's targets_snapshot: {data point id: {target, direction}}>},
     "sign_off": null | {"verifier_name", "certification", "verified_on", "activities", "assurance_level", "limitations"},
     "texts": {"foreword": <body>, "disclaimer": <body>},
     "values": {<data point id>: {"number", "yes_no", "numerator", "denominator", "not_reported",
                                  "not_reported_reason", "source", "data_quality", "note", "score_status",
                                  "percent_of_target", "band", "scored_target", "scored_direction"}},
     "reviews": {<data point id>: {"status", "reason"}},
     "findings": {"comment": <the verifier's overall comment>,
                  "acknowledged": [{"code", "name", "check": <check key>, "note"}]}}

issue.dated is what the cover prints: an issued report is dated by month (the first of the month of
its publication, or of its sign-off while unpublished), a draft by the day it was rendered.
language is the language the report is written in (settings.LANGUAGES): its fixed text, the catalogue's
names and the default texts are taken in it, its numbers and dates follow it; the same data in another
language is another snapshot, so another version. Versions issued before reports had a language say "en"
(migration reports 0006).
The digest is the SHA-256 of the canonical JSON (keys sorted, no spaces, UTF-8).
"""
import hashlib
import json

from django.conf import settings
from django.utils import timezone, translation

from submissions.models import Submission, Value
from verification.models import Findings, FlagOverride, SignOff
from verification.selectors import targets_edition_of

from .texts import report_text_bodies

FORMAT = 1
DRAFT, SIGNED_OFF, PUBLISHED = "draft", "signed_off", "published"

VALUE_FIELDS = ("number", "yes_no", "numerator", "denominator", "not_reported", "not_reported_reason", "source",
                "data_quality", "note", "score_status", "percent_of_target", "band", "scored_target",
                "scored_direction")
DECIMAL_FIELDS = {"number", "numerator", "denominator", "percent_of_target", "scored_target"}
SIGN_OFF_FIELDS = ("verifier_name", "certification", "verified_on", "activities", "assurance_level", "limitations")


def _decimal(number):
    return None if number is None else str(number)


def _targets_edition(edition):
    if edition is None:
        return None
    return {"number": edition.number, "dated": timezone.localtime(edition.created_at).date().isoformat()}


def _issue(submission, sign_off, on):
    """What the cover says: published in a month, signed off in a month, or a draft of a day."""
    if submission.is_signed_off and sign_off is not None:
        published = submission.state == Submission.PUBLISHED
        moment = (submission.published_at if published else None) or sign_off.signed_at
        month = timezone.localtime(moment).date().replace(day=1)
        return {"status": PUBLISHED if published else SIGNED_OFF, "dated": month.isoformat()}
    day = timezone.localtime(on) if on is not None else timezone.localtime()
    return {"status": DRAFT, "dated": day.date().isoformat()}


LANGUAGES = tuple(code for code, _name in settings.LANGUAGES)


def language_of(snapshot):
    """The language a snapshot's report is written in."""
    return snapshot.get("language") or settings.LANGUAGE_CODE


def report_snapshot(submission, *, on=None, language=None):
    """The snapshot of a submission's report as it would be rendered now (on: the draft's date), in a language
    (the city's report language by default). Eight queries at most."""
    submission = Submission.objects.select_related("city", "edition").get(pk=submission.pk)
    language = language or submission.city.report_language or settings.LANGUAGE_CODE
    if language not in LANGUAGES:
        raise ValueError(f"No report is written in {language!r}.")
    with translation.override(language):
        return _snapshot(submission, on=on, language=language)


def _snapshot(submission, *, on, language):
    values = list(Value.objects.filter(submission=submission).select_related("review"))
    sign_off = SignOff.objects.filter(submission=submission).first() if submission.is_signed_off else None
    reviews = {}
    for value in values:
        review = getattr(value, "review", None)
        if review is not None:
            reviews[str(value.data_point_id)] = {"status": review.status, "reason": review.reason}
    return {
        "format": FORMAT,
        "language": language,
        "submission": {
            "id": submission.pk, "city": submission.city.name, "country": submission.city.country,
            "city_slug": submission.city.slug, "sample": submission.city.is_sample, "year": submission.year,
            "state": submission.state,
        },
        "issue": _issue(submission, sign_off, on),
        "catalogue": {"edition": submission.edition_id, "name": submission.edition.name},
        # The targets edition the scores stand on: recorded at the sign-off, or the one in force for a draft.
        "targets": {"edition": _targets_edition(targets_edition_of(submission)),
                    "snapshot": sign_off.targets_snapshot if sign_off else {}},
        "sign_off": None if sign_off is None else {
            field: sign_off.verified_on.isoformat() if field == "verified_on" else getattr(sign_off, field)
            for field in SIGN_OFF_FIELDS
        },
        "texts": report_text_bodies(),
        "values": {
            str(value.data_point_id): {
                field: _decimal(getattr(value, field)) if field in DECIMAL_FIELDS else getattr(value, field)
                for field in VALUE_FIELDS
            }
            for value in values
        },
        "reviews": reviews,
        "findings": _findings(submission),
    }


def _findings(submission):
    """The verifier's overall comment and the cross-check flags they acknowledged, with why (section 8)."""
    findings = Findings.objects.filter(submission=submission).first()
    overrides = (FlagOverride.objects.filter(value__submission=submission)
                 .select_related("value__data_point__kpi").order_by("value__data_point__kpi__code", "check_key"))
    return {
        "comment": findings.comment if findings else "",
        "acknowledged": [{"code": o.value.data_point.kpi.code, "name": o.value.data_point.label,
                          "check": o.check_key, "note": o.note} for o in overrides],
    }


def snapshot_digest(snapshot):
    """SHA-256 of the snapshot's canonical JSON: equal digests, equal reports."""
    canonical = json.dumps(snapshot, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def is_issued(snapshot):
    """A signed-off submission's report: kept as a numbered version. Drafts are not."""
    return snapshot["issue"]["status"] != DRAFT

