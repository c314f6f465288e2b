"""Pages are compressed for browsers that accept it; the CSRF token differs in every response (so compression
gives BREACH nothing that repeats), and the page showing a second factor's key beside a chosen `next` address
is never compressed."""
import gzip
import re

import pytest
from django.urls import reverse

TOKEN = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.mark.django_db
def test_a_page_is_compressed_when_the_browser_accepts_it_and_its_csrf_token_changes_each_time(client):
    first = client.get(reverse("login"), HTTP_ACCEPT_ENCODING="gzip, deflate")
    second = client.get(reverse("login"), HTTP_ACCEPT_ENCODING="gzip, deflate")
    plain = client.get(reverse("login"))
    assert first["Content-Encoding"] == "gzip" and "Accept-Encoding" in first["Vary"]
    assert "Content-Encoding" not in plain
    html = gzip.decompress(first.content)
    assert b"<form" in html and len(first.content) < len(html)
    # One session (the same CSRF cookie), two different masked tokens in the pages.
    assert client.cookies["csrftoken"].value
    assert TOKEN.search(html).group(1) != TOKEN.search(gzip.decompress(second.content)).group(1)


@pytest.mark.django_db
def test_the_second_factor_key_is_never_sent_compressed(client, city_user):
    client.force_login(city_user)
    response = client.get(reverse("people:second_factor_setup") + "?next=/cities/%3FJBSWY3DP",
                          HTTP_ACCEPT_ENCODING="gzip")
    assert response.status_code == 200 and "Content-Encoding" not in response
    assert b"JBSWY3DP" in response.content  # the address chosen by the request is on the page beside the key
