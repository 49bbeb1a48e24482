"""The quiz's logic, called alike by the HTML views, the REST API and the Celery tasks."""

from quizapp.services.answers import Reading, grade_answer, read_answer
from quizapp.services.attempts import (
    answer_save,
    attempt_close_if_overdue,
    attempt_is_open,
    attempt_start,
    attempt_submit,
    response_check,
)
from quizapp.services.errors import AttemptClosed, InvalidAnswer, NotAllowed, QuizError
from quizapp.services.marking import record_review, response_grade, self_assess, sweep_stale

__all__ = [
    "AttemptClosed",
    "InvalidAnswer",
    "NotAllowed",
    "QuizError",
    "Reading",
    "answer_save",
    "attempt_close_if_overdue",
    "attempt_is_open",
    "attempt_start",
    "attempt_submit",
    "grade_answer",
    "read_answer",
    "record_review",
    "response_check",
    "response_grade",
    "self_assess",
    "sweep_stale",
]
