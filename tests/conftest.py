"""Shared test data: a student, an instructor and an outsider, and the loaded exam bank."""

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache
from rest_framework.throttling import SimpleRateThrottle

from quizapp.accounts import upsert_user
from quizapp.bank.loader import load_bank, read_bank

EXAM_FILE = Path(settings.FIXTURES_DIR) / "cs433-2024.yaml"


@pytest.fixture(autouse=True)
def login_failures_from_zero() -> None:
    """Each test counts failed log-ins (django-axes) from zero."""
    caches["axes"].clear()


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


@contextlib.contextmanager
def running_worker(
    *extra_args: str, env: dict[str, str] | None = None, log_name: str = "worker.log"
) -> Iterator[subprocess.Popen]:
    """Start a real Celery worker process on the real Redis, against the test database, and
    stop it (and its pool) afterwards. Tasks the test sends go to it, not run eagerly."""
    from django.db import connection

    from quizapp.celery import app

    if not settings.REDIS_URL or connection.vendor != "postgresql":
        pytest.fail("integration tests need PostgreSQL and Redis: run them with `make test`")
    results = Path(settings.BASE_DIR) / "test-results"
    results.mkdir(exist_ok=True)
    worker_env = {
        **os.environ,
        "DATABASE_URL": _database_url(connection.settings_dict),
        "REDIS_URL": settings.REDIS_URL,
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "PYTHONPATH": str(settings.BASE_DIR),
        **(env or {}),
    }
    with open(results / log_name, "wb") as log:
        worker = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "quizapp",
                "worker",
                "--concurrency=1",
                "--without-gossip",
                "--without-mingle",
                "--loglevel=INFO",
                f"--hostname=test-{os.getpid()}-{time.monotonic_ns()}@%h",
                *extra_args,
            ],
            env=worker_env,
            cwd=settings.BASE_DIR,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        app.conf.task_always_eager = False
        try:
            deadline = time.monotonic() + 60
            while not app.control.ping(timeout=0.5):
                if worker.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"the Celery worker did not start; see test-results/{log_name}")
            yield worker
        finally:
            app.conf.task_always_eager = True
            stop_worker(worker)


def stop_worker(worker: subprocess.Popen, signal_number: int = signal.SIGTERM) -> None:
    if worker.poll() is not None:
        return
    os.killpg(worker.pid, signal_number)
    try:
        worker.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(worker.pid, signal.SIGKILL)
        worker.wait()


def flush_broker() -> None:
    from quizapp.celery import app

    with app.connection_for_write() as connection:
        connection.default_channel.client.flushdb()


@pytest.fixture
def celery_worker_process(transactional_db) -> Iterator[subprocess.Popen]:
    """A real Celery worker on the real Redis, grading against the test database."""
    flush_broker()
    with running_worker() as worker:
        yield worker


@pytest.fixture
def database_down(transactional_db) -> Iterator[None]:
    """PostgreSQL refuses connections, as while it restarts: the connection is closed and
    pointed at a port where nothing listens, so the next query fails in psycopg and Django
    wraps the error, as in production. Restored afterwards for the test's flush."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.fail("an outage of PostgreSQL needs PostgreSQL: run the tests with `make test`")
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    saved = {key: connection.settings_dict.get(key) for key in ("HOST", "PORT")}
    connection.close()
    connection.settings_dict.update(HOST="127.0.0.1", PORT=str(port))
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict.update(saved)


@pytest.fixture(autouse=True)
def throttle_counts_per_test(monkeypatch):
    """Each test counts requests from zero, in memory: not in the Redis shared by the
    suite's other tests and workers."""
    monkeypatch.setattr(SimpleRateThrottle, "cache", LocMemCache(uuid.uuid4().hex, {}))
