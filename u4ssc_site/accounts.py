"""Passwords: reset by e-mail through the notifications outbox, and changed with the current one, whose wrong
guesses lock the account like failed log-ins (django-axes); a completed reset or change lifts that lock."""
from axes.handlers.proxy import AxesProxyHandler
from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import views as auth_views
from django.contrib.auth.signals import user_login_failed
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy

from verification.models import Notification
from verification.tasks import notification_queue

LOCKED = gettext_lazy("Too many wrong passwords: this account is locked for 15 minutes, and the password you typed "
                      "was not checked. Try again later, or reset your password by e-mail, which lifts the lock.")


class LoginForm(auth_forms.AuthenticationForm):
    """Django's log-in form, its error (which belongs to neither field alone) tied to both fields: each is
    marked invalid and described by the error summary's message (templates/includes/error_summary_form.html)."""

    ERROR_ID = "error-1"

    def full_clean(self):
        super().full_clean()
        if self.non_field_errors():
            for name in ("username", "password"):
                self.fields[name].widget.attrs.update({"aria-invalid": "true", "aria-describedby": self.ERROR_ID})


class PasswordResetForm(auth_forms.PasswordResetForm):
    """Django's form and its choice of accounts (active, with a usable password), but the mail goes through
    the outbox: kept and sent again when the broker or a worker fails, with its link made from SITE_URL
    when it is sent. The page answers the same whether or not an account has the address."""

    def save(self, **kwargs):
        with transaction.atomic():
            for user in self.get_users(self.cleaned_data["email"]):
                notification_queue(kind=Notification.PASSWORD_RESET, user=user)


class PasswordChangeForm(auth_forms.PasswordChangeForm):
    def __init__(self, user, *args, request, **kwargs):
        self.request = request
        super().__init__(user, *args, **kwargs)

    def clean_old_password(self):
        credentials = {"username": self.user.get_username()}
        if settings.AXES_ENABLED and not AxesProxyHandler.is_allowed(self.request, credentials):
            raise ValidationError(LOCKED, code="locked")
        old_password = self.cleaned_data["old_password"]
        if self.user.check_password(old_password):
            return old_password
        user_login_failed.send(sender=__name__, credentials=credentials, request=self.request)
        if getattr(self.request, "axes_locked_out", False):
            # The guess that locked the account: said beside the field, as the next ones are,
            # rather than by django-axes' page for a log-in.
            self.request.axes_locked_out = False
            raise ValidationError(LOCKED, code="locked")
        raise ValidationError(self.error_messages["password_incorrect"], code="password_incorrect")


class LockLifted:
    """A new password set with the current one or through the e-mailed link proves the person owns the
    account, so the lock that failed log-ins or wrong guesses put on it (django-axes) ends with it."""

    def form_valid(self, form):
        response = super().form_valid(form)
        axes_reset(username=form.user.get_username())
        return response


class PasswordChangeView(LockLifted, auth_views.PasswordChangeView):
    form_class = PasswordChangeForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "request": self.request}


class PasswordResetConfirmView(LockLifted, auth_views.PasswordResetConfirmView):
    pass


password_reset = auth_views.PasswordResetView.as_view(form_class=PasswordResetForm)
password_reset_done = auth_views.PasswordResetDoneView.as_view()
password_reset_confirm = PasswordResetConfirmView.as_view(success_url=reverse_lazy("password_reset_complete"))
password_reset_complete = auth_views.PasswordResetCompleteView.as_view()
password_change = PasswordChangeView.as_view()
