"""E-mail notifications of the verification workflow: who gets each one, what it says, and sending it.

Recording one inside the change's transaction and handing it to a worker once that commits
is verification.tasks.
"""
import logging
from dataclasses import dataclass
from typing import Callable

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from submissions import roles

from .models import Notification

logger = logging.getLogger(__name__)


def _active_users():
    return get_user_model().objects.filter(is_active=True).exclude(email="")


def _secretariat():
    return _active_users().filter(Q(groups__name=roles.SECRETARIAT) | Q(is_superuser=True))


def _city_staff(submission):
    return _active_users().filter(memberships__city=submission.city_id)


def _verifiers(submission):
    return _active_users().filter(assignments__submission=submission)


# Every subject starts the same way, then says whose data and what happened: "[U4SSC] Ålesund 2019: report published".
SUBJECT_PREFIX = "[U4SSC]"


def subject_line(what, submission=None):
    """The subject of a notification: the prefix, the submission (city and year) if there is one, what happened."""
    return f"{SUBJECT_PREFIX} {submission}: {what}" if submission is not None else f"{SUBJECT_PREFIX} {what}"


def _link(name, *args):
    """An address people can open from their mail program."""
    return settings.SITE_URL.rstrip("/") + reverse(name, args=args)


RESET_TEMPLATE = "registration/password_reset_email.txt"


def _password_reset(notification):
    """The reset link is made now, so it is valid from the moment it is sent and no token is ever
    stored; only to an account that may still reset as Django decides (active, a usable password)."""
    user = notification.user
    if not (user.is_active and user.has_usable_password() and user.email):
        return [], "", RESET_TEMPLATE, {}
    link = _link("password_reset_confirm", urlsafe_base64_encode(force_bytes(user.pk)),
                 default_token_generator.make_token(user))
    subject = subject_line("".join(render_to_string("registration/password_reset_subject.txt").splitlines()))
    return [user.email], subject, RESET_TEMPLATE, {"user": user, "link": link}


# Messages that apps above this one write, by kind: notification -> (recipients, subject, template, context).
# People fills in the invitation's in its AppConfig.ready, so its link is made when the mail leaves.
MESSAGE_WRITERS = {}


@dataclass(frozen=True)
class About:
    """Who hears of a kind of notification on a submission, the subject's words, and the page it links to:
    each a function of the notification."""

    people: Callable
    what: Callable
    link: Callable


def _kpi(query):
    return query.value.data_point.kpi.code


ABOUT = {
    Notification.SUBMITTED: About(
        people=lambda n: _secretariat().union(_verifiers(n.submission)),
        what=lambda n: _("submitted for verification"),
        link=lambda n: _link("verification:assign", n.submission.pk)),
    Notification.ASSIGNED: About(
        people=lambda n: _active_users().filter(pk=getattr(n.assignment, "verifier_id", None)),
        what=lambda n: _("verifier assigned"),
        link=lambda n: _link("verification:review", n.submission.pk)),
    Notification.QUERY_RAISED: About(
        people=lambda n: _city_staff(n.submission),
        what=lambda n: _("verifier's question on %(kpi)s") % {"kpi": _kpi(n.query)},
        link=lambda n: _link("verification:query", n.query.pk)),
    Notification.RETURNED: About(
        people=lambda n: _city_staff(n.submission),
        what=lambda n: _("%(kpi)s returned for correction") % {"kpi": _kpi(n.query)},
        link=lambda n: _link("submissions:value_edit", n.query.value_id)),
    Notification.CORRECTED: About(
        people=lambda n: _verifiers(n.submission).union(_active_users().filter(pk=n.query.raised_by_id)),
        what=lambda n: _("%(kpi)s corrected, %(before)s → %(after)s") % {
            "kpi": _kpi(n.query), "before": n.query.corrected_from, "after": n.query.corrected_to},
        link=lambda n: _link("verification:review", n.submission.pk) + f"#value-{n.query.value_id}"),
    Notification.QUERY_ANSWERED: About(
        people=lambda n: _verifiers(n.submission).union(_active_users().filter(pk=n.query.raised_by_id)),
        what=lambda n: _("question on %(kpi)s answered") % {"kpi": _kpi(n.query)},
        link=lambda n: _link("verification:query", n.query.pk)),
    Notification.REPORT_READY: About(
        people=lambda n: _city_staff(n.submission).union(_verifiers(n.submission)),
        what=lambda n: _("report ready"),
        link=lambda n: _link("reports:submission", n.submission.pk)),
    Notification.PUBLISHED: About(
        people=lambda n: _city_staff(n.submission).union(_verifiers(n.submission)),
        what=lambda n: _("report published"),
        link=lambda n: _link("reports:submission", n.submission.pk)),
    Notification.WITHDRAWN: About(
        people=lambda n: _city_staff(n.submission).union(_verifiers(n.submission)),
        what=lambda n: _("publication withdrawn"),
        link=lambda n: _link("verification:history", n.submission.pk)),
    Notification.DATA_DUE: About(
        people=lambda n: _city_staff(n.submission),
        what=lambda n: _("data due %(date)s") % {
            "date": date_format(n.submission.cycle.submission_deadline)},
        link=lambda n: _link("submissions:overview", n.submission.pk)),
    Notification.REVIEW_DUE: About(
        people=lambda n: _verifiers(n.submission),
        what=lambda n: _("verification due %(date)s") % {
            "date": date_format(n.submission.cycle.verification_deadline)},
        link=lambda n: _link("verification:review", n.submission.pk)),
    Notification.SIGNED_OFF: About(
        people=lambda n: _city_staff(n.submission).union(_secretariat()),
        what=lambda n: _("verified and signed off"),
        link=lambda n: _link("verification:history", n.submission.pk)),
}


