"""Registering, tokens, and who may call the API at all."""

from datetime import datetime, timedelta

import pytest
from django.contrib.auth.models import User
from django.utils import timezone
from knox.models import AuthToken
from rest_framework.test import APIClient
from rest_framework.throttling import SimpleRateThrottle

pytestmark = pytest.mark.django_db

REGISTER = "/api/auth/register/"
TOKEN = "/api/auth/token/"


def test_registering_creates_an_account_and_returns_a_working_token():
    client = APIClient()
    reply = client.post(REGISTER, {"username": "dora", "password": "a-long-passphrase-7"})
    assert reply.status_code == 201
    assert reply.json()["username"] == "dora"
    assert User.objects.get(username="dora").check_password("a-long-passphrase-7")
    client.credentials(HTTP_AUTHORIZATION=f"Token {reply.json()['token']}")
    assert client.get("/api/attempts/").status_code == 200


def test_registration_switched_off_is_refused_with_a_message(settings):
    settings.ALLOW_REGISTRATION = False
    reply = APIClient().post(REGISTER, {"username": "dora", "password": "a-long-passphrase-7"})
    assert reply.status_code == 403
    assert "Registration is closed" in reply.json()["detail"]
    assert not User.objects.filter(username="dora").exists()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "username"),
        ({"username": "dora"}, "password"),
        ({"username": "dora", "password": "123"}, "password"),  # short and numeric
        ({"username": "dora", "password": "password"}, "password"),  # too common
        ({"username": "alice", "password": "a-long-passphrase-7"}, "username"),  # taken
        ({"username": "ALICE", "password": "a-long-passphrase-7"}, "username"),  # as Django's
        ({"username": "no spaces!", "password": "a-long-passphrase-7"}, "username"),
        ({"username": "x" * 151, "password": "a-long-passphrase-7"}, "username"),
    ],
)
def test_a_bad_registration_is_refused_with_field_errors(student, body, field):
    reply = APIClient().post(REGISTER, body, format="json")
    assert reply.status_code == 400
    assert field in reply.json()


def test_a_token_is_given_for_the_right_password_with_its_expiry(student):
    body = {"username": "alice", "password": "alice-password-1"}
    first = APIClient().post(TOKEN, body)
    again = APIClient().post(TOKEN, body)
    assert first.status_code == 200
    assert first.json()["token"] != again.json()["token"]  # one per client, each revocable
    expiry = datetime.fromisoformat(first.json()["expiry"])
    assert timedelta(hours=23) < expiry - timezone.now() <= timedelta(hours=24)


def _client_with_token(username: str = "alice", password: str = "alice-password-1"):
    token = APIClient().post(TOKEN, {"username": username, "password": password}).json()
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token['token']}")
    return client


def test_tokens_are_stored_hashed(student):
    token = APIClient().post(TOKEN, {"username": "alice", "password": "alice-password-1"})
    key = token.json()["token"]
    stored = AuthToken.objects.get(user=student)
    assert key not in (stored.digest, stored.token_key)
    assert len(stored.digest) == 128  # SHA-512


def test_a_token_stops_working_after_its_expiry(student, later):
    client = _client_with_token()
    assert client.get("/api/exams/").status_code == 200
    later(timedelta(hours=24, seconds=1))
    assert client.get("/api/exams/").status_code == 401


def test_an_expired_token_is_deleted_when_it_is_presented(student, later):
    client = _client_with_token()
    later(timedelta(hours=24, seconds=1))
    assert client.get("/api/exams/").status_code == 401
    assert not AuthToken.objects.filter(user=student).exists()


def test_the_accounts_expired_tokens_are_deleted_when_a_new_one_is_issued(student, later):
    _client_with_token(), _client_with_token()
    later(timedelta(hours=24, seconds=1))
    fresh = _client_with_token()
    assert AuthToken.objects.filter(user=student).count() == 1
    assert fresh.get("/api/exams/").status_code == 200


def test_logout_revokes_this_token_only(student):
    client, other = _client_with_token(), _client_with_token()
    assert client.post("/api/auth/logout/").status_code == 204
    assert client.get("/api/exams/").status_code == 401
    assert other.get("/api/exams/").status_code == 200


