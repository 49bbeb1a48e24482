"""A course's students from a roster: `manage.py import_students`, set-password links, and
extra time on exam attempts shown with both limits."""

import io
from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.test import Client

from quizapp.models import ExtraTime
from quizapp.services import attempt_start
from tests.factories import exam_of_every_kind

pytestmark = pytest.mark.django_db

ROSTER = (
    "username,email,name,extra_time\n"
    "ada,ada@example.org,Ada Lovelace,\n"
    "alan,alan@example.org,Alan Turing,25%\n"
)


def _import(tmp_path, text: str, *extra: str) -> str:
    roster = tmp_path / "roster.csv"
    roster.write_text(text, encoding="utf-8")
    out = io.StringIO()
    call_command("import_students", str(roster), *extra, stdout=out)
    return out.getvalue()


def test_a_roster_creates_students_with_a_set_password_link_each(tmp_path):
    output = _import(tmp_path, ROSTER)
    assert output.splitlines()[0] == "2 created, 0 updated, 2 need a password"
    ada = User.objects.get(username="ada")
    assert (ada.email, ada.first_name, ada.last_name, ada.is_staff) == (
        "ada@example.org",
        "Ada",
        "Lovelace",
        False,
    )
    assert not ada.has_usable_password()
    assert ExtraTime.objects.get(student__username="alan").percent == 25
    assert not ExtraTime.objects.filter(student=ada).exists()
    links = dict(line.split("\t") for line in output.splitlines()[1:])
    assert set(links) == {"ada", "alan"}
    assert links["ada"].startswith("http://127.0.0.1:8000/reset/")


def test_the_link_lets_the_student_choose_a_password_once(tmp_path):
    output = _import(tmp_path, ROSTER, "--base-url", "https://quiz.example.org/")
    link = dict(line.split("\t") for line in output.splitlines()[1:])["ada"]
    path = link.removeprefix("https://quiz.example.org")
    browser = Client()
    form = browser.get(path, follow=True)
    assert form.status_code == 200
    set_password_url = form.redirect_chain[-1][0]
    done = browser.post(
        set_password_url,
        {"new_password1": "a long Passphrase 42", "new_password2": "a long Passphrase 42"},
    )
    assert done.status_code == 302
    logged_in = Client().post(
        "/login/", {"username": "ada", "password": "a long Passphrase 42"}, follow=True
    )
    assert logged_in.context["user"].username == "ada"
    assert "Password reset unsuccessful" in Client().get(path, follow=True).content.decode()


def test_importing_again_updates_in_place_and_links_only_accounts_without_password(tmp_path):
    _import(tmp_path, ROSTER)
    ada = User.objects.get(username="ada")
    ada.set_password("chosen already")
    ada.save()
    output = _import(tmp_path, ROSTER.replace("Alan Turing,25%", "Alan M. Turing,50"))
    assert output.splitlines()[0] == "0 created, 2 updated, 1 need a password"
    assert [line.split("\t")[0] for line in output.splitlines()[1:]] == ["alan"]
    assert User.objects.filter(username__in=["ada", "alan"]).count() == 2
    assert ExtraTime.objects.get(student__username="alan").percent == 50
    assert User.objects.get(username="alan").last_name == "M. Turing"


def test_links_can_be_written_to_a_file(tmp_path):
    output = _import(tmp_path, ROSTER, "--links", str(tmp_path / "links.csv"))
    assert output.splitlines()[1] == f"links written to {tmp_path / 'links.csv'}"
    lines = (tmp_path / "links.csv").read_text().splitlines()
    assert lines[0] == "username,link" and [line.split(",")[0] for line in lines[1:]] == [
        "ada",
        "alan",
    ]


@pytest.mark.parametrize(
    ("roster", "message"),
    [
        ("user,email,name\nada,,Ada\n", "missing: username"),
        ("username,email,name\nada lovelace,,Ada\n", "line 2: Enter a valid username"),
        ("username,email,name\nada,not-an-email,Ada\n", "line 2: Enter a valid email address"),
        ("username,email,name\nada,,A\nada,,B\n", "line 3: ada appears twice"),
        ("username,email,name,extra_time\nada,,A,lots\n", "line 2: extra_time must be"),
        ("username,email,name\n" + "x" * 151 + ",,A\n", "line 2: a username of 1 to 150"),
        ("username,email,name\ncharlie,,C\n", "staff accounts are not students: charlie"),
    ],
)
def test_a_bad_roster_is_refused_whole_naming_the_line(tmp_path, instructor, roster, message):
    before = User.objects.count()
    with pytest.raises(CommandError, match=message):
        _import(tmp_path, roster)
    assert User.objects.count() == before


def test_a_missing_roster_file_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="No such file"):
        call_command("import_students", str(tmp_path / "none.csv"))


def test_extra_time_lengthens_exam_attempts_and_both_limits_are_shown(student, client):
    exam = exam_of_every_kind(slug="small", duration_minutes=60)
    ExtraTime.objects.create(student=student, percent=25)
    attempt = attempt_start(student=student, exam=exam, mode="exam")
    assert attempt.deadline - attempt.started_at == timedelta(minutes=75)
    client.force_login(student)
    exam_page = client.get("/exams/small/").content.decode()
    assert "<strong>75 minutes</strong> on the clock for you" in exam_page
    attempt_page = client.get(f"/attempts/{attempt.pk}/").content.decode()
    assert "75 min with your extra time (exam: 60 min)" in attempt_page
    listed = client.get(f"/api/attempts/{attempt.pk}/").json()
    assert (listed["time_limit_minutes"], listed["exam_minutes"]) == (75, 60)
