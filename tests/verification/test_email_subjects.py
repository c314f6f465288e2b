"""Every e-mail's subject reads the same way: "[U4SSC] Ålesund 2021: what happened", dates as the pages write them."""
import datetime

import pytest
from django.core import mail

from submissions import roles
from submissions.models import Cycle, Submission
from verification.models import Notification, Query
from verification.notifications import notification_send
from verification.services import query_raise


def sent_subject(**fields):
    """The subject of a notification as the worker sends it."""
    mail.outbox.clear()
    notification = Notification.objects.create(**fields)
    notification_send(notification_id=notification.pk)
    notification.refresh_from_db()
    assert notification.state == Notification.SENT and notification.recipients, (fields["kind"], notification.error)
    return mail.outbox[-1].subject


@pytest.mark.django_db
def test_each_kind_of_notification_has_a_readable_subject(reported, verifier, city_user, secretariat):
    submission = Submission.objects.get(pk=reported[0].submission_id)
    query = query_raise(value_id=reported[0].pk, actor=verifier, question="Which survey?")
    Query.objects.filter(pk=query.pk).update(corrected_from="80 %", corrected_to="82.85 %")
    query.refresh_from_db()
    code = reported[0].data_point.kpi.code
    submission.cycle = Cycle.objects.create(
        name="2021", year=2021, edition=submission.edition, opens_on=datetime.date(2021, 1, 1),
        submission_deadline=datetime.date(2021, 6, 9), verification_deadline=datetime.date(2021, 11, 29))
    submission.save(update_fields=["cycle"])

    subjects = {Notification.ASSIGNED: sent_subject(kind=Notification.ASSIGNED, submission=submission,
                                                   assignment=submission.assignments.get())}
    subjects.update({kind: sent_subject(kind=kind, submission=submission) for kind in (
        Notification.SUBMITTED, Notification.SIGNED_OFF, Notification.REPORT_READY,
        Notification.PUBLISHED, Notification.WITHDRAWN, Notification.DATA_DUE, Notification.REVIEW_DUE)})
    subjects.update({kind: sent_subject(kind=kind, submission=submission, query=query) for kind in (
        Notification.QUERY_RAISED, Notification.QUERY_ANSWERED, Notification.RETURNED, Notification.CORRECTED)})
    assert subjects == {
        Notification.SUBMITTED: "[U4SSC] Ålesund 2021: submitted for verification",
        Notification.ASSIGNED: "[U4SSC] Ålesund 2021: verifier assigned",
        Notification.SIGNED_OFF: "[U4SSC] Ålesund 2021: verified and signed off",
        Notification.REPORT_READY: "[U4SSC] Ålesund 2021: report ready",
        Notification.PUBLISHED: "[U4SSC] Ålesund 2021: report published",
        Notification.WITHDRAWN: "[U4SSC] Ålesund 2021: publication withdrawn",
        Notification.DATA_DUE: "[U4SSC] Ålesund 2021: data due 9 June 2021",
        Notification.REVIEW_DUE: "[U4SSC] Ålesund 2021: verification due 29 November 2021",
        Notification.QUERY_RAISED: f"[U4SSC] Ålesund 2021: verifier's question on {code}",
        Notification.QUERY_ANSWERED: f"[U4SSC] Ålesund 2021: question on {code} answered",
        Notification.RETURNED: f"[U4SSC] Ålesund 2021: {code} returned for correction",
        Notification.CORRECTED: f"[U4SSC] Ålesund 2021: {code} corrected, 80 % → 82.85 %",
    }
    assert set(subjects) | {Notification.PASSWORD_RESET, Notification.INVITATION} == {
        kind for kind, _ in Notification.KIND_CHOICES}, "every kind is looked at"


@pytest.mark.django_db
def test_the_password_reset_and_the_invitation_have_the_same_prefix(city_user, make_user):
    assert sent_subject(kind=Notification.PASSWORD_RESET, user=city_user) == "[U4SSC] Reset your password on the KPI platform"
    invited = make_user("invited", roles.VERIFIER)
    invited.set_unusable_password()
    invited.save()
    assert sent_subject(kind=Notification.INVITATION, user=invited) == "[U4SSC] Your invitation to the KPI platform"
