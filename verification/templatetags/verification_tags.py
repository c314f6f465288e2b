"""Template pieces of verification's pages and sections: status badges, links, a value's text. They only format."""
from django import template
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from verification.models import Query, Review
from submissions.value_text import value_text

register = template.Library()

STATUS_CLASSES = {
    Review.PENDING: "text-bg-light border",
    Review.VERIFIED: "text-bg-success",
    Review.NOT_VERIFIED: "text-bg-danger",
    Review.QUERIED: "text-bg-warning",
    Query.OPEN: "text-bg-warning",
    Query.ANSWERED: "text-bg-info",
    Query.CLOSED: "text-bg-secondary",
    Review.RETURNED: "text-bg-warning",
}


@register.filter
def status_class(status):
    return STATUS_CLASSES.get(status, "text-bg-light border")


def _url_or_empty(name, *args):
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""


@register.simple_tag
def evidence_url(evidence):
    """The submissions app serves evidence through its own checked view."""
    return _url_or_empty("submissions:evidence_download", evidence.pk)


@register.simple_tag
def value_edit_url(value):
    """Where the city corrects a queried value (the submissions app's entry form)."""
    return _url_or_empty("submissions:value_edit", value.pk)


@register.filter
def shown(value):
    """A value (or one of its historical versions) as a person reads it."""
    return value_text(value)


ACTION_LABELS = {
    "created": _("Created"), "submitted": _("Submitted"), "returned": _("Returned to the city"),
    "assigned": _("Verifier assigned"), "unassigned": _("Verifier removed"),
    "value_changed": _("Value changed"), "reviewed": _("Reviewed"), "review_reset": _("Review reset"),
    "query_raised": _("Query raised"), "query_answered": _("Query answered"), "query_closed": _("Query closed"),
    "signed_off": _("Signed off"), "published": _("Published"), "reopened": _("Reopened"),
    "withdrawn": _("Publication withdrawn"),
    "returned_for_correction": _("Returned for correction"), "flag_overridden": _("Flag acknowledged"),
}


@register.filter
def action_label(action):
    return ACTION_LABELS.get(action, action.replace("_", " ").capitalize())


@register.filter
def peer_position(peers, number):
    """Where a value falls against the peer range (submissions.comparisons.PeerRange)."""
    return peers.position(number)


PREVIEWED_TYPES = ("image/png", "image/jpeg", "image/gif", "image/webp", "application/pdf")


@register.filter
def previewable(evidence):
    """An image, or a PDF whose first page the server renders (submissions.evidence_preview)."""
    return evidence.content_type in PREVIEWED_TYPES


@register.filter
def get_title(titles, key):
    return titles.get(key, key)
