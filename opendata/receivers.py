"""How opendata answers what submissions announces (submissions.signals); connected in OpenDataConfig.ready."""
from submissions.models import Submission
from submissions.signals import submission_state_changed

from .tasks import bulk_files_refresh


def bulk_files_on_publication(sender, *, from_state, to_state, **kwargs):
    """Published, or no longer published (withdrawn, reopened): the bulk files are built again."""
    if Submission.PUBLISHED in (from_state, to_state):
        bulk_files_refresh()


def connect():
    submission_state_changed.connect(bulk_files_on_publication, dispatch_uid="opendata.bulk_files_on_publication")
