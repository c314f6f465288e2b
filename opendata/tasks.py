"""Building the bulk open data files in the worker, after a publication or a withdrawal has committed.

Without REDIS_URL the task runs in-process (CELERY_TASK_ALWAYS_EAGER). If the broker cannot take it,
nothing is lost: /open-data/ builds files older than the published data before serving them.
"""
import logging

from django.db import transaction

from u4ssc_site.celery import app

from . import bulk

logger = logging.getLogger(__name__)


# Bound to the project's app, not shared_task (see reports.tasks): no other Celery app may take its messages.
@app.task(name="opendata.bulk_files_build", ignore_result=True)
def bulk_files_build_task():
    release = bulk.bulk_files_build()
    return release.rows


def bulk_files_refresh():
    """Mark the files out of date now and build them once the change commits."""
    bulk.published_data_changed()
    transaction.on_commit(_enqueue)


def _enqueue():
    try:
        bulk_files_build_task.delay()
    except Exception:
        # The publication has committed; the files are built again when next asked for.
        logger.warning("The broker did not take the open data build; /open-data/ builds it when asked", exc_info=True)
