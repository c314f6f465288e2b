"""Response times of the data entry pages under 20 concurrent clients, against PostgreSQL.

Creates its own database on the PostgreSQL server of DATABASE_URL (or BENCH_DATABASE_URL;
default postgres://postgres@127.0.0.1:5432), seeds it (the demo, plus a filled-in draft of
Ålesund 2020 imported from the 2019 export), starts gunicorn on a free 127.0.0.1 port as
in production (debug off, static files from a collected root), logs each client in as the
demo city user, and requests the submission overview and the entry page of the largest
category (Transport, 15 data points) as fast as it can. Prints the median and the 95th
percentile per page; the server and the database are removed afterwards.
"""
import http.cookiejar
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CLIENTS = 20
REQUESTS_PER_CLIENT = 25
WARM_UP_PER_CLIENT = 2
CITY_USER, CITY_PASSWORD = "city", "alesund-city-demo-2019"  # the demo account of seed_demo


def _server_url():
    url = os.environ.get("BENCH_DATABASE_URL") or os.environ.get("DATABASE_URL") or ""
    if not url.startswith(("postgres://", "postgresql://")):
        url = "postgres://postgres@127.0.0.1:5432/postgres"
    parts = urllib.parse.urlsplit(url)
    return parts._replace(path="/postgres")


def _admin(server, sql):
    import psycopg

    with psycopg.connect(urllib.parse.urlunsplit(server), autocommit=True) as connection:
        connection.execute(sql)


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _manage(env, *args):
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True,
                   stdout=subprocess.DEVNULL)


def _seed(env, workdir):
    _manage(env, "migrate", "--noinput")
    _manage(env, "seed_demo")
    export = workdir / "alesund-2019.csv"
    _manage(env, "export_values", "--city", "alesund", "--year", "2019", str(export))
    _manage(env, "import_values", "--city", "alesund", "--year", "2020", str(export))
    _manage(env, "collectstatic", "--noinput")
    script = (
        "from kpis.models import Category; from submissions.models import Submission;"
        "s = Submission.objects.get(city__slug='alesund', year=2020);"
        "Submission.objects.filter(pk=s.pk).update(population=66670);"
        "c = Category.objects.get(name='Transport', dimension__edition=s.edition);"
        "print(s.pk, c.pk)"
    )
    out = subprocess.run([sys.executable, "manage.py", "shell", "-c", script], cwd=ROOT, env=env, check=True,
                         capture_output=True, text=True).stdout.split()
    return int(out[-2]), int(out[-1])


def _wait_for(base, process):
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("gunicorn exited before answering")
        try:
            urllib.request.urlopen(base + "/healthz", timeout=2).read()
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("gunicorn did not answer within 60 s")


def _logged_in(base):
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(base + "/accounts/login/").read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    data = urllib.parse.urlencode({"username": CITY_USER, "password": CITY_PASSWORD,
                                   "csrfmiddlewaretoken": token}).encode()
    request = urllib.request.Request(base + "/accounts/login/", data=data, headers={"Referer": base + "/accounts/login/"})
    landing = opener.open(request)
    if "/accounts/login/" in landing.geturl():
        raise RuntimeError("the demo city user could not log in")
    return opener


def _timed(opener, url, timeout=60):
    started = time.perf_counter()
    with opener.open(url, timeout=timeout) as response:
        response.read()
        if response.status != 200:
            raise RuntimeError(f"{url} answered {response.status}")
    return time.perf_counter() - started


def _load(base, pages):
    """Every client requests every page in turn; returns the durations per page."""
    openers = [_logged_in(base) for _ in range(CLIENTS)]
    durations = {name: [] for name in pages}
    lock, errors = threading.Lock(), []
    start = threading.Barrier(CLIENTS)

    def client(opener):
        try:
            for _ in range(WARM_UP_PER_CLIENT):
                for url in pages.values():
                    _timed(opener, base + url)
            start.wait()
            for _ in range(REQUESTS_PER_CLIENT):
                for name, url in pages.items():
                    seconds = _timed(opener, base + url)
                    with lock:
                        durations[name].append(seconds)
        except Exception as error:  # reported after the run
            errors.append(error)
            start.abort()

    threads = [threading.Thread(target=client, args=(opener,)) for opener in openers]
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise RuntimeError(f"{len(errors)} client(s) failed: {errors[0]!r}")
    return durations, time.perf_counter() - began


def _percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def main():
    server = _server_url()
    name = f"bench_entry_{os.getpid()}"
    workdir = Path(tempfile.mkdtemp(prefix="bench-entry-"))
    database_url = urllib.parse.urlunsplit(server._replace(path=f"/{name}"))
    env = {
        **os.environ, "DATABASE_URL": database_url, "DJANGO_SETTINGS_MODULE": "u4ssc_site.settings",
        "SECRET_KEY": "benchmark-only-not-a-secret-" + "x" * 30, "DEBUG": "0", "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0", "SECURE_COOKIES": "0", "AXES_ENABLED": "0",
        "STATIC_ROOT": str(workdir / "static"), "MEDIA_ROOT": str(workdir / "media"),
    }
    env.pop("REDIS_URL", None)
    workers = min(8, 2 * (os.cpu_count() or 1) + 1)
    _admin(server, f'CREATE DATABASE "{name}"')
    process = None
    try:
        submission_pk, category_pk = _seed(env, workdir)
        port = _free_port()
        base = f"http://127.0.0.1:{port}"
        log = open(workdir / "gunicorn.log", "w")
        process = subprocess.Popen(
            [str(Path(sys.executable).parent / "gunicorn"), "u4ssc_site.wsgi:application", "--bind", f"127.0.0.1:{port}",
             "--workers", str(workers), "--log-level", "warning"],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
        )
        try:
            _wait_for(base, process)
        except RuntimeError:
            print((workdir / "gunicorn.log").read_text()[-3000:], file=sys.stderr)
            raise
        pages = {
            "overview": f"/cities/submissions/{submission_pk}/",
            "entry (Transport, 15 data points)": f"/cities/submissions/{submission_pk}/categories/{category_pk}/",
        }
        durations, wall = _load(base, pages)
    finally:
        if process is not None:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
        _admin(server, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        shutil.rmtree(workdir, ignore_errors=True)
    total = sum(len(values) for values in durations.values())
    print(f"{CLIENTS} concurrent clients, gunicorn with {workers} sync workers, PostgreSQL, "
          f"{os.cpu_count()} CPU(s); {total} requests in {wall:.1f} s ({total / wall:.0f} per second)")
    for page, values in durations.items():
        print(f"  {page:<36} median {statistics.median(values) * 1000:7.1f} ms   "
              f"95th percentile {_percentile(values, 0.95) * 1000:7.1f} ms   ({len(values)} requests)")


if __name__ == "__main__":
    main()
