"""Who must pass the second factor (a TOTP code or a recovery code) after the password, and the middleware that
holds them back until they have."""
from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django_otp import user_has_device

from submissions import roles

ROLE_TESTS = {"secretariat": roles.is_secretariat, "verifier": roles.is_verifier, "city staff": roles.is_city_staff}
# Set at sign-in for a person with a device: the step is asked whatever their role.
HAS_DEVICE = "people.second_factor.has_device"


def is_required_for(user):
    """settings.OTP_REQUIRED_FOR names the roles that must pass a second factor (all but city staff whenever
    debug is off); when it is empty this asks the database nothing."""
    return any(ROLE_TESTS[role](user) for role in settings.OTP_REQUIRED_FOR)


def is_switched_off():
    return not settings.OTP_REQUIRED_FOR


@receiver(user_logged_in, dispatch_uid="people.second_factor.remember_device")
def remember_device(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        if user_has_device(user):
            request.session[HAS_DEVICE] = True
        else:
            request.session.pop(HAS_DEVICE, None)


def pending_step(request):
    """None when this person may go on; otherwise the URL name of the step still to take: the code (anyone with
    a device, or a role that requires one and has it) or setting a device up (a role that requires one)."""
    user = request.user
    if not user.is_authenticated or user.is_verified():
        return None
    if request.session.get(HAS_DEVICE):
        return "people:second_factor_verify"
    if is_required_for(user):
        return "people:second_factor_verify" if user_has_device(user) else "people:second_factor_setup"
    return None


class SecondFactorMiddleware:
    """Every page but the second step itself, logging out and the health check waits until the step is taken:
    no secretariat or verifier page is reachable without a verified second factor where one is required."""

    OPEN_URL_NAMES = {"people:second_factor_verify", "people:second_factor_setup", "logout", "healthz",
                      "set_language", "javascript_catalog"}

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.resolver_match.view_name in self.OPEN_URL_NAMES:
            return None
        step = pending_step(request)
        if step is None:
            return None
        return redirect(reverse(step) + "?" + urlencode({"next": request.get_full_path()}))
