from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog

from public.views import robots_txt

from . import accounts, language, metrics, views

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("metrics", metrics.metrics, name="metrics"),
    path("robots.txt", robots_txt, name="robots_txt"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("catalogue/", include("kpis.urls")),
    path("cities/", include("submissions.urls")),
    path("verification/", include("verification.urls")),
    path("reports/", include("reports.urls")),
    path("people/", include("people.urls")),
    path("programme/", include("programme.urls")),
    path("explore/", include("public.urls")),
    path("api/v1/", include("opendata.urls")),
    path("open-data/", include("opendata.bulk_urls")),
    path("accounts/login/", auth_views.LoginView.as_view(authentication_form=accounts.LoginForm), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password/", accounts.password_change, name="password_change"),
    path("accounts/password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("accounts/password/reset/", accounts.password_reset, name="password_reset"),
    path("accounts/password/reset/sent/", accounts.password_reset_done, name="password_reset_done"),
    path("accounts/password/reset/<uidb64>/<token>/", accounts.password_reset_confirm, name="password_reset_confirm"),
    path("accounts/password/reset/complete/", accounts.password_reset_complete, name="password_reset_complete"),
    # The language switch on every page (Django's set_language, and the choice saved on the account).
    path("i18n/setlang/", language.language_set, name="set_language"),
    # The translations of the scripts' text (gettext() and interpolate() in static/js).
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript_catalog"),
    path("admin/", admin.site.urls),
]
