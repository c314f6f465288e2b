"""The home page: what the platform is, and where each role starts; the health check; the favicon's old address."""
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.views.decorators.cache import cache_control


def home(request):
    return render(request, "home.html")


def healthz(request):
    """For load balancers and the compose health check: the process answers and the database too."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


@cache_control(max_age=86400, public=True)
def favicon(request):
    """Browsers and feed readers ask /favicon.ico whatever the page links: send them to the static file."""
    return redirect(static("img/favicon.ico"), permanent=True)
