"""The stamp of the cities' data for cached renderings (as kpis.stamps is the catalogue's): a fragment that shows
cities, submissions or values keys on submissions_stamp(), so that a change shows on the next request.

submissions_stamp(): changes whenever a city, a submission or a value is saved or deleted (a value's every save
    bumps its version), and whenever a submission changes state. Kept in the cache, like the catalogue's.
"""
from uuid import uuid4

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save

from .models import City, Submission, Value
from .signals import submission_state_changed

SUBMISSIONS_STAMP = "stamp:submissions"
STAMPED_MODELS = (City, Submission, Value)


def submissions_stamp():
    stamp = cache.get(SUBMISSIONS_STAMP)
    if stamp is None:
        cache.add(SUBMISSIONS_STAMP, uuid4().hex, timeout=None)
        stamp = cache.get(SUBMISSIONS_STAMP)
    return stamp


def _new_stamp():
    cache.set(SUBMISSIONS_STAMP, uuid4().hex, timeout=None)


def submissions_changed(**kwargs):
    """A new stamp now, and again once the change is committed: a page rendered in between, from the data
    before the commit, is then not found under the stamp that follows it. Code that changes cities,
    submissions or values with QuerySet.update() or bulk_update() calls it."""
    _new_stamp()
    transaction.on_commit(_new_stamp)


def connect():
    for model in STAMPED_MODELS:
        post_save.connect(submissions_changed, sender=model, dispatch_uid=f"submissions-stamp-save-{model.__name__}")
        post_delete.connect(submissions_changed, sender=model,
                            dispatch_uid=f"submissions-stamp-delete-{model.__name__}")
    submission_state_changed.connect(submissions_changed, dispatch_uid="submissions-stamp-state")
