"""The site's URLs and one page that fails, to see the 500 page as a person would."""
from django.urls import path

from u4ssc_site.urls import urlpatterns as site_urlpatterns


def broken(request):
    raise RuntimeError("a page that fails")


urlpatterns = [path("broken/", broken), *site_urlpatterns]
