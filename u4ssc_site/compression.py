"""Compressed responses, except where compression would leak a secret (BREACH).

BREACH reads a secret out of a compressed page by making the browser ask for it many times with text of the
attacker's beside the secret and watching the size. Django masks the CSRF token anew for every response, so
it does not repeat; the pages below show a secret that stays the same from one request to the next (the
authenticator key of a second factor being set up) beside a `next` address the request chose, so they are
sent uncompressed.
"""
from django.middleware.gzip import GZipMiddleware

UNCOMPRESSED_URL_NAMES = frozenset({"people:second_factor_setup"})


class SiteGZipMiddleware(GZipMiddleware):
    def process_response(self, request, response):
        match = getattr(request, "resolver_match", None)
        if match is not None and match.view_name in UNCOMPRESSED_URL_NAMES:
            return response
        return super().process_response(request, response)
