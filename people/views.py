"""Pages of the people console (the secretariat), the invitation's link, the account page and the second step."""
import base64
import io

from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import SetPasswordForm
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.encoding import force_str
from django.utils.http import url_has_allowed_host_and_scheme, urlencode, urlsafe_base64_decode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp import devices_for_user, user_has_device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.qr import write_qrcode_image

from submissions.models import City

from . import selectors, services
from .forms import AuditFilterForm, CityForm, CodeForm, InviteForm, PeopleFilterForm, RoleForm
from .invitations import invitation_tokens, valid_days
from .permissions import secretariat_required
from .second_factor import HAS_DEVICE, is_required_for


def _refused(form, refusal):
    """A service's ValidationError beside the fields it names, the rest at the top of the form."""
    if hasattr(refusal, "error_dict"):
        for field, errors in refusal.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, refusal.messages)


def _next_url(request, default="home"):
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return reverse(default)


# Cities


@secretariat_required
def city_list(request):
    return render(request, "people/city_list.html", {"cities": selectors.cities_list()})


@secretariat_required
def city_create(request):
    form = CityForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            city = services.city_add(actor=request.user, **form.cleaned_data)
        except ValidationError as refusal:
            _refused(form, refusal)
        else:
            messages.success(request, _("%(city)s is created.") % {"city": city})
            return redirect("people:city_list")
    return render(request, "people/city_form.html", {"form": form, "city": None})


@secretariat_required
def city_edit(request, pk):
    city = get_object_or_404(City, pk=pk)
    initial = {name: getattr(city, name) for name in ("name", "country", "slug", "population_band", "currency", "report_language")}
    form = CityForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            city = services.city_edit(actor=request.user, city=city, **form.cleaned_data)
        except ValidationError as refusal:
            _refused(form, refusal)
        else:
            messages.success(request, _("%(city)s is saved.") % {"city": city})
            return redirect("people:city_list")
    return render(request, "people/city_form.html", {"form": form, "city": city})


# People


@secretariat_required
def people_list(request):
    filters = PeopleFilterForm(request.GET or None)
    role, city = "", None
    if filters.is_valid():
        role, city = filters.cleaned_data["role"], filters.cleaned_data["city"]
    people = [(person, selectors.role_label(selectors.role_name(person)), selectors.person_cities(person))
              for person in selectors.people_list(role=role, city=city)]
    return render(request, "people/people_list.html", {"people": people, "filters": filters})


@secretariat_required
def person_invite(request):
    form = InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            person = services.person_invite(actor=request.user, **form.cleaned_data)
        except ValidationError as refusal:
            _refused(form, refusal)
        else:
            days = valid_days()
            messages.success(request, ngettext(
                "The invitation to %(email)s is on its way; its link works for %(days)s day.",
                "The invitation to %(email)s is on its way; its link works for %(days)s days.",
                days) % {"email": person.email, "days": days})
            return redirect("people:people_list")
    return render(request, "people/invite.html", {"form": form})


def _person(pk):
    return get_object_or_404(selectors.people_list(), pk=pk)


@secretariat_required
def person_detail(request, pk):
    person = _person(pk)
    cities = selectors.person_cities(person)
    form = RoleForm(request.POST or None, initial={"role": selectors.role_name(person), "cities": cities})
    if request.method == "POST" and form.is_valid():
        try:
            services.person_update(actor=request.user, person=person, **form.cleaned_data)
        except ValidationError as refusal:
            _refused(form, refusal)
        else:
            messages.success(request, _("%(person)s: role and cities are saved.") % {
                "person": person.get_full_name() or person.username})
            return redirect("people:person", pk=person.pk)
    return render(request, "people/person.html", {
        "person": person, "role": selectors.role_label(selectors.role_name(person)), "cities": cities, "form": form,
        "has_device": user_has_device(person), "entries": selectors.audit_list(person=person)[:20],
        "invitation": getattr(person, "invitation", None),
    })


def _person_action(request, pk, service, done):
    person = _person(pk)
    try:
        service(actor=request.user, person=person)
    except ValidationError as refusal:
        messages.error(request, " ".join(refusal.messages))
    else:
        messages.success(request, done % {"person": person.get_full_name() or person.username})
    return redirect("people:person", pk=person.pk)


@require_POST
@secretariat_required
def person_deactivate(request, pk):
    return _person_action(request, pk, services.person_deactivate,
                          gettext_lazy("%(person)s is deactivated: they can no longer sign in."))


@require_POST
@secretariat_required
def person_reactivate(request, pk):
    return _person_action(request, pk, services.person_reactivate, gettext_lazy("%(person)s is active again."))


@require_POST
@secretariat_required
def invitation_resend(request, pk):
    return _person_action(request, pk, services.invitation_resend,
                          gettext_lazy("The invitation to %(person)s is sent again."))


