"""With production settings, over a real server: HTTPS only, HSTS, secure cookies, the security headers."""
import http.client
import re
from http.cookies import SimpleCookie

import pytest

from tests.e2e import processes

from ..conftest import PASSWORD


@pytest.fixture
def production_server(app_env, artifacts):
    """gunicorn with the production defaults untouched: no SECURE_* overrides for plain HTTP."""
    env = {name: value for name, value in app_env.items() if name not in ("SECURE_SSL_REDIRECT", "SECURE_COOKIES")}
    process = processes.gunicorn(env=env, log_dir=artifacts, workers=1)
    try:
        yield process.start()
    finally:
        process.stop()
        processes.database_released()


def request(server, method, path, *, https=True, headers=None, body=None):
    connection = http.client.HTTPConnection("127.0.0.1", int(server.url.rsplit(":", 1)[1]), timeout=10)
    headers = {"Host": "127.0.0.1", **(headers or {})}
    if https:  # what the TLS-terminating proxy in front of gunicorn adds
        headers["X-Forwarded-Proto"] = "https"
    connection.request(method, path, body=body, headers=headers)
    response = connection.getresponse()
    response.body = response.read().decode()
    connection.close()
    return response


def cookies(response):
    jar = SimpleCookie()
    for header in response.headers.get_all("Set-Cookie") or []:
        jar.load(header)
    return jar


@pytest.mark.services
def test_plain_http_is_redirected_to_https_except_the_health_check(production_server):
    response = request(production_server, "GET", "/accounts/login/", https=False)
    assert response.status == 301
    assert response.headers["Location"] == "https://127.0.0.1/accounts/login/"
    assert request(production_server, "GET", "/healthz", https=False).status == 200


@pytest.mark.services
def test_https_pages_carry_hsts_csp_and_the_other_security_headers(production_server):
    response = request(production_server, "GET", "/accounts/login/")
    assert response.status == 200
    assert response.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "style-src 'self'" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp and "object-src 'none'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "same-origin"


@pytest.mark.services
def test_session_and_csrf_cookies_are_secure_and_http_only(production_server, make_user, city):
    make_user("city", city=city)
    page = request(production_server, "GET", "/accounts/login/")
    csrf_cookie = cookies(page)["csrftoken"]
    assert csrf_cookie["secure"] and csrf_cookie["samesite"] == "Lax"
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.body).group(1)

    response = request(production_server, "POST", "/accounts/login/", body=(
        f"csrfmiddlewaretoken={token}&username=city&password={PASSWORD}"
    ), headers={
        "Content-Type": "application/x-www-form-urlencoded",
        "Cookie": f"csrftoken={csrf_cookie.value}",
        "Origin": "https://127.0.0.1", "Referer": "https://127.0.0.1/accounts/login/",
    })
    assert response.status == 302, response.body[:500]
    session = cookies(response)["sessionid"]
    assert session["secure"] and session["httponly"] and session["samesite"] == "Lax"
