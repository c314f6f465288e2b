"""Who may change the catalogue (targets, SDG mappings) from its pages: the one place kpis' views ask.

kpis sits below the apps that know the roles, so it asks Django's permissions: the
secretariat's group holds the catalogue's permissions (submissions/roles.py), a superuser all.
"""
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext


def can_edit_targets(user):
    """Set, remove and import targets: each makes a new targets edition."""
    return user.is_authenticated and user.has_perms(("kpis.add_target", "kpis.change_target", "kpis.delete_target"))


def require_edit_targets(user):
    """A 403 for anyone signed in who may read the targets but not change them."""
    if not can_edit_targets(user):
        raise PermissionDenied(gettext("Only the secretariat changes targets."))
def may_edit_catalogue(user):
    return user.is_authenticated and user.has_perm("kpis.change_kpi")


def require_catalogue_editor(request):
    """A 403 for anyone who may not edit the catalogue."""
    if not may_edit_catalogue(request.user):
        raise PermissionDenied
