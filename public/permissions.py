"""Who sees what on the public pages: the one place its views ask.

Everyone sees published submissions; a logged-in person's trends add what
Submission.objects.visible_to allows; the secretariat and verifiers may add the signed-off
submissions they can see to a comparison. A city, year or report outside what a person
may see is a 404, as if it did not exist.
"""
from django.http import Http404

from submissions import roles

from . import selectors


def may_include_signed_off(user):
    return roles.is_secretariat(user) or roles.is_verifier(user)


def comparison_pool(user, *, signed_off):
    """The submissions a comparison reads: published, or also signed off when asked by someone allowed to."""
    if signed_off and may_include_signed_off(user):
        return selectors.published_or_signed_off(user)
    return selectors.published()


def comparison_pool_is_shared(user, *, signed_off):
    """Whether a comparison reads the same submissions whoever asks: the published ones, or the signed-off ones
    too asked by the secretariat, who sees them all (a verifier sees those of their own assignments)."""
    return not signed_off or roles.is_secretariat(user)


def published_submissions_for(slug):
    """A city's published submissions, latest first; a 404 when it has none."""
    submissions = selectors.city_submissions(selectors.published(), slug)
    if not submissions:
        raise Http404
    return submissions


def seen_submissions_for(request, slug):
    """A city's submissions this person may follow over the years, latest first; a 404 when none."""
    submissions = selectors.city_submissions(selectors.seen_by(request.user), slug)
    if not submissions:
        raise Http404
    return submissions


def published_year(submissions, year):
    """The published submission of that year (its latest edition), or a 404."""
    for submission in submissions:
        if submission.year == year:
            return submission
    raise Http404
