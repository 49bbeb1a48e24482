"""`/healthz` says whether this process reaches its database and Redis, and nothing more."""

import pytest
from django.db import connection
from django.db.utils import OperationalError

pytestmark = pytest.mark.django_db


def test_it_is_ok_when_the_database_and_redis_answer(client, settings):
    settings.REDIS_URL = "redis://127.0.0.1:6379/14"
    reply = client.get("/healthz")
    assert reply.status_code == 200
    assert reply.json() == {"status": "ok", "database": "ok", "redis": "ok"}


def test_it_needs_no_login_and_is_never_cached(client):
    reply = client.get("/healthz")
    assert reply.status_code == 200
    assert "no-cache" in reply["Cache-Control"]


def test_it_is_unavailable_when_redis_is_down(client, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    reply = client.get("/healthz")
    assert reply.status_code == 503
    assert reply.json() == {"status": "unavailable", "database": "ok", "redis": "down"}


def test_it_is_unavailable_when_the_database_is_down(client, settings, monkeypatch):
    settings.REDIS_URL = "redis://127.0.0.1:6379/14"

    def refuse(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(connection, "cursor", refuse)
    reply = client.get("/healthz")
    assert reply.status_code == 503
    assert reply.json() == {"status": "unavailable", "database": "down", "redis": "ok"}


def test_without_redis_grading_runs_in_process_and_redis_is_skipped(client, settings):
    settings.REDIS_URL = None
    reply = client.get("/healthz")
    assert reply.status_code == 200
    assert reply.json()["redis"] == "skipped"


def test_it_answers_plain_http_when_https_is_enforced(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/healthz").status_code == 200
    assert client.get("/").status_code == 301


def test_only_get_is_allowed(client):
    assert client.post("/healthz").status_code == 405
