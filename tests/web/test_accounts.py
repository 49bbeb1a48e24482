"""Sign up, log in and log out; the lock-out against guessing: test_login_lockout.py."""

import pytest
from django.contrib.auth.models import User


def _fail(client, username: str, times: int = 1):
    for _ in range(times):
        response = client.post("/login/", {"username": username, "password": "wrong-guess"})
    return response


@pytest.mark.django_db
def test_signup_creates_the_account_and_logs_in(client):
    password = "a-long-pass-phrase-42"
    response = client.post(
        "/signup/",
        {
            "username": "carol",
            "password1": password,
            "password2": password,
        },
        follow=True,
    )
    assert response.redirect_chain == [("/", 302)]
    assert User.objects.filter(username="carol").exists()
    assert response.context["user"].username == "carol"
    assert "Welcome, carol" in response.content.decode()


@pytest.mark.django_db
def test_signup_shows_what_is_wrong(client):
    response = client.post(
        "/signup/",
        {
            "username": "carol",
            "password1": "a-long-pass-phrase-42",
            "password2": "something-else",
        },
    )
    assert response.status_code == 200
    assert "didn’t match" in response.content.decode()
    assert not User.objects.filter(username="carol").exists()


@pytest.mark.django_db
def test_signup_page_labels_every_field(client):
    html = client.get("/signup/").content.decode()
    for field in ("id_username", "id_password1", "id_password2"):
        assert f'<label for="{field}">' in html


def test_signup_is_closed_when_registration_is_off(client, settings, db):
    settings.ALLOW_REGISTRATION = False
    assert client.get("/signup/").status_code == 404


def test_a_logged_in_student_is_sent_home_from_signup(alice):
    assert alice.get("/signup/")["Location"] == "/"


def test_login_with_the_right_password_goes_home(client, student):
    response = client.post("/login/", {"username": "alice", "password": "alice-password-1"})
    assert response.status_code == 302
    assert response["Location"] == "/"


@pytest.mark.parametrize(
    ("next_url", "expected"),
    [
        ("/progress/", "/progress/"),
        ("https://evil.example/steal", "/"),
    ],
)
def test_login_follows_next_only_within_the_site(client, student, next_url, expected):
    response = client.post(
        f"/login/?next={next_url}", {"username": "alice", "password": "alice-password-1"}
    )
    assert response["Location"] == expected


def test_login_with_a_wrong_password_says_so(client, student):
    response = _fail(client, "alice")
    assert response.status_code == 200
    assert "enter a correct username and password" in response.content.decode()


def test_logout_logs_out(alice):
    response = alice.post("/logout/")
    assert response.status_code == 302
    assert "_auth_user_id" not in alice.session


def test_the_nav_links_to_the_password_page(alice):
    assert 'href="/password/"' in alice.get("/").content.decode()


def test_a_student_changes_their_password_and_stays_logged_in(alice, student):
    response = alice.post(
        "/password/",
        {
            "old_password": "alice-password-1",
            "new_password1": "a-new-long-passphrase-9",
            "new_password2": "a-new-long-passphrase-9",
        },
    )
    assert response.status_code == 302
    student.refresh_from_db()
    assert student.check_password("a-new-long-passphrase-9")
    assert alice.get("/").wsgi_request.user == student


def test_a_wrong_old_password_does_not_change_it(alice, student):
    response = alice.post(
        "/password/",
        {
            "old_password": "wrong",
            "new_password1": "a-new-long-passphrase-9",
            "new_password2": "a-new-long-passphrase-9",
        },
    )
    assert response.status_code == 200
    assert "Your old password was entered incorrectly" in response.content.decode()
    student.refresh_from_db()
    assert student.check_password("alice-password-1")


def test_the_password_page_needs_a_login(client, db):
    assert client.get("/password/")["Location"] == "/login/?next=/password/"


def test_changing_the_password_on_the_site_revokes_api_tokens(alice, student):
    from knox.models import AuthToken

    AuthToken.objects.create(user=student)
    alice.post(
        "/password/",
        {
            "old_password": "alice-password-1",
            "new_password1": "a-new-long-passphrase-9",
            "new_password2": "a-new-long-passphrase-9",
        },
    )
    assert not AuthToken.objects.filter(user=student).exists()


@pytest.mark.parametrize("name", ["\u0430lice", "p\u0430ypal"])
def test_signup_refuses_a_look_alike_username(client, student, name):
    password = "a-long-pass-phrase-42"
    response = client.post(
        "/signup/", {"username": name, "password1": password, "password2": password}
    )
    assert response.status_code == 200
    assert "mixes alphabets" in response.content.decode()
    assert not User.objects.filter(username=name).exists()


@pytest.mark.parametrize("name", ["алексей", "Zoë", "bob_2"])
def test_signup_takes_names_in_one_alphabet(client, db, name):
    password = "a-long-pass-phrase-42"
    client.post("/signup/", {"username": name, "password1": password, "password2": password})
    assert User.objects.filter(username=name).exists()
