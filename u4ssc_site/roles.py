"""The three roles of the platform, as Django groups, and how to ask for them."""
from django.contrib.auth.models import Group

CITY_STAFF = "City staff"
VERIFIER = "Verifier"
SECRETARIAT = "Secretariat"
ROLES = (CITY_STAFF, VERIFIER, SECRETARIAT)


def ensure_groups():
    return {name: Group.objects.get_or_create(name=name)[0] for name in ROLES}


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
