"""Every change the people console makes: cities, invitations, roles and cities of people, accounts switched off
and on, second factors. One transaction each, and each writes its audit entry in it."""
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from submissions import roles
from submissions.models import City, Membership, Profile
from submissions.services import city_create, city_update
from submissions.stamps import people_changed
from verification.models import Notification
from verification.tasks import notification_queue

from .models import AuditEntry, Invitation

RECOVERY_CODES = 10


@transaction.atomic
def person_language_set(*, person, language):
    """The language a person chose for their pages and e-mails, kept on their profile (made on the first choice)."""
    if language not in dict(settings.LANGUAGES):
        raise ValidationError({"language": _("Not one of the site's languages: %(language)s")
                                           % {"language": language}})
    return Profile.objects.update_or_create(user=person, defaults={"language": language})[0]


def audit_record(*, actor, action, person=None, city=None, detail=""):
    return AuditEntry.objects.create(actor=actor, action=action, person=person, city=city, detail=detail[:500])


def _city_fields(city):
    return f"{city.name}, {city.country} ({city.slug}); {city.get_population_band_display() or 'no population band'}; " \
           f"{city.currency or 'no currency'}; report in {city.report_language}"


@transaction.atomic
def city_add(*, actor, slug, name, country, population_band, currency, report_language="en"):
    """A new city (a slug already taken is refused, not overwritten)."""
    if City.objects.filter(slug=slug).exists():
        raise ValidationError({"slug": _("Another city has this slug already: choose another.")})
    city = city_create(slug=slug, name=name, country=country, population_band=population_band, currency=currency,
                       report_language=report_language)
    audit_record(actor=actor, action=AuditEntry.CITY_CREATED, city=city, detail=_city_fields(city))
    return city


@transaction.atomic
def city_edit(*, actor, city, slug, name, country, population_band, currency, report_language=None):
    before = _city_fields(city)
    if City.objects.filter(slug=slug).exclude(pk=city.pk).exists():
        raise ValidationError({"slug": _("Another city has this slug already: choose another.")})
    city = city_update(city=city, slug=slug, name=name, country=country, population_band=population_band,
                       currency=currency, report_language=report_language or city.report_language)
    after = _city_fields(city)
    if after != before:
        audit_record(actor=actor, action=AuditEntry.CITY_EDITED, city=city, detail=f"{before} → {after}")
    return city


def _check_role(role, cities):
    if role not in roles.ROLES:
        raise ValidationError({"role": _("Choose one of the roles.")})
    if role == roles.CITY_STAFF and not cities:
        raise ValidationError({"cities": _("City staff belong to at least one city: choose it.")})
    if role != roles.CITY_STAFF and cities:
        raise ValidationError({"cities": _("Only city staff belong to cities: clear them for a verifier.")
                               if role == roles.VERIFIER
                               else _("Only city staff belong to cities: clear them for a secretariat.")})


def _role_set(user, role):
    groups = roles.ensure_groups()
    user.groups.remove(*[groups[name] for name in roles.ROLES if name != role])
    user.groups.add(groups[role])


@transaction.atomic
def person_invite(*, actor, email, first_name, last_name, role, cities):
    """An account with no usable password, its role and cities, and the invitation e-mail (through the outbox;
    its one-time link is made when it leaves)."""
    User = get_user_model()
    email = email.strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        raise ValidationError({"email": _("Give a valid e-mail address, e.g. name@city.example.")})
    if len(email) > User._meta.get_field("username").max_length:
        raise ValidationError({"email": _("This address is too long to be a user name.")})
    if User.objects.filter(email__iexact=email).exists() or User.objects.filter(username__iexact=email).exists():
        raise ValidationError({"email": _("Someone has an account with this address already: find them in the list.")})
    _check_role(role, cities)
    person = User(username=email, email=email, first_name=first_name.strip(), last_name=last_name.strip())
    person.set_unusable_password()
    person.full_clean(exclude=["password"])
    person.save()
    _role_set(person, role)
    Membership.objects.bulk_create(Membership(user=person, city=city) for city in cities)
    people_changed()  # bulk_create sends no post_save
    Invitation.objects.create(person=person, invited_by=actor, last_sent_at=timezone.now())
    notification_queue(kind=Notification.INVITATION, user=person)
    where = f" of {'; '.join(city.name for city in cities)}" if cities else ""
    audit_record(actor=actor, action=AuditEntry.INVITED, person=person, detail=f"as {role.lower()}{where}")
    return person


