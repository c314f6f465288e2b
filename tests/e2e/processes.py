"""Real processes for the browser and production tests: gunicorn, a Celery worker, Redis.

Each runs as its own process group, writes its log under artifacts/, is waited for
until it answers, and is always stopped (a test that fails half-way leaves nothing running).
"""
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from celery import Celery
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "artifacts"
# A production-shaped environment: debug off, a real secret; plain HTTP on 127.0.0.1, so
# no HTTPS redirect and cookies that a browser sends over HTTP (README: SECURE_* variables).
PRODUCTION_ENV = {
    "SECRET_KEY": "e2e-" + "x" * 40 + "-not-a-real-production-secret",
    "DEBUG": "0",
    "ALLOWED_HOSTS": "127.0.0.1,localhost",
    "SECURE_SSL_REDIRECT": "0",
    "SECURE_COOKIES": "0",
    "DJANGO_SETTINGS_MODULE": "u4ssc_site.settings",
    "PYTHONUNBUFFERED": "1",
}


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def database_url():
    """The URL of the database pytest is using, for a process started from a test."""
    db = settings.DATABASES["default"]
    if db["ENGINE"] != "django.db.backends.postgresql":
        from tests.conftest import require_service

        require_service("DATABASE_URL (PostgreSQL): the server processes share the test database")
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def clean_environ():
    """This process's environment less what only the test process needs (the browser's event loop)."""
    return {name: value for name, value in os.environ.items() if name != "DJANGO_ALLOW_ASYNC_UNSAFE"}


def app_env(*, redis_url, media_root, static_root):
    return {**clean_environ(), **PRODUCTION_ENV, "DATABASE_URL": database_url(), "REDIS_URL": redis_url,
            "MEDIA_ROOT": str(media_root), "STATIC_ROOT": str(static_root)}


def database_released(timeout=15):
    """Wait until the processes we stopped have left the test database, so it can be dropped."""
    from django.db import connection

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                           "AND pid <> pg_backend_pid()")
            if cursor.fetchone()[0] == 0:
                return True
        time.sleep(0.1)
    return False


def collectstatic(static_root):
    env = {**clean_environ(), **PRODUCTION_ENV, "STATIC_ROOT": str(static_root)}
    result = subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
                            cwd=ROOT, env=env, capture_output=True, text=True)
    if result.returncode:
        raise RuntimeError(f"collectstatic failed:\n{result.stdout}\n{result.stderr}")


class Process:
    """One long-running command with a log file, started and stopped as a process group."""

    def __init__(self, name, argv, *, env, log_dir, ready, timeout=60):
        self.name, self.argv, self.env, self.ready, self.timeout = name, argv, env, ready, timeout
        self.log_path = Path(log_dir) / f"{name}.log"
        self.popen = None
        self.starts = 0

    def start(self):
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        self.starts += 1
        log = open(self.log_path, "a")
        log.write(f"\n===== start {self.starts}: {' '.join(self.argv)}\n")
        log.flush()
        self.popen = subprocess.Popen(self.argv, cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT,
                                      stdin=subprocess.DEVNULL, start_new_session=True)
        log.close()
        deadline = time.monotonic() + self.timeout
        while not self._answers():
            if self.popen.poll() is not None:
                raise RuntimeError(f"{self.name} exited with {self.popen.returncode}:\n{self.log_tail()}")
            if time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"{self.name} did not answer in {self.timeout} s:\n{self.log_tail()}")
            time.sleep(0.2)
        return self

    def _answers(self):
        try:
            return bool(self.ready())
        except Exception:
            return False

    @property
    def running(self):
        return self.popen is not None and self.popen.poll() is None

    def _signal(self, signum):
        try:
            os.killpg(self.popen.pid, signum)
        except ProcessLookupError:
            pass

    def stop(self, timeout=20):
        """SIGTERM to the whole group, then SIGKILL if it has not gone in `timeout` seconds."""
        if self.popen is None:
            return
        if self.popen.poll() is None:
            self._signal(signal.SIGTERM)
            try:
                self.popen.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                pass
        self._signal(signal.SIGKILL)  # children that outlived their parent
        self.popen.wait()

    def kill(self):
        """SIGKILL to the whole group, as when a container or machine dies."""
        self._signal(signal.SIGKILL)
        self.popen.wait()

    def log_tail(self, chars=6000):
        try:
            return self.log_path.read_text(errors="replace")[-chars:]
        except FileNotFoundError:
            return "(no log)"


def _http_ok(url):
    with urllib.request.urlopen(url, timeout=2) as response:
        return response.status == 200


def gunicorn(*, env, log_dir, port=None, workers=2):
    port = port or free_port()
    argv = [sys.executable, "-m", "gunicorn", "u4ssc_site.wsgi:application", "--bind", f"127.0.0.1:{port}",
            "--workers", str(workers), "--timeout", "60", "--graceful-timeout", "5",
            "--access-logfile", "-", "--error-logfile", "-"]
    process = Process("gunicorn", argv, env=env, log_dir=log_dir, ready=lambda: _http_ok(f"http://127.0.0.1:{port}/healthz"))
    process.url = f"http://127.0.0.1:{port}"
    return process


