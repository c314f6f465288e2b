"""How reports answers what submissions announces (submissions.signals): a publication gets its report.

Connected in ReportsConfig.ready. The city downloads only a report rendered from its published
submission, so a publication asks for that rendering itself: nobody has to produce it again.
"""
from contextlib import contextmanager

from submissions.models import Submission
from submissions.signals import submission_state_changed

from .tasks import report_request

RENDER_ON_PUBLICATION = "reports.render_on_publication"


def render_on_publication(sender, *, submission, actor, to_state, **kwargs):
    """Inside the publication's transaction: the request is recorded with it, and goes to the worker
    once it commits (reports.tasks); a publication rolled back leaves no request behind."""
    if to_state == Submission.PUBLISHED:
        report_request(submission_id=submission.pk, actor=actor)


def connect():
    submission_state_changed.connect(render_on_publication, dispatch_uid=RENDER_ON_PUBLICATION)


@contextmanager
def renders_on_publication_paused():
    """For the demo's seed, which replays publications of the past: their reports are produced on request,
    not rendered while seeding (with no broker, a seed's rendering thread would die with the command)."""
    submission_state_changed.disconnect(dispatch_uid=RENDER_ON_PUBLICATION)
    try:
        yield
    finally:
        connect()
