"""How long typed text may be: one limit per free-text field, enforced by forms and by the database."""
from django.db import models
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual

# The longest reason, note, message or text people may type, in characters.
NOTE = 2000
REASON = 1000
MESSAGE = 2000
SOURCE = 300
SIGN_OFF_TEXT = 2000
REPORT_TEXT = 10000
CATALOGUE_TEXT = 2000


def text_limit(field, limit):
    """A check constraint that keeps a text column within its limit, whatever writes it."""
    return models.CheckConstraint(
        condition=LessThanOrEqual(Length(field), limit),
        name=f"%(app_label)s_%(class)s_{field}_length",
        violation_error_message=f"The {field.replace('_', ' ')} is longer than {limit} characters.",
    )
