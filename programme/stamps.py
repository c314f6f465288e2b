"""The stamp of what the programme dashboard shows besides the cities' data and the catalogue (their own stamps):
queries, assignments, cycles, report requests and people's names. programme_stamp() changes whenever one of them is
saved or deleted; the report requests a worker moves on with QuerySet.update() are read by
selectors.reports_progress() instead."""
from uuid import uuid4

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save

from reports.models import ReportRequest
from submissions.models import Cycle
from verification.models import Assignment, Query

PROGRAMME_STAMP = "stamp:programme"


def programme_stamp():
    stamp = cache.get(PROGRAMME_STAMP)
    if stamp is None:
        cache.add(PROGRAMME_STAMP, uuid4().hex, timeout=None)
        stamp = cache.get(PROGRAMME_STAMP)
    return stamp


def _new_stamp():
    cache.set(PROGRAMME_STAMP, uuid4().hex, timeout=None)


def programme_changed(**kwargs):
    """A new stamp now, and again once the change commits (a page rendered in between read the data before it)."""
    _new_stamp()
    transaction.on_commit(_new_stamp)


def connect():
    for model in (Query, Assignment, Cycle, ReportRequest, get_user_model()):
        post_save.connect(programme_changed, sender=model, dispatch_uid=f"programme-stamp-save-{model.__name__}")
        post_delete.connect(programme_changed, sender=model, dispatch_uid=f"programme-stamp-delete-{model.__name__}")