def test_logout_all_revokes_every_token_of_the_account(student, outsider):
    client, other = _client_with_token(), _client_with_token()
    bob = _client_with_token("bob", "bob-password-1")
    assert client.post("/api/auth/logout-all/").status_code == 204
    assert other.get("/api/exams/").status_code == 401
    assert bob.get("/api/exams/").status_code == 200


def test_a_password_change_revokes_every_token(student, outsider):
    client = _client_with_token()
    bob = _client_with_token("bob", "bob-password-1")
    student.set_password("a-new-long-passphrase-9")
    student.save()
    assert client.get("/api/exams/").status_code == 401
    assert bob.get("/api/exams/").status_code == 200


def test_saving_the_account_without_a_new_password_keeps_the_tokens(student):
    client = _client_with_token()
    student.first_name = "Alice"
    student.save()
    assert client.get("/api/exams/").status_code == 200


@pytest.mark.parametrize(
    "body",
    [
        {"username": "alice", "password": "wrong-password"},
        {"username": "nobody", "password": "alice-password-1"},
        {"username": "alice"},
        {},
    ],
)
def test_no_token_for_wrong_or_missing_credentials(student, body):
    reply = APIClient().post(TOKEN, body)
    assert reply.status_code == 400
    assert "token" not in reply.json()


def test_a_client_without_credentials_gets_401_in_json():
    reply = APIClient().get("/api/attempts/")
    assert reply.status_code == 401
    assert reply["Content-Type"] == "application/json"
    assert reply.json()["detail"]


def test_a_bad_token_is_401(student):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token not-a-token")
    assert client.get("/api/exams/").status_code == 401


def test_the_browsers_session_works_too_and_its_writes_need_the_csrf_token(student, small_exam):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(student)
    assert client.get("/api/exams/").status_code == 200
    reply = client.post("/api/exams/small/attempts/", {"mode": "practice"})
    assert reply.status_code == 403
    assert "CSRF" in reply.json()["detail"]


def test_registration_is_throttled_per_address(monkeypatch):
    monkeypatch.setitem(SimpleRateThrottle.THROTTLE_RATES, "auth", "3/min")
    client = APIClient()
    statuses = [
        client.post(REGISTER, {"username": f"user{n}", "password": "wrong"}).status_code
        for n in range(4)
    ]
    assert statuses == [400, 400, 400, 429]


def test_a_forged_x_forwarded_for_does_not_escape_the_registration_throttle(monkeypatch):
    # No proxy is trusted by default (TRUSTED_PROXY_COUNT=0): the header is ignored.
    monkeypatch.setitem(SimpleRateThrottle.THROTTLE_RATES, "auth", "3/min")
    client = APIClient()
    statuses = [
        client.post(
            REGISTER,
            {"username": f"user{n}", "password": "wrong"},
            HTTP_X_FORWARDED_FOR=f"203.0.113.{n}",
        ).status_code
        for n in range(4)
    ]
    assert statuses == [400, 400, 400, 429]


@pytest.fixture
def later(monkeypatch):
    """Move the clock forward (django.utils.timezone.now, which knox compares expiry with)."""
    real = timezone.now
    offset = [timedelta(0)]
    monkeypatch.setattr(timezone, "now", lambda: real() + offset[0])

    def advance(delta: timedelta) -> None:
        offset[0] += delta

    return advance


def test_a_name_that_normalises_to_a_taken_one_is_refused_as_taken(student):
    # NFKC makes the fullwidth "ａｌｉｃｅ" the "alice" that already exists.
    body = {"username": "ａｌｉｃｅ", "password": "a-long-passphrase-7"}
    reply = APIClient().post(REGISTER, body)
    assert reply.status_code == 400
    assert reply.json()["username"] == ["This username is taken."]
    assert User.objects.count() == 1


def test_registration_refuses_a_look_alike_username(student):
    body = {"username": "\u0430lice", "password": "a-long-passphrase-7"}
    reply = APIClient().post(REGISTER, body)
    assert reply.status_code == 400
    assert "mixes alphabets" in reply.json()["username"][0]
