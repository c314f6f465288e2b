"""The one door of the people console: the secretariat only (never the admin's staff status); anyone signed in
for their own account page."""
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied

from submissions import roles


def secretariat_required(view):
    @login_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not roles.is_secretariat(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped
