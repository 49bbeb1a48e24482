"""The pages that write much are limited like their API endpoints, by the same throttles and
the same counts: starting attempts per student, signing up per address."""

import pytest
from django.contrib.auth.models import User
from rest_framework.throttling import SimpleRateThrottle

from quizapp.models import Attempt


@pytest.fixture
def rates(monkeypatch):
    """Low rates, so that a test reaches them (DRF reads them once, into the class)."""
    rates = {"auth": "2/min", "writes": "600/min", "starts": "3/min"}
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", rates)


def test_starting_attempts_from_the_page_is_limited_per_student(rates, alice, student, small_exam):
    replies = [alice.post("/exams/small/start/", {"mode": "practice"}) for _ in range(4)]
    assert [r.status_code for r in replies] == [302, 302, 302, 429]
    assert int(replies[-1]["Retry-After"]) > 0
    assert "Please try again in" in replies[-1].content.decode()
    assert Attempt.objects.filter(student=student).count() == 3


def test_the_page_and_the_api_share_one_count(rates, alice, student, small_exam):
    for _ in range(2):
        alice.post("/exams/small/start/", {"mode": "practice"})
    assert alice.post("/api/exams/small/attempts/", {"mode": "practice"}).status_code == 201
    assert alice.post("/exams/small/start/", {"mode": "practice"}).status_code == 429


def test_signing_up_from_the_page_is_limited_per_address(rates, client, db):
    def sign_up(name: str) -> int:
        return client.post(
            "/signup/",
            {
                "username": name,
                "password1": "a long Passphrase 42",
                "password2": "a long Passphrase 42",
            },
        ).status_code

    client.logout()
    assert sign_up("first") == 302
    client.logout()
    assert sign_up("second") == 302
    client.logout()
    assert sign_up("third") == 429
    assert not User.objects.filter(username="third").exists()
