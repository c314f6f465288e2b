"""The stamps of the cities' data for cached renderings (as kpis.stamps is the catalogue's): a rendering keys on
the stamps of what it shows, so that a change shows on the next request (nothing is found under the new key).

submissions_stamp(): changes whenever a city, a submission or a value is saved or deleted (a value's every save
    bumps its version), and whenever a submission changes state.
submission_stamp(pk): changes whenever anything the submission's pages show changes: the submission itself, its
    city, values, evidence, kept uploads and events, and what the apps above connect with submission_stamped
    (verification: reviews, queries and their messages, assignments, sign-off, flag overrides, findings).
signed_off_stamp(): changes whenever a submission is saved or deleted while signed off, and when one is signed
    off or reopened: what the values' contexts compare with (last cycle, peers) is signed-off data only.
people_stamp(): changes whenever what a person may do changes: their account, roles (groups), memberships, and
    what the apps above connect with people_stamped (verification: assignments).

Each is kept in the cache (Redis in production, so every process sees the same stamps) and changes at once and
again when the change commits: a page rendered in between, from the data before the commit, is then not found
under the stamp that follows it. Code that changes these models with QuerySet.update(), bulk_update() or
bulk_create() calls the matching *_changed function itself.
"""
from uuid import uuid4

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.core.cache import cache

from .models import City, Event, Evidence, Membership, PendingUpload, Submission, Value
from .signals import submission_state_changed

SUBMISSIONS_STAMP = "stamp:submissions"
SIGNED_OFF_STAMP = "stamp:signed-off"
PEOPLE_STAMP = "stamp:people"
STAMPED_MODELS = (City, Submission, Value)


def _stamp(key):
    stamp = cache.get(key)
    if stamp is None:
        cache.add(key, uuid4().hex, timeout=None)
        stamp = cache.get(key)
    return stamp


def _stamps_new(*keys):
    cache.set_many({key: uuid4().hex for key in keys}, timeout=None)


def _changed(*keys):
    _stamps_new(*keys)
    transaction.on_commit(lambda: _stamps_new(*keys))


def _submission_key(pk):
    return f"stamp:submission:{pk}"


def submissions_stamp():
    return _stamp(SUBMISSIONS_STAMP)


def submission_stamp(pk):
    return _stamp(_submission_key(pk))


def signed_off_stamp():
    return _stamp(SIGNED_OFF_STAMP)


def people_stamp():
    return _stamp(PEOPLE_STAMP)


def page_stamps(submission_pk):
    """The submission's, the signed-off data's and the people's stamps, in one read of the cache."""
    keys = (_submission_key(submission_pk), SIGNED_OFF_STAMP, PEOPLE_STAMP)
    found = cache.get_many(keys)
    return tuple(found[key] if key in found else _stamp(key) for key in keys)


def submissions_changed(**kwargs):
    _changed(SUBMISSIONS_STAMP)


def submission_changed(*pks):
    """The pages of these submissions changed."""
    keys = {_submission_key(pk) for pk in pks if pk is not None}
    if keys:
        _changed(*keys)


def signed_off_changed():
    _changed(SIGNED_OFF_STAMP)


def people_changed(**kwargs):
    _changed(PEOPLE_STAMP)


def submission_stamped(model, submission_id_of):
    """Change the stamp of a submission whenever an instance of model is saved or deleted; submission_id_of(instance)
    names the submission (a model of a higher app showing on the submission's pages connects itself here)."""
    def changed(sender, instance, **kwargs):
        submission_changed(submission_id_of(instance))

    post_save.connect(changed, sender=model, weak=False, dispatch_uid=f"submission-stamp-save-{model.__name__}")
    post_delete.connect(changed, sender=model, weak=False, dispatch_uid=f"submission-stamp-delete-{model.__name__}")


def people_stamped(model):
    """Change the people stamp whenever an instance of model (a right of someone's) is saved or deleted."""
    post_save.connect(people_changed, sender=model, dispatch_uid=f"people-stamp-save-{model.__name__}")
    post_delete.connect(people_changed, sender=model, dispatch_uid=f"people-stamp-delete-{model.__name__}")


def _submission_saved(sender, instance, **kwargs):
    submission_changed(instance.pk)
    if instance.is_signed_off:
        signed_off_changed()


def _submission_moved(sender, *, submission, from_state, to_state, **kwargs):
    submission_changed(submission.pk)
    if {from_state, to_state} & {Submission.VERIFIED, Submission.PUBLISHED}:
        signed_off_changed()


def _city_saved(sender, instance, **kwargs):
    submission_changed(*Submission.objects.filter(city_id=instance.pk).values_list("pk", flat=True))


def _user_saved(sender, instance, update_fields=None, **kwargs):
    # Signing in saves the last login alone: nobody's rights change with it.
    if update_fields is None or set(update_fields) != {"last_login"}:
        people_changed()


def connect():
    for model in STAMPED_MODELS:
        post_save.connect(submissions_changed, sender=model, dispatch_uid=f"submissions-stamp-save-{model.__name__}")
        post_delete.connect(submissions_changed, sender=model,
                            dispatch_uid=f"submissions-stamp-delete-{model.__name__}")
    submission_state_changed.connect(submissions_changed, dispatch_uid="submissions-stamp-state")

    post_save.connect(_submission_saved, sender=Submission, dispatch_uid="submission-stamp-save-Submission")
    post_delete.connect(_submission_saved, sender=Submission, dispatch_uid="submission-stamp-delete-Submission")
    submission_state_changed.connect(_submission_moved, dispatch_uid="submission-stamp-state")
    post_save.connect(_city_saved, sender=City, dispatch_uid="submission-stamp-save-City")
    for model in (Value, Evidence, PendingUpload, Event):
        submission_stamped(model, lambda instance: instance.submission_id)

    user = get_user_model()
    post_save.connect(_user_saved, sender=user, dispatch_uid="people-stamp-save-user")
    post_delete.connect(people_changed, sender=user, dispatch_uid="people-stamp-delete-user")
    for through in (user.groups.through, user.user_permissions.through, City.members.through):
        m2m_changed.connect(people_changed, sender=through, dispatch_uid=f"people-stamp-m2m-{through.__name__}")
    people_stamped(Membership)
