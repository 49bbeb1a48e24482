"""The quiz's logic, called alike by the HTML views, the REST API and the Celery tasks:
writes here, reads in quizapp.services.selectors."""

from quizapp.services.answers import Reading, answer_grade, answer_read
from quizapp.services.attempts import (
    answer_save,
    answer_save_own,
    attempt_close_if_overdue,
    attempt_start,
    attempt_submit,
    question_try_again,
    response_check,
)
from quizapp.services.errors import AttemptClosed, InvalidInput, NotAllowed, QuizError, TooBusy
from quizapp.services.marking import (
    grading_sweep,
    response_grade,
    response_review,
    response_self_mark,
)

__all__ = [
    "AttemptClosed",
    "InvalidInput",
    "NotAllowed",
    "QuizError",
    "TooBusy",
    "Reading",
    "answer_grade",
    "answer_read",
    "answer_save",
    "answer_save_own",
    "attempt_close_if_overdue",
    "attempt_start",
    "attempt_submit",
    "grading_sweep",
    "question_try_again",
    "response_check",
    "response_grade",
    "response_review",
    "response_self_mark",
]
