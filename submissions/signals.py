"""What submissions tells the apps above it, and what it asks of them, without importing them.

Apps form layers (kpis <- submissions <- verification <- ...): verification listens to these
signals and answers these questions from its AppConfig.ready.

Signals, sent inside the writing transaction, so a receiver's writes commit or roll back with it:
    value_answer_changed(value, actor, before, reason)
                                           value_set changed a value's answer (the value's row is locked);
                                           before: the answer as the pages showed it, reason: the person's why
    submission_state_changed(submission, actor, action, from_state, to_state)
                                           submission_state_change moved a submission (its row is locked)

Questions about reviews, asked as SQL expressions so a queryset stays one query; each takes
value_ref, an expression for a Value's pk (OuterRef("pk")), and is False until an app answers it:
    value_has_open_query(value_ref)        a verifier's query on the value is open
    value_is_verified(value_ref)           the value's review says verified
"""
from django.db.models import BooleanField
from django.db.models import Value as Literal
from django.dispatch import Signal

value_answer_changed = Signal()
submission_state_changed = Signal()

_answers = {}


def review_questions_answer(*, open_query, verified):
    """Set the functions (value_ref -> boolean expression) that answer the questions about reviews."""
    _answers.update(open_query=open_query, verified=verified)


def _asked(question, value_ref):
    answer = _answers.get(question)
    return Literal(False, output_field=BooleanField()) if answer is None else answer(value_ref)


def value_has_open_query(value_ref):
    return _asked("open_query", value_ref)


def value_is_verified(value_ref):
    return _asked("verified", value_ref)
