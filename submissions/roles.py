"""The three roles of the platform, as Django groups, and how to ask for them."""
from django.contrib.auth.models import Group, Permission
from django.db.models import Q
from django.db.models.signals import post_migrate
from django.dispatch import receiver

CITY_STAFF = "City staff"
VERIFIER = "Verifier"
SECRETARIAT = "Secretariat"
ROLES = (CITY_STAFF, VERIFIER, SECRETARIAT)

CATALOGUE_MODELS = ("edition", "dimension", "subdimension", "category", "kpi", "datapoint", "target")
# The Django permissions of the secretariat (with is_staff, for the admin): the catalogue and its
# targets, and people's accounts. Accounts are switched off, never deleted, so who entered, reviewed
# or signed what stays known. Cities, memberships, report texts and the verification records are
# opened to the role by their own admin pages.
SECRETARIAT_PERMISSIONS = {
    "kpis": [f"{action}_{model}" for model in CATALOGUE_MODELS for action in ("view", "add", "change", "delete")],
    "auth": ["view_user", "add_user", "change_user"],
}


def ensure_groups():
    """The three groups, the secretariat with its permissions (those that exist yet); safe to run again."""
    groups = {name: Group.objects.get_or_create(name=name)[0] for name in ROLES}
    wanted = Q()
    for app_label, codenames in SECRETARIAT_PERMISSIONS.items():
        wanted |= Q(content_type__app_label=app_label, codename__in=codenames)
    groups[SECRETARIAT].permissions.add(*Permission.objects.filter(wanted))
    return groups


def _group_names(user):
    if not user.is_authenticated:
        return frozenset()
    cached = getattr(user, "_role_names", None)
    if cached is None:
        cached = frozenset(user.groups.values_list("name", flat=True))
        user._role_names = cached
    return cached


def is_secretariat(user):
    return user.is_authenticated and (user.is_superuser or SECRETARIAT in _group_names(user))


def is_verifier(user):
    return VERIFIER in _group_names(user)


def is_city_staff(user):
    return CITY_STAFF in _group_names(user)


def roles_context(request):
    user = request.user
    return {
        "is_secretariat": is_secretariat(user),
        "is_verifier": is_verifier(user),
        "is_city_staff": is_city_staff(user),
    }


@receiver(post_migrate, dispatch_uid="roles.groups_on_migrate")
def groups_on_migrate(sender, app_config, **kwargs):
    """After migrate: an existing database gets the groups and the permissions of any release.

    migrate creates each app's permissions just before this runs for that app.
    """
    if app_config.label in SECRETARIAT_PERMISSIONS:
        ensure_groups()
