"""Shared test data: a student, an instructor and an outsider, and the loaded exam bank."""

import os
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import User

from quizapp.accounts import upsert_user
from quizapp.bank import load_bank, read_bank

EXAM_FILE = Path(settings.FIXTURES_DIR) / "cs433-2024.yaml"


@pytest.fixture
def exam_data() -> dict:
    return read_bank(EXAM_FILE)


@pytest.fixture
def exam(db, exam_data):
    return load_bank(exam_data).exam


@pytest.fixture
def student(db) -> User:
    return upsert_user("alice", "alice-password-1")


@pytest.fixture
def outsider(db) -> User:
    return upsert_user("bob", "bob-password-1")


@pytest.fixture
def instructor(db) -> User:
    return upsert_user("charlie", "charlie-password-1", instructor=True)


def _database_url(settings_dict: dict) -> str:
    user = settings_dict.get("USER") or ""
    password = f":{settings_dict['PASSWORD']}" if settings_dict.get("PASSWORD") else ""
    auth = f"{user}{password}@" if user else ""
    host = settings_dict.get("HOST") or "127.0.0.1"
    port = settings_dict.get("PORT") or 5432
    return f"postgres://{auth}{host}:{port}/{settings_dict['NAME']}"


@pytest.fixture
def celery_worker_process(transactional_db):
    """A real Celery worker, on the real Redis, grading against the test database.

    Yields the worker's Popen; tasks sent by the test go to it (not run eagerly).
    """
    import subprocess
    import sys
    import time

    from django.db import connection

    from quizapp.celery import app

    if not settings.REDIS_URL or connection.vendor != "postgresql":
        pytest.fail("integration tests need PostgreSQL and Redis: run them with `make test`")
    app.connection_for_write().default_channel.client.flushdb()
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(connection.settings_dict),
        "REDIS_URL": settings.REDIS_URL,
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "PYTHONPATH": str(Path(settings.BASE_DIR)),
    }
    results = Path(settings.BASE_DIR) / "test-results"
    results.mkdir(exist_ok=True)
    log = open(results / "worker.log", "ab")  # noqa: SIM115 - closed in finally
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "quizapp", "worker", "--concurrency=1",
         "--without-gossip", "--without-mingle", "--loglevel=INFO", "--hostname=test@%h"],
        env=env, cwd=settings.BASE_DIR, stdout=log, stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    app.conf.task_always_eager = False
    try:
        deadline = time.monotonic() + 60
        while not app.control.ping(timeout=0.5):
            if worker.poll() is not None or time.monotonic() > deadline:
                pytest.fail("the Celery worker did not start; see test-results/worker.log")
        yield worker
    finally:
        app.conf.task_always_eager = True
        if worker.poll() is None:
            os.killpg(worker.pid, 15)
            try:
                worker.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(worker.pid, 9)
                worker.wait()
        log.close()
