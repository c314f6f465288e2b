"""The home page: what the platform is, and where each role starts."""
from django.shortcuts import render


def home(request):
    return render(request, "home.html")


def healthz(request):
    """For load balancers and the compose health check: the process answers and the database too."""
    from django.db import connection
    from django.http import JsonResponse

    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
