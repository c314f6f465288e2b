"""Template tags of the reports app: the city performance benchmark of a submission on any page."""
from django import template

from reports.selectors import submission_sunburst

register = template.Library()


@register.inclusion_tag("reports/_sunburst.html")
def submission_benchmark(submission):
    return {"sunburst": submission_sunburst(submission), "submission": submission}
