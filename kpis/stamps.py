"""Stamps for cached renderings: a cached rendering keys on the stamps of what it shows, so that a change to any
of it shows at once (the next request finds nothing under the new key and renders afresh).

A stamp is a random token kept in the cache under its name (Redis in production, so every process sees the same
stamps; with the local-memory cache of the demo, the one process's). stamp(name) reads it (making one when there is
none: a stamp lost from the cache only costs a rendering); stamps_changed(*names) gives new tokens at once and
again when the change commits: a request that read the data before the commit may have cached what it read under
the first new token. stamped_by(models, changed) connects a change function to the models' saves and deletes.

The catalogue's stamp lives here: catalogue_stamp() changes whenever anything of the catalogue is saved or
deleted: an edition, a dimension, category, KPI or data point (names, units and definitions in every language), a
target, a targets edition, a translation change. The apps above keep their own stamps the same way
(submissions.stamps, programme.stamps).
"""
import hashlib
from uuid import uuid4

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save

from kpis import models

CATALOGUE_STAMP = "stamp:catalogue"
CATALOGUE_MODELS = (models.Edition, models.Dimension, models.SubDimension, models.Category, models.KPI,
                    models.DataPoint, models.Target, models.TargetsEdition, models.TargetChange,
                    models.TranslationChange)


# Stamps this process could not change because the cache did not answer (Redis down or hanging): changed as soon
# as it answers again, before any stamp is read, so that nothing cached before the change is served after it.
_owed = set()


def stamp(name):
    return stamps(name)[0]


def stamps(*names):
    """The stamps of names, in one read of the cache (a stamp the cache cannot give is a new one: nothing is
    found under it)."""
    if _owed:
        _stamps_new(set(_owed))
    found = cache.get_many(names)
    missing = [name for name in names if name not in found]
    if missing:
        for name in missing:
            cache.add(name, uuid4().hex, timeout=None)
        found.update(cache.get_many(missing))
    return tuple(found.get(name) or uuid4().hex for name in names)


def _stamps_new(names):
    failed = cache.set_many({name: uuid4().hex for name in names}, timeout=None)
    if failed:
        _owed.update(names)
    else:
        _owed.difference_update(names)


def stamps_changed(*names):
    """New stamps at once, and again when the change commits."""
    _stamps_new(names)
    transaction.on_commit(lambda: _stamps_new(names))


def stamped_by(models_changing, changed, uid):
    """Call changed(sender=…, instance=…, …) whenever an instance of one of the models is saved or deleted."""
    for model in models_changing:
        post_save.connect(changed, sender=model, weak=False, dispatch_uid=f"{uid}-save-{model._meta.label}")
        post_delete.connect(changed, sender=model, weak=False, dispatch_uid=f"{uid}-delete-{model._meta.label}")


def rendering_key(kind, *parts):
    """The cache key of a rendering: its kind and a digest of everything it shows (stamps, choices, language,
    viewer), so that a change of any of them gives a new key."""
    return f"{kind}:" + hashlib.sha256(repr(parts).encode()).hexdigest()


def kept(key, make, timeout=None):
    """What the cache keeps under key, made (and kept) when there is none; with key None, made each time (what it
    shows depends on something no key holds)."""
    if key is None:
        return make()
    found = cache.get(key)
    if found is None:
        found = make()
        cache.set(key, found, settings.RENDERED_SECONDS if timeout is None else timeout)
    return found


def catalogue_stamp():
    return stamp(CATALOGUE_STAMP)


def catalogue_changed(**kwargs):
    """Connected to every catalogue model's saves and deletes; code that changes the catalogue with
    QuerySet.update() calls it."""
    stamps_changed(CATALOGUE_STAMP)


def connect():
    stamped_by(CATALOGUE_MODELS, catalogue_changed, "catalogue-stamp")
