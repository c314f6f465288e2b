"""The deployment files and production settings hold together."""
import os
import subprocess
import sys

import yaml

from tests.conftest import ROOT


def test_compose_has_web_worker_beat_postgres_redis_with_health_checks_and_volumes():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    services = compose["services"]
    assert set(services) == {"migrate", "web", "worker", "beat", "postgres", "redis"}
    for name, service in services.items():
        assert "healthcheck" in service or name == "migrate", name
    assert {"media", "pgdata", "redisdata"} <= set(compose["volumes"])
    assert "gunicorn u4ssc_site.wsgi:application" in services["web"]["command"]
    assert services["worker"]["command"].startswith("celery -A u4ssc_site worker")
    for app in ("web", "worker", "beat"):
        env = services[app]["environment"]
        assert env["DATABASE_URL"].startswith("postgres://") and env["REDIS_URL"].startswith("redis://")


def test_web_and_workers_scale_without_racing_to_migrate():
    """`docker compose up --scale worker=3 --scale web=2`: nothing fixed that two replicas would share."""
    services = yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]
    assert services["migrate"]["command"] == "python manage.py migrate --noinput"
    for app in ("web", "worker", "beat"):
        assert "container_name" not in services[app], app
        assert "migrate" not in services[app]["command"], app
        assert services[app]["depends_on"]["migrate"] == {"condition": "service_completed_successfully"}, app
    assert "ports" not in services["worker"] and "ports" not in services["beat"]
    # A range of host ports: each web replica gets its own.
    assert all("-" in port.split(":")[0] for port in services["web"]["ports"])
    assert services["web"]["environment"]["PROMETHEUS_MULTIPROC_DIR"] == "/tmp/prometheus"


def test_beat_is_its_own_service_whose_health_check_reads_the_sweep_heartbeat():
    services = yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]
    # A beat inside the worker can die while the worker still answers its health check.
    assert "--beat" not in services["worker"]["command"].split()
    assert services["beat"]["command"].startswith("celery -A u4ssc_site beat")
    check = services["beat"]["healthcheck"]["test"]
    assert check[:4] == ["CMD", "python", "manage.py", "beat_check"] and "--max-age" in check
    assert (ROOT / "reports" / "management" / "commands" / "beat_check.py").exists()


def test_what_compose_runs_exists_in_the_project():
    assert (ROOT / "u4ssc_site" / "wsgi.py").exists()
    assert (ROOT / "u4ssc_site" / "celery.py").exists()
    assert (ROOT / "Dockerfile").exists()
    requirements = (ROOT / "requirements.txt").read_text().lower()
    for package in ("gunicorn==", "celery==", "redis==", "psycopg=="):
        assert package in requirements


def _run_manage(*args, **env):
    clean = {k: v for k, v in os.environ.items() if k not in ("DEBUG", "SECRET_KEY", "ALLOWED_HOSTS")}
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env={**clean, **env},
                          capture_output=True, text=True)


def test_production_settings_pass_check_deploy_without_warnings():
    result = _run_manage("check", "--deploy", "--fail-level", "WARNING",
                         SECRET_KEY="k" * 20 + "-a-real-production-secret-9f8e7d6c5b4a",
                         ALLOWED_HOSTS="kpi.u4ssc.example")
    assert result.returncode == 0, result.stdout + result.stderr


def test_deploy_check_refuses_the_development_defaults():
    result = _run_manage("check", "--deploy", "--fail-level", "WARNING", DEBUG="1")
    assert result.returncode != 0


def test_settings_come_from_the_environment():
    code = ("from django.conf import settings as s;"
            "print(s.DATABASES['default']['ENGINE'], s.CELERY_TASK_ALWAYS_EAGER, s.DEBUG, s.ALLOWED_HOSTS, s.MEDIA_ROOT)")
    embedded = _run_manage("shell", "-c", code, DATABASE_URL="", REDIS_URL="", MEDIA_ROOT="")
    assert "sqlite3 True True ['127.0.0.1', 'localhost']" in embedded.stdout, embedded.stderr
    services = _run_manage("shell", "-c", code, DATABASE_URL="postgres://u@db:5432/x", REDIS_URL="redis://r:6379/0",
                           SECRET_KEY="s" * 50, ALLOWED_HOSTS="a.example", MEDIA_ROOT="/srv/media")
    assert "postgresql False False ['a.example'] /srv/media" in services.stdout, services.stderr
