"""Ålesund's 2019 verification as the published report describes it, for the demo."""
import datetime

from django.db import transaction
from django.utils import timezone

from submissions.models import Submission
from submissions.services import submission_lock, submission_state_change
from submissions.stamps import submission_changed

from .models import Notification, Review, SignOff
from .services import assignment_create, review_bulk_verify, submission_publish, submission_sign_off

# The seed's cover: "June 2020".
ALESUND_PUBLISHED_AT = datetime.datetime(2020, 6, 15, 12, 0, tzinfo=datetime.timezone.utc)

ALESUND_BACKGROUND = {
    "verifier_name": "Jonas Smith",
    "certification": "Certified U4SSC Key Performance Indicators for Smart Sustainable Cities Verifier",
    # The report prints "completed the verification in February 2019".
    "verified_on": datetime.date(2019, 2, 28),
    "activities": "\n".join([
        "collecting and reviewing KPI data",
        "interviewing city stakeholders",
        "verifying that the data were submitted in conformity with the requirements of the "
        "Collection Methodology for Key Performance Indicators for Smart Sustainable Cities",
        "preparing the Verification Report",
    ]),
    "assurance_level": SignOff.LIMITED,
    "limitations": "",
}


@transaction.atomic
def alesund_sign_off(*, submission, city_user, verifier, secretariat):
    """Take the imported draft through the same steps people take: submit, assign, verify, sign off."""
    if submission.state == Submission.DRAFT:
        submission_state_change(submission_id=submission.pk, actor=city_user, to_state=Submission.SUBMITTED)
    submission.refresh_from_db()
    if submission.state != Submission.SUBMITTED:
        return submission
    assignment_create(submission_id=submission.pk, verifier_id=verifier.pk, actor=secretariat)
    reported = submission.values.reported().values_list("pk", "version")
    review_bulk_verify(submission_id=submission.pk, actor=verifier, items=list(reported))
    submission_sign_off(submission_id=submission.pk, actor=verifier, **ALESUND_BACKGROUND)
    # The demo replays a verification finished in 2019: nobody is e-mailed about it.
    Notification.objects.filter(submission=submission, state=Notification.QUEUED).delete()
    submission.refresh_from_db()
    return submission


@transaction.atomic
def alesund_publish(*, submission, secretariat):
    """Publish the signed-off 2019 submission as the secretariat did in June 2020; a publication
    someone withdrew since stays withdrawn."""
    if submission.state != Submission.VERIFIED or submission.events.filter(action="published").exists():
        return submission
    submission_publish(submission_id=submission.pk, actor=secretariat, published_at=ALESUND_PUBLISHED_AT)
    Notification.objects.filter(submission=submission, state=Notification.QUEUED).delete()
    submission.refresh_from_db()
    return submission


def sample_reviews_verified(*, submission, verifier, value_ids):
    """The demo's sample cities: their answered data points verified in one go (review_bulk_verify's
    outcome without its per-value round trips, for data that nobody entered or checked)."""
    submission_lock(submission_id=submission.pk)
    now = timezone.now()
    Review.objects.bulk_create(Review(value_id=value_id, status=Review.VERIFIED, reviewed_by=verifier,
                                      reviewed_at=now, version=1) for value_id in value_ids)
    submission_changed(submission.pk)  # bulk_create sends no post_save
