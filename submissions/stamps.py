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

Each is a stamp of kpis.stamps (kept in the cache, changed at once and again when the change commits). Code that
changes these models with QuerySet.update(), bulk_update() or bulk_create() calls the matching *_changed function
itself.
"""
from django.contrib.auth import get_user_model
from django.db.models.signals import m2m_changed, post_delete, post_save

from kpis.stamps import stamp, stamped_by, stamps, stamps_changed

from .models import City, Event, Evidence, Membership, PendingUpload, Submission, Value
from .signals import submission_state_changed

SUBMISSIONS_STAMP = "stamp:submissions"
SIGNED_OFF_STAMP = "stamp:signed-off"
PEOPLE_STAMP = "stamp:people"
STAMPED_MODELS = (City, Submission, Value)


def _submission_key(pk):
    return f"stamp:submission:{pk}"


def submissions_stamp():
    return stamp(SUBMISSIONS_STAMP)


def submission_stamp(pk):
    return stamp(_submission_key(pk))


def signed_off_stamp():
    return stamp(SIGNED_OFF_STAMP)


def people_stamp():
    return stamp(PEOPLE_STAMP)


def page_stamps(submission_pk):
    """The submission's, the signed-off data's and the people's stamps, in one read of the cache."""
    return stamps(_submission_key(submission_pk), SIGNED_OFF_STAMP, PEOPLE_STAMP)


def submissions_changed(**kwargs):
    stamps_changed(SUBMISSIONS_STAMP)


def submission_changed(*pks):
    """The pages of these submissions changed."""
    keys = {_submission_key(pk) for pk in pks if pk is not None}
    if keys:
        stamps_changed(*keys)


def signed_off_changed():
    stamps_changed(SIGNED_OFF_STAMP)


def people_changed(**kwargs):
    stamps_changed(PEOPLE_STAMP)


def submission_stamped(model, submission_id_of):
    """Change the stamp of a submission whenever an instance of model is saved or deleted; submission_id_of(instance)
    names the submission (a model of a higher app showing on the submission's pages connects itself here)."""
    def changed(sender, instance, **kwargs):
        submission_changed(submission_id_of(instance))

    stamped_by([model], changed, "submission-stamp")


def people_stamped(model):
    """Change the people stamp whenever an instance of model (a right of someone's) is saved or deleted."""
    stamped_by([model], people_changed, "people-stamp")


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
    stamped_by(STAMPED_MODELS, submissions_changed, "submissions-stamp")
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
