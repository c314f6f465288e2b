"""Who may change the catalogue from its pages: the one place kpis' views ask.

The secretariat holds the catalogue's Django permissions (submissions.roles gives them to its
group), so kpis asks for the permission and needs no knowledge of roles.
"""
from django.core.exceptions import PermissionDenied


def may_edit_catalogue(user):
    return user.is_authenticated and user.has_perm("kpis.change_kpi")


def require_catalogue_editor(request):
    """A 403 for anyone who may not edit the catalogue."""
    if not may_edit_catalogue(request.user):
        raise PermissionDenied