@require_POST
@secretariat_required
def second_factor_reset(request, pk):
    return _person_action(request, pk, services.second_factor_reset,
                          gettext_lazy("The two-factor sign-in of %(person)s is reset: they set up a new one at "
                                       "their next sign-in."))


@secretariat_required
def audit(request):
    filters = AuditFilterForm(request.GET or None)
    person = city = None
    if filters.is_valid():
        person, city = filters.cleaned_data["person"], filters.cleaned_data["city"]
    return render(request, "people/audit.html", {"entries": selectors.audit_list(person=person, city=city),
                                                 "filters": filters, "page_size": selectors.AUDIT_PAGE})


# The invitee


def invitation_accept(request, uidb64, token):
    try:
        person = get_user_model().objects.get(pk=force_str(urlsafe_base64_decode(uidb64)))
    except (TypeError, ValueError, OverflowError, get_user_model().DoesNotExist):
        person = None
    valid = (person is not None and person.is_active and not person.has_usable_password()
             and invitation_tokens.check_token(person, token))
    if not valid:
        return render(request, "people/invitation_accept.html", {"valid": False, "days": valid_days()})
    form = SetPasswordForm(person, request.POST or None)
    if request.method == "POST" and form.is_valid():
        person = services.invitation_accept(person=person, password=form.cleaned_data["new_password1"])
        login(request, person, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, _("Welcome: your password is set and you are signed in."))
        return redirect("home")
    return render(request, "people/invitation_accept.html", {"valid": True, "form": form, "person": person})


# One's own account and the second step


@login_required
def account(request):
    user = request.user
    return render(request, "people/account.html", {
        "role": selectors.role_label(selectors.role_name(user)), "cities": sorted((m.city for m in user.memberships.select_related("city")),
                                                           key=lambda city: city.name),
        "has_device": user_has_device(user), "required": is_required_for(user),
        "recovery_left": StaticToken.objects.filter(device__user=user).count(),
    })


def _qr_code(device):
    out = io.BytesIO()
    write_qrcode_image(device.config_url, out)
    return "data:image/svg+xml;base64," + base64.b64encode(out.getvalue()).decode()


def _secret(device):
    secret = base64.b32encode(device.bin_key).decode()
    return " ".join(secret[start:start + 4] for start in range(0, len(secret), 4))


@login_required
def second_factor_setup(request):
    user = request.user
    if user_has_device(user):
        if not user.is_verified():
            return redirect(reverse("people:second_factor_verify") + "?" + urlencode({"next": _next_url(request)}))
        messages.info(request, _("Two-factor sign-in is already on. To start again, ask the secretariat to reset it."))
        return redirect("people:account")
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first() or services.second_factor_begin(person=user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["code"]):
            codes = services.second_factor_confirm(person=user, device=device)
            device.refresh_from_db()
            otp_login(request, device)
            request.session.pop(HAS_DEVICE, None)
            return render(request, "people/recovery_codes.html", {"codes": codes, "next": _next_url(request)})
        form.add_error("code", _("This code is not the one your app shows now: type the 6 digits it shows, "
                                 "before they change. Each wrong code makes the next try wait longer (a second, "
                                 "then two, four…)."))
    return render(request, "people/second_factor_setup.html", {
        "form": form, "qr_code": _qr_code(device), "secret": _secret(device), "required": is_required_for(user),
        "next": _next_url(request),
    })


def _device_for_code(user, code):
    """The device that accepts the code: six digits are the app's, anything else a recovery code. Each kind is
    tried only by its own device, so a recovery code never counts as a wrong app code (which slows the next try)."""
    kind = TOTPDevice if len(code) == 6 and code.isdigit() else StaticDevice
    for device in devices_for_user(user):
        if isinstance(device, kind) and device.verify_token(code):
            return device
    return None


@login_required
def second_factor_verify(request):
    user = request.user
    if user.is_verified():
        return redirect(_next_url(request))
    if not user_has_device(user):
        request.session.pop(HAS_DEVICE, None)
        if is_required_for(user):
            return redirect(reverse("people:second_factor_setup") + "?" + urlencode({"next": _next_url(request)}))
        return redirect(_next_url(request))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = _device_for_code(user, form.cleaned_data["code"])
        if device is not None:
            otp_login(request, device)
            request.session.pop(HAS_DEVICE, None)
            if isinstance(device, StaticDevice):
                left = StaticToken.objects.filter(device__user=user).count()
                messages.warning(request, ngettext(
                    "You signed in with a recovery code, which is now used up: %(left)s left.",
                    "You signed in with a recovery code, which is now used up: %(left)s left.",
                    left) % {"left": left})
            return redirect(_next_url(request))
        form.add_error("code", _("This code is not right, or it was used already: type the 6 digits your app "
                                 "shows now, or one of your unused recovery codes. Each wrong code makes the next "
                                 "try wait longer (a second, then two, four…)."))
    return render(request, "people/second_factor_verify.html", {"form": form, "next": _next_url(request)})
