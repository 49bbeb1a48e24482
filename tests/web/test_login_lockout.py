"""One lock-out policy for the log-in page, the admin's log-in and the API token (django-axes,
quizapp/logins.py): failures are counted per account as Django finds it (NFKC), whatever the
address; the owner gets back in after the cool-off; successful log-ins are never counted."""

import time

import pytest
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import User
from django.core.cache import caches
from rest_framework.test import APIClient

LIMIT = 5
COOL_OFF = 15 * 60
TOKEN = "/api/auth/token/"


def _fail(client, username: str, times: int = 1, url: str = "/login/", **extra):
    for _ in range(times):
        response = client.post(url, {"username": username, "password": "wrong-guess"}, **extra)
    return response


def _bob_logs_in(client, username: str = "bob", url: str = "/login/"):
    return client.post(url, {"username": username, "password": "bob-password-1"})


@pytest.fixture
def later(monkeypatch):
    """Move the clock forward by some seconds (the cache's expiry reads time.time)."""
    real = time.time
    offset = [0.0]
    monkeypatch.setattr(time, "time", lambda: real() + offset[0])

    def advance(seconds: float) -> None:
        offset[0] += seconds

    return advance


def test_the_fifth_failure_locks_the_account_even_for_the_right_password(client, outsider):
    assert _fail(client, "bob", LIMIT - 1).status_code == 200
    locked = _fail(client, "bob")
    assert locked.status_code == 429
    assert locked["Retry-After"] == str(COOL_OFF)
    assert "Too many failed log-ins for this account" in locked.content.decode()
    response = _bob_logs_in(client)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize("spelling", ["ｂob", "𝐛ob", "𝕓ob", "𝖇𝖔𝖇", "Bob", " bob "])
def test_look_alike_spellings_count_against_the_same_account(client, outsider, spelling):
    _fail(client, "bob", LIMIT - 1)
    assert _fail(client, spelling).status_code == 429
    assert _bob_logs_in(client, "𝖇𝖔𝖇").status_code == 429
    assert "_auth_user_id" not in client.session


def test_failures_lock_the_account_from_any_address(client, outsider):
    for n in range(LIMIT):
        _fail(client, "bob", REMOTE_ADDR=f"198.51.100.{n}", HTTP_X_FORWARDED_FOR=f"10.0.0.{n}")
    response = client.post(
        "/login/", {"username": "bob", "password": "bob-password-1"}, REMOTE_ADDR="192.0.2.7"
    )
    assert response.status_code == 429


def test_another_account_is_not_locked(client, student, outsider):
    _fail(client, "alice", LIMIT)
    assert _bob_logs_in(client).status_code == 302


def test_the_admin_login_is_locked_out_too(client, instructor):
    _fail(client, "charlie", LIMIT, url="/admin/login/")
    response = client.post(
        "/admin/login/", {"username": "charlie", "password": "charlie-password-1"}
    )
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_page_the_admin_and_the_api_share_one_count(client, outsider):
    _fail(client, "bob", 2)
    _fail(client, "bob", 2, url="/admin/login/")
    api = APIClient()
    assert api.post(TOKEN, {"username": "ｂob", "password": "wrong"}).status_code == 429
    refused = api.post(TOKEN, {"username": "bob", "password": "bob-password-1"})
    assert refused.status_code == 429
    assert refused["Retry-After"] == str(COOL_OFF)
    assert "Too many failed log-ins" in refused.json()["detail"]


def test_the_owner_gets_back_in_after_the_cool_off_whatever_the_attacker_does(
    client, outsider, later
):
    _fail(client, "bob", LIMIT)
    later(COOL_OFF - 60)
    assert _fail(client, "bob").status_code == 429  # a guess while locked does not extend it
    later(61)
    assert _bob_logs_in(client).status_code == 302


def test_a_successful_login_forgets_earlier_failures(client, outsider):
    _fail(client, "bob", LIMIT - 1)
    assert _bob_logs_in(client).status_code == 302
    client.logout()
    assert _fail(client, "bob", LIMIT - 1).status_code == 200


def test_a_hall_of_600_students_behind_one_address_can_log_in(db):
    password = make_password("hall-password-1")
    User.objects.bulk_create(User(username=f"s{n:03}", password=password) for n in range(600))
    api = APIClient(REMOTE_ADDR="203.0.113.1")
    # A few typos on the way, as in any exam hall.
    for n in range(0, 600, 50):
        assert api.post(TOKEN, {"username": f"s{n:03}", "password": "typo"}).status_code == 400
    statuses = {
        api.post(TOKEN, {"username": f"s{n:03}", "password": "hall-password-1"}).status_code
        for n in range(600)
    }
    assert statuses == {200}


@pytest.mark.parametrize("url", ["/login/", "/admin/login/"])
def test_an_overlong_username_is_refused_before_any_work(client, db, url):
    response = client.post(url, {"username": "b" * 200_000, "password": "x"})
    assert response.status_code in (200, 400)
    assert "at most 150 characters" in response.content.decode()
    assert caches["axes"]._cache == {}  # nothing counted, nothing stored


def test_the_login_page_says_an_overlong_username_is_too_long(client, db):
    response = client.post("/login/", {"username": "b" * 151, "password": "x"})
    assert response.status_code == 400
    assert "A username has at most 150 characters." in response.content.decode()


def test_the_api_refuses_an_overlong_username_before_any_work(db):
    response = APIClient().post(TOKEN, {"username": "b" * 200_000, "password": "x"})
    assert response.status_code == 400
    assert caches["axes"]._cache == {}
