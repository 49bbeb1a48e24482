"""Loaded into a test worker with `--include`: every task waits before it runs, so that a test
can kill the worker while a task is in its hands."""

import os
import time

from celery.signals import task_prerun


@task_prerun.connect
def _linger(**kwargs) -> None:
    time.sleep(float(os.environ.get("TEST_TASK_LINGER_SECONDS", "60")))
