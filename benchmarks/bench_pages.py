"""The page budgets: each page's time as a multiple of /healthz's, then under 20 and 50 concurrent clients.

On a database of its own, seeded with the demo (seed_demo): a new PostgreSQL database on the server of
DATABASE_URL (or BENCH_DATABASE_URL) when that is PostgreSQL, else a temporary SQLite file (said in the output).

1. In one process (Django's test client, signed in as each page's role, debug off): the median of 30 warm
   requests of each page, its ratio to /healthz's median for the same client measured in turn with it, its
   query count and size. The budget is 5x; pages over it are marked.
2. PostgreSQL only: gunicorn (several sync workers, as in production) and 20, then 50 concurrent clients, each
   with signed-in sessions, requesting every page and /healthz in turn; each page's median and 95th percentile
   beside /healthz's of the same run.
"""
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

from benchmarks import pages as page_bench
from benchmarks import bench_entry
from benchmarks.bench_entry import _admin, _free_port, _percentile, _wait_for

ROOT = Path(__file__).resolve().parent.parent
CONCURRENCY = (20, 50)
ROUNDS = {20: 6, 50: 3}  # each client requests every page this many times (after one warm-up round)


def postgres_server():
    """The PostgreSQL server to create benchmark databases on, or None (SQLite then)."""
    url = os.environ.get("BENCH_DATABASE_URL") or os.environ.get("DATABASE_URL") or ""
    if not url.startswith(("postgres://", "postgresql://")):
        return None
    return urllib.parse.urlsplit(url)._replace(path="/postgres")


class BenchDatabase:
    """A database made for one benchmark run and removed afterwards: `<prefix>_<pid>` on PostgreSQL, or a
    SQLite file of that name in a temporary folder."""

    def __init__(self, prefix):
        self.name = f"{prefix}_{os.getpid()}"
        self.server = postgres_server()
        self.workdir = Path(tempfile.mkdtemp(prefix=f"{prefix}-"))
        if self.server is not None:
            self.url = urllib.parse.urlunsplit(self.server._replace(path=f"/{self.name}"))
        else:
            self.url = f"sqlite:///{self.workdir / (self.name + '.sqlite3')}"
        self.env = {
            **os.environ, "DATABASE_URL": self.url, "DJANGO_SETTINGS_MODULE": "u4ssc_site.settings",
            "SECRET_KEY": "benchmark-only-not-a-secret-" + "x" * 30, "DEBUG": "0",
            "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver", "SECURE_SSL_REDIRECT": "0", "SECURE_COOKIES": "0",
            "AXES_ENABLED": "0", "API_THROTTLE_RATE": "100000000/hour",
            "STATIC_ROOT": str(self.workdir / "static"), "MEDIA_ROOT": str(self.workdir / "media"),
        }
        self.env.pop("REDIS_URL", None)
        self.env.pop("BENCH_DATABASE_URL", None)

    @property
    def postgres(self):
        return self.server is not None

    def __enter__(self):
        if self.postgres:
            _admin(self.server, f'CREATE DATABASE "{self.name}"')
        return self

    def __exit__(self, *exc):
        if self.postgres:
            _admin(self.server, f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')
        shutil.rmtree(self.workdir, ignore_errors=True)

    def manage(self, *args):
        subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=self.env, check=True,
                       stdout=subprocess.DEVNULL)

    def python(self, *args):
        """Run `python -m …` against this database; its standard output."""
        return subprocess.run([sys.executable, *args], cwd=ROOT, env=self.env, check=True,
                              stdout=subprocess.PIPE, text=True).stdout

    def seed_demo(self):
        self.manage("migrate", "--noinput")
        self.manage("seed_demo")
        self.manage("collectstatic", "--noinput")


def _opener(session_key):
    opener = urllib.request.build_opener()
    if session_key:
        opener.addheaders = [("Cookie", f"sessionid={session_key}")]
    return opener


def _timed(opener, url):
    return bench_entry._timed(opener, url, timeout=120)


def load(base, pages, sessions, clients, rounds):
    """`clients` threads, each with a session per role, request /healthz then every page, `rounds` times."""
    plan = [("/healthz", "city", "/healthz")] + [(name, role, url) for name, role, url in pages]
    durations = {name: [] for name, _, _ in plan}
    lock, errors = threading.Lock(), []
    start = threading.Barrier(clients)

    def client(index):
        try:
            openers = {role: _opener(sessions[role][index] if role else None) for role in (*page_bench.ROLES, None)}
            for name, role, url in plan:
                _timed(openers[role], base + url)
            start.wait()
            for _ in range(rounds):
                for name, role, url in plan:
                    seconds = _timed(openers[role], base + url)
                    with lock:
                        durations[name].append(seconds)
        except Exception as error:  # reported after the run
            errors.append(error)
            start.abort()

    threads = [threading.Thread(target=client, args=(index,)) for index in range(clients)]
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise RuntimeError(f"{len(errors)} client(s) failed: {errors[0]!r}")
    return durations, time.perf_counter() - began


def print_load(durations, wall, clients, workers):
    total = sum(len(values) for values in durations.values())
    print(f"{clients} concurrent clients, gunicorn with {workers} sync workers, PostgreSQL, {os.cpu_count()} CPU(s); "
          f"{total} requests in {wall:.1f} s ({total / wall:.0f} per second)")
    health = durations["/healthz"]
    health_median, health_p95 = statistics.median(health) * 1000, _percentile(health, 0.95) * 1000
    print(f"  {'page':<30} {'median':>9} {'p95':>9}   /healthz median {health_median:.1f} ms, p95 {health_p95:.1f} ms")
    for name, values in durations.items():
        print(f"  {name:<30} {statistics.median(values) * 1000:7.1f}ms {_percentile(values, 0.95) * 1000:7.1f}ms"
              f"   ({len(values)} requests)")


def serve_and_load(database, pages):
    workers = min(8, 2 * (os.cpu_count() or 1) + 1)
    sessions = json.loads(database.python("-m", "benchmarks.pages", "sessions", str(max(CONCURRENCY))))
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    log_path = database.workdir / "gunicorn.log"
    with open(log_path, "w") as log:
        process = subprocess.Popen(
            [str(Path(sys.executable).parent / "gunicorn"), "u4ssc_site.wsgi:application", "--bind", f"127.0.0.1:{port}",
             "--workers", str(workers), "--log-level", "warning", "--timeout", "120"],
            cwd=ROOT, env=database.env, stdout=log, stderr=subprocess.STDOUT,
        )
        try:
            try:
                _wait_for(base, process)
            except RuntimeError:
                print(log_path.read_text()[-3000:], file=sys.stderr)
                raise
            for clients in CONCURRENCY:
                durations, wall = load(base, pages, sessions, clients, ROUNDS[clients])
                print_load(durations, wall, clients, workers)
        finally:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()


def main():
    with BenchDatabase("u4ssc_bench_pages") as database:
        database.seed_demo()
        measured = json.loads(database.python("-m", "benchmarks.pages", "measure"))
        page_bench.print_ratios(measured["results"], f"The demo on {measured['database']}, one process, debug off, "
                                f"median of {page_bench.REQUESTS} warm requests:")
        if not database.postgres:
            print("Concurrent clients: skipped (set DATABASE_URL to a PostgreSQL server to measure gunicorn under load).")
            return
        pages = [(row["page"], None if row["role"] == "visitor" else row["role"], row["url"])
                 for row in measured["results"]]
        serve_and_load(database, pages)


if __name__ == "__main__":
    main()
