"""Password reset by e-mail, Django's own views; a completed reset also lifts a login lock."""
from axes.utils import reset as axes_reset
from django.contrib.auth import views as auth_views
from django.urls import reverse_lazy


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Setting a new password through the e-mailed link proves the person owns the account,
    so the lock that failed log-ins put on it (django-axes) ends with it."""

    def form_valid(self, form):
        response = super().form_valid(form)
        axes_reset(username=form.user.get_username())
        return response


password_reset = auth_views.PasswordResetView.as_view(
    email_template_name="registration/password_reset_email.txt",
    subject_template_name="registration/password_reset_subject.txt",
)
password_reset_done = auth_views.PasswordResetDoneView.as_view()
password_reset_confirm = PasswordResetConfirmView.as_view(success_url=reverse_lazy("password_reset_complete"))
password_reset_complete = auth_views.PasswordResetCompleteView.as_view()
