"""The 403, 404 and 500 pages look like the site and lead somewhere; the 500 page needs no database."""
import pytest
from django.test import Client
from django.urls import reverse

NAVIGATION = ('href="/catalogue/"', 'href="/explore/"', 'href="/"')


@pytest.fixture
def production(settings):
    settings.DEBUG = False
    settings.ALLOWED_HOSTS = ["testserver"]


@pytest.mark.django_db
def test_a_missing_page_says_so_in_the_site_layout(client, production):
    response = client.get("/no-such-page/")
    page = response.content.decode()
    assert response.status_code == 404
    assert "<h1>Page not found</h1>" in page
    assert 'class="navbar' in page and "Skip to content" in page
    assert all(link in page for link in NAVIGATION)
    assert 'href="/accounts/login/"' in page, "an anonymous visitor is offered the login"


@pytest.mark.django_db
def test_a_refused_page_says_so_in_the_site_layout(client, production, city_user):
    client.force_login(city_user)
    response = client.get(reverse("programme:dashboard"))
    page = response.content.decode()
    assert response.status_code == 403
    assert "<h1>You may not do this</h1>" in page
    assert 'class="navbar' in page and all(link in page for link in NAVIGATION)
    assert 'href="/accounts/login/"' not in page


@pytest.mark.django_db
def test_a_failing_page_shows_the_500_page_without_touching_the_database(production, settings, django_assert_num_queries):
    settings.ROOT_URLCONF = "tests.site.error_urls"
    client = Client(raise_request_exception=False)
    with django_assert_num_queries(0):
        response = client.get("/broken/")
    page = response.content.decode()
    assert response.status_code == 500
    assert "<h1>Something went wrong on our side</h1>" in page
    assert 'class="navbar' in page and all(link in page for link in NAVIGATION)
    assert "a page that fails" not in page, "the error itself is not shown"


@pytest.mark.django_db
def test_the_favicon_is_linked_and_its_old_address_leads_to_it(client):
    page = client.get(reverse("home")).content.decode()
    assert 'rel="icon" href="/static/img/favicon.svg" type="image/svg+xml"' in page
    assert 'rel="icon" href="/static/img/favicon.png"' in page
    response = client.get("/favicon.ico")
    assert response.status_code == 301 and response["Location"] == "/static/img/favicon.ico"
