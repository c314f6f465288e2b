"""Whole page bodies (everything but the page shell, its messages and the CSRF token) kept in the cache.

A body is keyed on the stamps of everything it shows (submissions.stamps: the submission's own, the signed-off
data its values are compared with, the people's rights, and the catalogue's), on the language, and on who is
looking (what a person may do shows in the page: forms or plain values, buttons); the cache's key prefix holds the
version of the code (u4ssc_site/code_version.py). The form's CSRF token is a slot in the stored body, filled with
this request's token when it is served.
"""

from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from kpis.stamps import catalogue_stamp, kept, rendering_key

from .stamps import page_stamps

CSRF_SLOT = "csrf-token-slot-of-a-cached-page"


def body_key(kind, request, submission, *parts):
    """The key of a page body about a submission, seen by this request's person in its language."""
    stamps = (*page_stamps(submission.pk), catalogue_stamp(), get_language(),
              request.user.pk, parts)
    return rendering_key(f"page:{kind}:{submission.pk}", *stamps)


def body_render(template, context, *, request):
    """The body as it is stored (render_to_string's arguments): rendered for this request with the CSRF token's
    slot in place of the token."""
    return render_to_string(template, {**context, "csrf_token": CSRF_SLOT}, request=request)


def body_served(request, body):
    """A stored body, with this request's CSRF token in its slot."""
    return mark_safe(body.replace(CSRF_SLOT, get_token(request)))


def page_cached(request, key, render):
    """The page under key (a dict whose "body" is a body_render), its body served for this request; render() makes
    one to store when none is found."""
    page = kept(key, render)
    return {**page, "body": body_served(request, page["body"])}
