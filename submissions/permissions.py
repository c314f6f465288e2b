"""Who may do what with a submission: the one place the views (and verification) ask.

Every view first finds the submission through Submission.objects.visible_to(user),
so another city's or an unassigned one is a 404; these rules then say which of the
visible things a person may change (otherwise a 403).
"""
from . import roles

from .models import Membership, Submission, Value


def is_member(user, submission):
    """City staff of the submission's city."""
    if not roles.is_city_staff(user):
        return False
    cached = getattr(user, "_city_ids", None)
    if cached is None:
        cached = user._city_ids = frozenset(Membership.objects.filter(user=user).values_list("city_id", flat=True))
    return submission.city_id in cached


def value_editable_by(user, value):
    """May this user change this value now? (The rule itself: Value.objects.editable_by.)"""
    return Value.objects.editable_by(user).filter(pk=value.pk).exists()


def editable_value_ids(user, submission):
    """The ids of the submission's values this user may change now, in one query."""
    return set(Value.objects.editable_by(user).filter(submission=submission).values_list("pk", flat=True))


def can_edit_submission(user, submission):
    """Change the context figures, import a spreadsheet, attach evidence to the whole submission."""
    if roles.is_secretariat(user):
        return not submission.is_signed_off
    return submission.state == Submission.DRAFT and is_member(user, submission)


def can_submit(user, submission):
    return submission.state == Submission.DRAFT and (is_member(user, submission) or roles.is_secretariat(user))


def can_start_submission(user):
    return roles.is_city_staff(user) and Membership.objects.filter(user=user).exists()


def can_delete_evidence(user, evidence):
    """Evidence of a value goes with the value's rule; the submission's with the submission's."""
    if evidence.value_id is not None:
        return value_editable_by(user, evidence.value)
    return can_edit_submission(user, evidence.submission)
