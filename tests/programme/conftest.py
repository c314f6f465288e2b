"""Fixtures of the programme's tests: a cycle open now, and submissions of several cities in it."""
import datetime

import pytest
from django.utils import timezone

from kpis.selectors import edition_current
from submissions.services import cycle_save


@pytest.fixture
def cycle(secretariat):
    today = timezone.localdate()
    return cycle_save(actor=secretariat, name="2025", year=2025, edition=edition_current(),
                      opens_on=today - datetime.timedelta(days=30),
                      submission_deadline=today + datetime.timedelta(days=7),
                      verification_deadline=today + datetime.timedelta(days=40))
