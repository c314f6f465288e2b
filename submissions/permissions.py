"""Who may do what with a submission: the one place the views (and verification and reports) ask.

The doors (submission_for, value_for, evidence_for) find what a page asks for through
Submission.objects.visible_to(user), so another city's or an unassigned one is a 404,
then check the action the page takes against the rules below (otherwise a 403).
"""
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from . import roles, selectors

from .models import Evidence, Membership, Submission, Value


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
    return set(Value.objects.editable_by(user).filter(submission=submission).order_by().values_list("pk", flat=True))


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


def can_view(user, submission):
    """Seeing is the visibility rule itself (Submission.objects.visible_to), which the doors apply."""
    return True


SUBMISSION_ACTIONS = {
    "view": can_view,
    "edit": can_edit_submission,
    "submit": can_submit,
}


def require(allowed):
    """A 403 unless the rule allowed it."""
    if not allowed:
        raise PermissionDenied


# ---------------------------------------------------------------- the doors

def submission_visible(request, pk):
    """The submission, if this person may see it; otherwise a 404, as if it did not exist."""
    return get_object_or_404(Submission.objects.visible_to(request.user).select_related("city", "edition"), pk=pk)


def submission_for(request, pk, action="view"):
    """The submission a page is about, and a 403 when this person may not take the action on it."""
    submission = submission_visible(request, pk)
    require(SUBMISSION_ACTIONS[action](request.user, submission))
    return submission


def value_for(request, pk, action="view"):
    """One value ("view", or "edit" while its rule allows the person to change it)."""
    value = selectors.value_for(request.user, pk)
    if value is None:
        raise Http404
    if action == "edit":
        require(value_editable_by(request.user, value))
    return value


def evidence_for(request, pk, action="view"):
    """One evidence file ("view" to download it, "delete" to remove it)."""
    item = get_object_or_404(
        Evidence.objects.select_related("submission", "value"),
        pk=pk, submission__in=Submission.objects.visible_to(request.user),
    )
    if action == "delete":
        require(can_delete_evidence(request.user, item))
    return item


def values_to_edit(request, submission, *, required):
    """The ids of the values this person may change now; a 403 when there are none and the page
    exists to change them (required)."""
    editable = editable_value_ids(request.user, submission)
    require(editable or not required)
    return editable


def evidence_rights(request, submission, *, upload):
    """What this person may attach evidence to: the values they may change (a queryset), whether
    also the whole submission, and whether anything at all; a 403 when they are uploading
    (upload) and may attach nothing."""
    values = Value.objects.editable_by(request.user).filter(submission=submission)
    whole = can_edit_submission(request.user, submission)
    can_upload = whole or values.exists()
    require(can_upload or not upload)
    return values, whole, can_upload
