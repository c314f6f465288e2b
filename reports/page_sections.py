"""reports' section of a submission's scores page (submissions.page_sections): the city performance benchmark."""
from submissions.page_sections import overview_section_add

from .selectors import submission_benchmark


def benchmark(request, submission):
    return {"benchmark": submission_benchmark(submission)}


def connect():
    overview_section_add(place="scores", template="reports/_submission_benchmark.html", data=benchmark)
