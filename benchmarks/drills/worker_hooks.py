"""Loaded into the hard-limit drill's worker (`--include worker_hooks`): grading an answer
equal to $DRILL_SLEEP_ANSWER sleeps far past any time limit and shrugs off the soft one, as
code stuck where Python cannot interrupt it would (a C extension, a wait the engine's own
limits missed). Patched where the engine is called, after response_grade counted the try."""

import os
import time

from celery.exceptions import SoftTimeLimitExceeded
from celery.signals import worker_process_init


@worker_process_init.connect
def _patch_grading(**kwargs) -> None:
    # Where response_auto_grade looks the engine's bridge up.
    from quizapp.services import answers

    real = answers.answer_grade
    sleepy = os.environ["DRILL_SLEEP_ANSWER"]

    def answer_grade(*, part, text: str) -> dict:
        while text.strip() == sleepy:
            try:
                time.sleep(3600)
            except SoftTimeLimitExceeded:
                continue
        return real(part=part, text=text)

    answers.answer_grade = answer_grade
