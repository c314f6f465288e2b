"""Pages shown to a logged-in person are theirs: no shared cache (a proxy, a CDN) may keep them."""
from django.utils.cache import patch_cache_control


class PrivatePagesMiddleware:
    """Marks the HTML answers to a logged-in person `Cache-Control: private`, unless the view set its own."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (response.get("Content-Type", "").startswith("text/html") and not response.has_header("Cache-Control")
                and request.user.is_authenticated):
            patch_cache_control(response, private=True)
        return response