def _message(notification):
    """Recipients, subject, the body's template and its context of one notification."""
    if notification.kind == Notification.PASSWORD_RESET:
        return _password_reset(notification)
    if notification.kind in MESSAGE_WRITERS:
        return MESSAGE_WRITERS[notification.kind](notification)
    submission, query = notification.submission, notification.query
    about = ABOUT[notification.kind]
    people, what, link = about.people(notification), about.what(notification), about.link(notification)
    subject = subject_line(what, submission)
    recipients = sorted({user.email for user in people})
    last_message = query.messages.order_by("-created_at", "-pk").first() if query else None
    context = {"notification": notification, "submission": submission, "query": query,
               "message": last_message, "link": link, "withdrawal": _withdrawal(notification)}
    return recipients, subject, "verification/email/notification.txt", context


def _withdrawal(notification):
    """The event of the withdrawal a notification tells of, with its reason (None for other kinds)."""
    if notification.kind != Notification.WITHDRAWN:
        return None
    return notification.submission.events.filter(action="withdrawn", at__lte=notification.created_at).last()


def _languages(emails):
    """Each recipient's language, by address: their Profile's, English for a person without one."""
    chosen = dict(get_user_model().objects.filter(email__in=emails, profile__isnull=False)
                  .values_list("email", "profile__language"))
    return {email: chosen.get(email) or settings.LANGUAGE_CODE for email in emails}


def _mails(notification):
    """The mails of one notification, one per language among its recipients so each person reads theirs
    in their own, and what is recorded of it: every recipient and the English subject.

    The message is written again under each other language, so its subject, dates and words are in it."""
    with translation.override(settings.LANGUAGE_CODE):
        recipients, english_subject, template, context = _message(notification)
    by_language = {}
    for email, language in _languages(recipients).items():
        by_language.setdefault(language, []).append(email)
    mails = []
    for language, emails in sorted(by_language.items()):
        with translation.override(language):
            if language == settings.LANGUAGE_CODE:
                subject = english_subject
            else:
                _recipients, subject, template, context = _message(notification)
            mails.append((subject, render_to_string(template, context), emails))
    return recipients, english_subject, mails


def notification_send(*, notification_id):
    """Send one claimed notification and record the outcome."""
    notification = Notification.objects.select_related("submission__city", "submission__cycle",
                                                       "query__value__data_point__kpi", "assignment",
                                                       "user").get(pk=notification_id)
    try:
        recipients, subject, mails = _mails(notification)
        for language_subject, body, emails in mails:
            send_mail(language_subject, body, settings.DEFAULT_FROM_EMAIL, emails)
    except Exception as error:
        # The task's boundary: whatever fails here (the mail server, a template), the notification
        # is marked failed with its error and the resend sweep tries it again for a day, instead
        # of the worker losing it.
        logger.exception("Notification %s failed", notification_id)
        Notification.objects.filter(pk=notification_id).update(state=Notification.FAILED, error=str(error)[:2000])
        return notification
    Notification.objects.filter(pk=notification_id).update(
        state=Notification.SENT, recipients=recipients, subject=subject[:200], sent_at=timezone.now()
    )
    return notification