def worker_ping(redis_url, timeout=5):
    """True when a worker on this broker runs the project's ping task."""
    # Not the current app: tasks declared with shared_task must keep the project's own broker.
    app = Celery("probe", broker=redis_url, backend=redis_url, set_as_current=False)
    app.conf.broker_connection_retry_on_startup = False
    app.conf.broker_connection_max_retries = 0
    try:
        return app.send_task("u4ssc.ping", args=["ready"]).get(timeout=timeout) == "ready"
    finally:
        app.close()


def celery_worker(*, env, log_dir, name="worker"):
    """The worker as docker-compose.yml runs it, with one child to keep CI light."""
    argv = [sys.executable, "-m", "celery", "-A", "u4ssc_site", "worker",
            "--loglevel=INFO", "--concurrency=1", "--without-gossip", "--without-mingle",
            "--hostname", f"{name}-{os.getpid()}@%h"]
    return Process(name, argv, env=env, log_dir=log_dir, ready=lambda: worker_ping(env["REDIS_URL"]), timeout=90)


def celery_beat(*, env, log_dir, name="beat"):
    """Celery beat as docker-compose.yml runs it, its own process; ready once it has started ticking."""
    schedule = Path(log_dir) / f"{name}-schedule"
    argv = [sys.executable, "-m", "celery", "-A", "u4ssc_site", "beat", "--schedule", str(schedule),
            "--loglevel=INFO"]
    process = Process(name, argv, env=env, log_dir=log_dir, ready=lambda: "beat: Starting..." in process.log_tail().rsplit("===== start", 1)[-1],
                      timeout=30)
    return process


def redis_server(*, log_dir, port=None):
    """A Redis of our own, so a test may stop it without touching anyone else's."""
    port = port or free_port()
    argv = ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
            "--dir", str(log_dir)]

    def answers():
        with socket.create_connection(("127.0.0.1", port), timeout=1) as connection:
            connection.sendall(b"PING\r\n")
            return connection.recv(16).startswith(b"+PONG")

    process = Process(f"redis-{port}", argv, env=clean_environ(), log_dir=log_dir, ready=answers, timeout=20)
    process.url = f"redis://127.0.0.1:{port}/0"
    return process


def http_get(url, timeout=10):
    """Status and body of a plain GET (no session), for 'does the site still answer?'."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status, response.read().decode(errors="replace")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(errors="replace")


class HttpSession:
    """A person's cookie-keeping HTTP session with the site, posting forms with their CSRF token."""

    def __init__(self, base_url):
        import http.cookiejar

        self.base_url = base_url
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies))

    def _cookie(self, name):
        return next((cookie.value for cookie in self.cookies if cookie.name == name), None)

    def _open(self, request, timeout):
        try:
            with self.opener.open(request, timeout=timeout) as response:
                return response.status, response.geturl(), response.headers, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.geturl(), error.headers, error.read()

    def get(self, path, timeout=30):
        return self._open(urllib.request.Request(self.base_url + path), timeout)

    def post(self, path, data=None, timeout=30):
        if self._cookie("csrftoken") is None:
            self.get("/accounts/login/")
        body = urllib.parse.urlencode({**(data or {}), "csrfmiddlewaretoken": self._cookie("csrftoken")}).encode()
        return self._open(urllib.request.Request(self.base_url + path, data=body, method="POST"), timeout)

    def log_in(self, username, password):
        phone_for(username)
        status, url, _, body = self.post("/accounts/login/", {"username": username, "password": password})
        if status == 200 and "/people/second-factor/" in url:  # debug off: the second step after the password
            path = url[len(self.base_url):]
            status, url, _, body = self.post(path, {"code": second_factor_code(username)})
        if status != 200 or "/accounts/login/" in url or "/people/second-factor/" in url:
            raise AssertionError(f"{username} could not log in: {status} {url}\n{body[:1000]!r}")
        return self


def phone_for(username):
    """The authenticator app of a person whose role signs in with a second factor (the server processes run with
    debug off): a confirmed TOTP device, made the first time it is needed."""
    from django.contrib.auth import get_user_model
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from submissions import roles

    user = get_user_model().objects.get(username=username)
    if not (roles.is_secretariat(user) or roles.is_verifier(user)):
        return None
    return (TOTPDevice.objects.filter(user=user, confirmed=True).first()
            or TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True))


def second_factor_code(username):
    """The code the person's app would show now, computed with django_otp's own TOTP arithmetic. The server
    refuses a time step it accepted before, so a second log-in within the same 30 s uses the next step (the
    device's tolerance allows one), or waits for it."""
    from django_otp.oath import hotp

    device = phone_for(username)
    while True:
        device.refresh_from_db()
        current = (int(time.time()) - device.t0) // device.step + device.drift
        step = max(current, device.last_t + 1)
        if step <= current + device.tolerance:
            return f"{hotp(device.bin_key, step, digits=device.digits):0{device.digits}d}"
        time.sleep(1)
