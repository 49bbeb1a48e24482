"""With Redis down, saving and submitting still work: the write throttle's counter lives in
Redis, and an outage of it must not turn a student's submit into a 500. Grading catches up
through the sweep (the drill in benchmarks/drills/ checks that end to end)."""

import socket

import pytest
from django.core.cache import cache
from rest_framework.throttling import SimpleRateThrottle

pytestmark = pytest.mark.django_db


@pytest.fixture
def redis_down(settings, monkeypatch):
    if not settings.REDIS_URL:
        pytest.skip("the cache is in-process without REDIS_URL")
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    settings.CACHES = {
        **settings.CACHES,
        "default": {**settings.CACHES["default"], "LOCATION": f"redis://127.0.0.1:{port}/0"},
    }
    # The throttles count in the site's cache again (the suite gives each test its own).
    monkeypatch.setattr(SimpleRateThrottle, "cache", cache)


def test_a_submit_while_redis_is_down_is_accepted(api, small_exam, redis_down):
    attempt = api.post("/api/exams/small/attempts/", {"mode": "exam"})
    assert attempt.status_code == 201
    part = attempt.json()["questions"][0]["parts"][0]
    saved = api.put(
        f"/api/attempts/{attempt.json()['id']}/parts/{part['id']}/", {"answer": ""}, format="json"
    )
    assert saved.status_code == 200
    submitted = api.post(f"/api/attempts/{attempt.json()['id']}/submit/")
    assert submitted.status_code == 202, submitted.json()
