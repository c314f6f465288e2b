"""What the people console reads: people with their role, cities and invitation; cities; the audit log."""
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db.models import Count, Prefetch
from django.utils.translation import pgettext_lazy

from submissions import roles
from submissions.models import City, Membership, Profile

from .models import AuditEntry

AUDIT_PAGE = 200


def people_list(*, role="", city=None):
    """Everyone, with groups, cities and invitation in three queries whatever their number; by role and city."""
    people = (get_user_model().objects.select_related("invitation__invited_by")
              .prefetch_related(Prefetch("groups", queryset=Group.objects.only("name")),
                                Prefetch("memberships", queryset=Membership.objects.select_related("city")))
              .order_by("last_name", "first_name", "username"))
    if role:
        people = people.filter(groups__name=role)
    if city is not None:
        people = people.filter(memberships__city=city)
    return people


def role_name(person):
    """The person's role as the console shows it (from prefetched groups)."""
    names = {group.name for group in person.groups.all()}
    for role in (roles.SECRETARIAT, roles.VERIFIER, roles.CITY_STAFF):
        if role in names:
            return role
    return ADMINISTRATOR if person.is_superuser else NO_ROLE


ADMINISTRATOR = "Administrator"
NO_ROLE = "No role"
# What each role is called on the pages (role names themselves are the groups' names, kept in English).
ROLE_LABELS = {
    roles.CITY_STAFF: pgettext_lazy("role", "City staff"),
    roles.VERIFIER: pgettext_lazy("role", "Verifier"),
    roles.SECRETARIAT: pgettext_lazy("role", "Secretariat"),
    ADMINISTRATOR: pgettext_lazy("role", "Administrator"),
    NO_ROLE: pgettext_lazy("role", "No role"),
}


def role_label(role):
    """A role's name in the reader's language ("" for none)."""
    return ROLE_LABELS.get(role, role)


def person_language(person):
    """The language the person chose and saved, or None if they never chose one."""
    return Profile.objects.filter(user=person).values_list("language", flat=True).first()


def person_cities(person):
    return sorted((membership.city for membership in person.memberships.all()), key=lambda city: city.name)


def cities_list():
    return City.objects.annotate(member_count=Count("memberships")).order_by("name")


def audit_list(*, person=None, city=None):
    entries = AuditEntry.objects.select_related("actor", "person", "city")
    if person is not None:
        entries = entries.filter(person=person)
    if city is not None:
        entries = entries.filter(city=city)
    return entries[:AUDIT_PAGE]
