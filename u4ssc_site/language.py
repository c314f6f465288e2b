"""Choosing the language of the site: the switch on every page, remembered for the person.

Anyone may switch (Django's set_language keeps the choice in the language cookie, which LocaleMiddleware
reads on every request). A signed-in person's choice is also saved on their account (submissions.Profile,
through people.services), and at each sign-in the saved language is set in the cookie again, so it follows
them to another browser; e-mails and reports read the Profile. A choice made before signing in, with no
saved one yet, is saved at the sign-in.
"""
from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.utils import translation
from django.views.decorators.http import require_POST
from django.views.i18n import set_language

from people.selectors import person_language
from people.services import person_language_set

SUPPORTED = {code for code, _ in settings.LANGUAGES}


@require_POST
def language_set(request):
    """The language switch's form posts here: the cookie for this browser, the account for the person."""
    response = set_language(request)
    language = request.POST.get("language")
    if language in SUPPORTED and request.user.is_authenticated:
        person_language_set(person=request.user, language=language)
    return response


@receiver(user_logged_in, dispatch_uid="u4ssc_language_at_sign_in")
def language_apply_at_sign_in(sender, request, user, **kwargs):
    """The language saved on the account applies from the sign-in on (the cookie is set on its response).
    Someone who has never saved one but switched before signing in keeps that choice, now on their account."""
    if request is None:
        return
    language = person_language(user)
    if language is None:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if chosen in SUPPORTED:
            person_language_set(person=user, language=chosen)
        return
    if language not in SUPPORTED:
        return
    translation.activate(language)
    request.LANGUAGE_CODE = language
    request.language_remembered = language


class LanguageCookieMiddleware:
    """Writes the language chosen at sign-in (language_apply_at_sign_in) into the language cookie."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        language = getattr(request, "language_remembered", None)
        if language:
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME, language,
                max_age=settings.LANGUAGE_COOKIE_AGE, path=settings.LANGUAGE_COOKIE_PATH,
                domain=settings.LANGUAGE_COOKIE_DOMAIN, secure=settings.LANGUAGE_COOKIE_SECURE,
                httponly=settings.LANGUAGE_COOKIE_HTTPONLY, samesite=settings.LANGUAGE_COOKIE_SAMESITE,
            )
        return response
