"""Who may do what in verification: the one place the views (and reports) ask.

The doors (submission_for, value_for, query_for) find what a page asks for through
submissions' doors, so another city's or an unassigned submission is a 404, then check
the action the page takes against the rules below (otherwise a 403).
"""
from dataclasses import dataclass

from django.shortcuts import get_object_or_404

from submissions import permissions as submission_rules
from submissions import roles
from submissions.models import Submission

from .models import Assignment, Query


def is_assigned(user, submission):
    """A verifier the secretariat assigned to this submission (their assignments read once per request)."""
    if not roles.is_verifier(user):
        return False
    cached = getattr(user, "_assigned_submission_ids", None)
    if cached is None:
        cached = user._assigned_submission_ids = frozenset(
            Assignment.objects.filter(verifier=user).values_list("submission_id", flat=True))
    return submission.pk in cached


def can_manage(user):
    """Assign verifiers, reopen and publish: the secretariat."""
    return roles.is_secretariat(user)


def can_see_reviews(user, submission):
    return can_manage(user) or is_assigned(user, submission)


def can_answer(user, submission):
    """City staff of the submission's city answer the verifier's queries."""
    return submission_rules.is_member(user, submission)


def require_assigned(user, submission):
    """Writing the findings is the assigned verifier's: a 403 for anyone else who may see them."""
    submission_rules.require(is_assigned(user, submission))


def require_worklist(user):
    """The work list is for verifiers and the secretariat: a 403 for anyone else."""
    submission_rules.require(roles.is_verifier(user) or can_manage(user))


SUBMISSION_ACTIONS = {
    "view": submission_rules.can_view,
    "see_reviews": can_see_reviews,
    "review": is_assigned,
    "sign_off": is_assigned,
    "assign": lambda user, submission: can_manage(user),
    "reopen": lambda user, submission: can_manage(user),
    "publish": lambda user, submission: can_manage(user),
}


# ---------------------------------------------------------------- the doors

def submission_for(request, pk, action="view"):
    """The submission a page is about, and a 403 when this person may not take the action on it."""
    submission = submission_rules.submission_visible(request, pk)
    submission_rules.require(SUBMISSION_ACTIONS[action](request.user, submission))
    return submission


def value_for(request, pk, action="view"):
    """One value with its submission and catalogue entry ("view", or "review" for the assigned verifier)."""
    value = submission_rules.value_for(request, pk, "view")
    submission_rules.require(SUBMISSION_ACTIONS[action](request.user, value.submission))
    return value


@dataclass
class QuerySeat:
    """A query thread and the side this person takes in it."""
    query: Query
    answers: bool  # the city's side: answers the question
    asks: bool  # the assigned verifier's side: asks a follow-up


def query_for(request, pk):
    """A query thread, for the city that answers it, the verifier who asks and the secretariat."""
    query = get_object_or_404(
        Query.objects.select_related("value__submission__city", "value__data_point__kpi"),
        pk=pk, value__submission__in=Submission.objects.visible_to(request.user),
    )
    submission = query.value.submission
    answers, asks = can_answer(request.user, submission), is_assigned(request.user, submission)
    submission_rules.require(answers or asks or can_manage(request.user))
    return QuerySeat(query=query, answers=answers, asks=asks)
