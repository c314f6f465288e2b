"""Ålesund's 2019 verification as the published report describes it, for the demo."""
import datetime

from django.db import transaction
from django.utils import timezone

from submissions.models import Submission
from submissions.services import event_record

from .models import Assignment, Review, SignOff

ALESUND_BACKGROUND = {
    "verifier_name": "Jonas Smith",
    "certification": "Certified U4SSC Key Performance Indicators for Smart Sustainable Cities Verifier",
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
    """Submit, assign, verify every reported value and sign off."""
    now = timezone.now()
    submission.state = Submission.SUBMITTED
    submission.submitted_at = now
    submission.save()
    event_record(submission=submission, actor=city_user, action="submitted", from_state="draft", to_state="submitted")
    Assignment.objects.get_or_create(submission=submission, verifier=verifier, defaults={"assigned_by": secretariat})
    event_record(submission=submission, actor=secretariat, action="assigned", to_state=verifier.get_username())
    for value in submission.values.all():
        status = Review.PENDING if value.not_reported else Review.VERIFIED
        Review.objects.update_or_create(
            value=value, defaults={"status": status, "reviewed_by": verifier, "reviewed_at": now}
        )
    SignOff.objects.update_or_create(submission=submission, defaults={"verifier": verifier, **ALESUND_BACKGROUND})
    submission.state = Submission.VERIFIED
    submission.save()
    event_record(submission=submission, actor=verifier, action="signed_off", from_state="submitted", to_state="verified")
