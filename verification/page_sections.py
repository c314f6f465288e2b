"""verification's section of a submission's overview page (submissions.page_sections): the questions waiting for the city."""
from submissions.page_sections import overview_section_add

from .selectors import queries_waiting_for


def open_queries(request, submission):
    return {"queries": queries_waiting_for(request.user, submission)}


def connect():
    overview_section_add(place="after_summary", template="verification/_open_queries.html", data=open_queries)
