"""Who may do what in verification: the one place the views ask.

Every view first finds the submission through Submission.objects.visible_to(user)
(another city's or an unassigned submission is a 404); these rules then say which
of the visible things a person may do (otherwise a 403).
"""
from submissions.models import Membership
from submissions import roles

from .models import Assignment


def is_assigned(user, submission):
    return roles.is_verifier(user) and Assignment.objects.filter(submission=submission, verifier=user).exists()


def can_manage(user):
    """Assign verifiers, reopen and publish: the secretariat."""
    return roles.is_secretariat(user)


def can_see_reviews(user, submission):
    return can_manage(user) or is_assigned(user, submission)


def can_answer(user, submission):
    """City staff of the submission's city answer the verifier's queries."""
    return roles.is_city_staff(user) and Membership.objects.filter(user=user, city_id=submission.city_id).exists()
