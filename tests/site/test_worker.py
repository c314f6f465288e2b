"""A real Celery worker process on the real Redis runs the project's tasks."""
import pytest

from u4ssc_site.celery import ping


@pytest.mark.services
def test_a_real_worker_runs_a_task_and_returns_its_result(celery_worker_process):
    assert ping.apply_async(args=["hello from the test"]).get(timeout=30) == "hello from the test"
    assert celery_worker_process.poll() is None
