"""Stamps for cached renderings: a cached fragment keys on the stamps of what it shows, so that a change
to any of it shows at once (the next request finds no fragment under the new key and renders afresh).

catalogue_stamp(): changes whenever anything of the catalogue is saved or deleted: an edition, a
    dimension, category, KPI or data point (names, units and definitions in every language), a target, a
    targets edition, a translation change. Kept in the cache (Redis in production, so every process sees
    the same stamp; with the local-memory cache of the demo, the one process's).
"""
from uuid import uuid4

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save

from kpis import models

CATALOGUE_STAMP = "stamp:catalogue"
CATALOGUE_MODELS = (models.Edition, models.Dimension, models.SubDimension, models.Category, models.KPI,
                    models.DataPoint, models.Target, models.TargetsEdition, models.TargetChange,
                    models.TranslationChange)


def catalogue_stamp():
    stamp = cache.get(CATALOGUE_STAMP)
    if stamp is None:
        cache.add(CATALOGUE_STAMP, uuid4().hex, timeout=None)
        stamp = cache.get(CATALOGUE_STAMP)
    return stamp


def _new_catalogue_stamp():
    cache.set(CATALOGUE_STAMP, uuid4().hex, timeout=None)


def catalogue_changed(**kwargs):
    """A new stamp: every fragment keyed on the old one is no longer found. Connected to every catalogue
    model's post_save and post_delete; code that changes the catalogue with QuerySet.update() calls it.
    Changed again when the change commits: a request that read the catalogue before the commit may have
    cached what it read under the first new stamp."""
    _new_catalogue_stamp()
    transaction.on_commit(_new_catalogue_stamp)


def connect():
    for model in CATALOGUE_MODELS:
        post_save.connect(catalogue_changed, sender=model, dispatch_uid=f"catalogue-stamp-save-{model.__name__}")
        post_delete.connect(catalogue_changed, sender=model, dispatch_uid=f"catalogue-stamp-delete-{model.__name__}")
