"""Celery beat runs as its own process, as docker-compose.yml runs it, and its health check
(manage.py beat_check) notices when beat is dead, while the worker's own check still passes."""
import subprocess
import sys

import pytest

from tests.e2e import processes
from tests.production.test_production_run import wait_for

MAX_AGE = 3


@pytest.fixture
def sweeping(transactional_db, artifacts, settings):
    """A Redis of the test's own, a worker and beat scheduling the sweeps every second."""
    redis = processes.redis_server(log_dir=artifacts)
    env = {**processes.app_env(redis_url=redis.url, media_root=settings.MEDIA_ROOT, static_root=artifacts),
           "SWEEP_SECONDS": "1"}
    started = []
    try:
        for process in (redis, processes.celery_worker(env=env, log_dir=artifacts),
                        processes.celery_beat(env=env, log_dir=artifacts)):
            started.append(process.start())
        yield {"env": env, "redis": redis, "beat": started[-1]}
    finally:
        for process in reversed(started):
            process.stop()
        processes.database_released()


def beat_check(env):
    """The beat service's health check of docker-compose.yml, with a short maximum age."""
    return subprocess.run([sys.executable, "manage.py", "beat_check", "--max-age", str(MAX_AGE)],
                          cwd=processes.ROOT, env=env, capture_output=True, text=True, timeout=30)


def beat_check_until(env, *, passes, timeout, what):
    """Run the check until it passes (or fails); its last result."""
    def outcome():
        result = beat_check(env)
        return result if (result.returncode == 0) == passes else None

    return wait_for(outcome, timeout, what)


@pytest.mark.services
def test_the_beat_health_check_passes_while_the_sweep_runs_and_fails_once_beat_is_dead(sweeping):
    env = sweeping["env"]
    passing = beat_check_until(env, passes=True, timeout=30, what="the first sweep's heartbeat")
    assert "The sweep ran" in passing.stdout

    sweeping["beat"].kill()
    failing = beat_check_until(env, passes=False, timeout=3 * MAX_AGE,
                               what="the health check to notice that beat is dead")
    assert "is celery beat running" in failing.stderr
    # What the worker's own health check sees has not changed: only the heartbeat tells.
    assert processes.worker_ping(sweeping["redis"].url)
    assert beat_check(env).returncode != 0


def test_the_beat_health_check_fails_without_a_broker():
    result = subprocess.run([sys.executable, "manage.py", "beat_check"], cwd=processes.ROOT,
                            env={**processes.clean_environ(), "REDIS_URL": "", "DATABASE_URL": ""},
                            capture_output=True, text=True, timeout=30)
    assert result.returncode != 0 and "no beat to check" in result.stderr
