"""Loaded into the hard-limit drill's worker (`--include worker_hooks`): grading an answer
equal to $DRILL_SLEEP_ANSWER sleeps far past any time limit, as a pathological answer would
if the engine's own limits failed. The patch is made after the claim (response_grade counts
the try first), as the real engine is called."""

import os
import time

from celery.signals import worker_process_init


@worker_process_init.connect
def _patch_grading(**kwargs) -> None:
    from quizapp.services import marking

    real = marking.answer_grade
    sleepy = os.environ["DRILL_SLEEP_ANSWER"]

    def answer_grade(*, part, text: str) -> dict:
        if text.strip() == sleepy:
            time.sleep(3600)
        return real(part=part, text=text)

    marking.answer_grade = answer_grade