@transaction.atomic
def invitation_resend(*, actor, person):
    """A new e-mail with a new link, for an invitation not accepted yet (the old link still works until it lapses)."""
    invitation = Invitation.objects.select_for_update().filter(person=person, accepted_at__isnull=True).first()
    if invitation is None or person.has_usable_password() or not person.is_active:
        raise ValidationError(_("Only an open invitation of an active account can be sent again."))
    invitation.last_sent_at = timezone.now()
    invitation.save(update_fields=["last_sent_at"])
    notification_queue(kind=Notification.INVITATION, user=person)
    audit_record(actor=actor, action=AuditEntry.INVITATION_RESENT, person=person)


@transaction.atomic
def invitation_accept(*, person, password):
    """The invitee's own password (validated by the caller's SetPasswordForm); the link is spent with it."""
    person = get_user_model().objects.select_for_update().get(pk=person.pk)
    person.set_password(password)
    person.save(update_fields=["password"])
    Invitation.objects.filter(person=person, accepted_at__isnull=True).update(accepted_at=timezone.now())
    audit_record(actor=person, action=AuditEntry.INVITATION_ACCEPTED, person=person)
    return person


@transaction.atomic
def person_update(*, actor, person, role, cities):
    """A person's role and cities; each change is its own audit entry."""
    _check_role(role, cities)
    if person.pk == actor.pk and role != roles.SECRETARIAT:
        raise ValidationError({"role": _("You cannot take the secretariat role from yourself: ask a colleague.")})
    person = get_user_model().objects.select_for_update().get(pk=person.pk)
    before_role = ", ".join(sorted(person.groups.values_list("name", flat=True))) or "no role"
    if before_role != role:
        _role_set(person, role)
        audit_record(actor=actor, action=AuditEntry.ROLE_CHANGED, person=person, detail=f"{before_role} → {role}")
    current = {membership.city_id: membership.city for membership in person.memberships.select_related("city")}
    wanted = {city.pk: city for city in cities}
    removed = [current[pk] for pk in current.keys() - wanted.keys()]
    added = [wanted[pk] for pk in wanted.keys() - current.keys()]
    if removed:
        Membership.objects.filter(user=person, city__in=removed).delete()
    Membership.objects.bulk_create(Membership(user=person, city=city) for city in added)
    people_changed()  # bulk_create sends no post_save
    for city in added:
        audit_record(actor=actor, action=AuditEntry.MEMBERSHIP_CHANGED, person=person, city=city, detail="added")
    for city in removed:
        audit_record(actor=actor, action=AuditEntry.MEMBERSHIP_CHANGED, person=person, city=city, detail="removed")
    return person


@transaction.atomic
def person_deactivate(*, actor, person):
    """Switched off, never deleted: who entered, reviewed or signed what stays known."""
    if person.pk == actor.pk:
        raise ValidationError(_("You cannot deactivate your own account."))
    changed = get_user_model().objects.filter(pk=person.pk, is_active=True).update(is_active=False)
    if changed:
        people_changed()
        audit_record(actor=actor, action=AuditEntry.DEACTIVATED, person=person)


@transaction.atomic
def person_reactivate(*, actor, person):
    changed = get_user_model().objects.filter(pk=person.pk, is_active=False).update(is_active=True)
    if changed:
        people_changed()
        audit_record(actor=actor, action=AuditEntry.REACTIVATED, person=person)


@transaction.atomic
def second_factor_begin(*, person):
    """An unconfirmed authenticator device whose secret the setup page shows (a new one replaces an unconfirmed one)."""
    TOTPDevice.objects.filter(user=person, confirmed=False).delete()
    return TOTPDevice.objects.create(user=person, name="Authenticator app", confirmed=False)


@transaction.atomic
def second_factor_confirm(*, person, device):
    """The first right code confirms the device; ten recovery codes replace any earlier ones. The codes are
    returned to be shown once."""
    TOTPDevice.objects.filter(user=person).exclude(pk=device.pk).delete()
    TOTPDevice.objects.filter(pk=device.pk).update(confirmed=True)
    StaticDevice.objects.filter(user=person).delete()
    recovery = StaticDevice.objects.create(user=person, name="Recovery codes", confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=recovery, token=code) for code in codes)
    audit_record(actor=person, action=AuditEntry.SECOND_FACTOR_SET_UP, person=person)
    return codes


@transaction.atomic
def second_factor_reset(*, actor, person):
    """The person's authenticator and recovery codes are removed: they set up a new one at their next sign-in."""
    removed = TOTPDevice.objects.filter(user=person).delete()[0] + StaticDevice.objects.filter(user=person).delete()[0]
    if removed:
        audit_record(actor=actor, action=AuditEntry.SECOND_FACTOR_RESET, person=person)
    return removed
