"""The stamp of what the programme dashboard shows besides the cities' data and the catalogue (their own stamps):
queries, assignments, cycles, report requests and people's names. programme_stamp() changes whenever one of them is
saved or deleted (a stamp of kpis.stamps); the report requests a worker moves on with QuerySet.update() are read by
selectors.reports_progress() instead."""
from django.contrib.auth import get_user_model

from kpis.stamps import stamp, stamped_by, stamps_changed
from reports.models import ReportRequest
from submissions.models import Cycle
from verification.models import Assignment, Query

PROGRAMME_STAMP = "stamp:programme"


def programme_stamp():
    return stamp(PROGRAMME_STAMP)


def programme_changed(**kwargs):
    stamps_changed(PROGRAMME_STAMP)


def connect():
    stamped_by((Query, Assignment, Cycle, ReportRequest, get_user_model()), programme_changed, "programme-stamp")
