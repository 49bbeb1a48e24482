"""Nullifying and regrading in the admin, as a staff instructor who is not a superuser: the
Nullify action asks for a reason, Restore undoes it; a part's or question's Regrade page
shows the dry run, Run starts the runs and a run's progress page polls until it is done."""

import pytest
from django.urls import reverse

from quizapp.models import Part, Question, Regrade, Response
from tests.factories import exam_answered, exam_with_key_markers

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def staff(client, instructor):
    assert instructor.is_staff and not instructor.is_superuser
    client.force_login(instructor)
    return client


@pytest.fixture
def numeric(db) -> Part:
    exam_with_key_markers(slug="small")
    return Part.objects.get(kind=Part.Kind.NUMERIC)


def _action(client, model: str, action: str, pks: list[int], **data):
    url = reverse(f"admin:quizapp_{model}_changelist")
    return client.post(url, {"action": action, "_selected_action": pks, **data})


def test_the_nullify_action_asks_for_a_reason_first(staff, numeric):
    page = _action(staff, "question", "nullify", [numeric.question_id])
    assert page.status_code == 200
    assert 'name="reason"' in page.content.decode()
    assert not Question.objects.get(pk=numeric.question_id).nullified


def test_an_instructor_nullifies_and_restores_a_question(staff, numeric, instructor):
    reply = _action(
        staff, "question", "nullify", [numeric.question_id], apply="Nullify", reason="Ambiguous."
    )
    assert reply.status_code == 302
    question = Question.objects.get(pk=numeric.question_id)
    assert (question.nullified, question.nullified_by, question.nullified_reason) == (
        True,
        instructor,
        "Ambiguous.",
    )
    assert _action(staff, "question", "restore", [question.pk]).status_code == 302
    assert not Question.objects.get(pk=question.pk).nullified


def test_an_instructor_nullifies_a_part_and_twice_is_a_warning(staff, numeric):
    for _ in range(2):
        reply = _action(staff, "part", "nullify", [numeric.pk], apply="Nullify", reason="Typo.")
        assert reply.status_code == 302
    messages = [str(m) for m in staff.get(reply.url).context["messages"]]
    assert any("already nullified" in m for m in messages)
    assert Part.objects.get(pk=numeric.pk).nullified


def test_the_part_form_shows_the_nullification_read_only(staff, numeric):
    html = staff.get(reverse("admin:quizapp_part_change", args=[numeric.pk])).content.decode()
    assert 'name="nullified"' not in html and "Nullified" in html
    assert reverse("admin:quizapp_part_regrade", args=[numeric.pk]) in html
    text = Part.objects.get(kind=Part.Kind.TEXT)
    html = staff.get(reverse("admin:quizapp_part_change", args=[text.pk])).content.decode()
    assert reverse("admin:quizapp_part_regrade", args=[text.pk]) not in html


def test_the_regrade_page_is_a_dry_run_then_run_shows_the_progress(
    staff, numeric, student, django_capture_on_commit_callbacks
):
    attempt = exam_answered(student=student, exam=numeric.question.exam, answers={"numeric": "0.5"})
    numeric.answer = {"value": 0.5}
    numeric.save()
    url = reverse("admin:quizapp_part_regrade", args=[numeric.pk])
    dry = staff.get(url)
    html = dry.content.decode()
    assert dry.status_code == 200
    assert "1 score changes out of 1 answer checked: 1 up, 0 down, 1 points in all." in html
    assert "<td>alice</td>" in html
    assert not Regrade.objects.exists()
    assert Response.objects.get(attempt=attempt, part=numeric).auto_score == 0
    with django_capture_on_commit_callbacks(execute=True):
        run = staff.post(url)
    regrade = Regrade.objects.get()
    progress = reverse("admin:quizapp_regrade_progress", args=[regrade.pk])
    assert (run.status_code, run.url) == (302, progress)
    page = staff.get(progress).content.decode()
    assert "<strong>Done</strong>: 1 of 1 answer regraded." in page
    assert "hx-trigger" not in page  # finished: no more polling
    assert Response.objects.get(attempt=attempt, part=numeric).auto_score == 1


def test_an_unfinished_run_is_polled_with_htmx(staff, numeric, instructor):
    regrade = Regrade.objects.create(part=numeric, key={}, total=3, done=1, started_by=instructor)
    url = reverse("admin:quizapp_regrade_progress", args=[regrade.pk])
    page = staff.get(url).content.decode()
    assert f'hx-get="{url}" hx-trigger="every 2s"' in page and f'href="{url}"' in page
    fragment = staff.get(url, **HTMX).content.decode()
    assert "<html" not in fragment
    assert fragment.lstrip().startswith('<div id="regrade-progress"')
    assert "1 of 3 answers regraded" in fragment


def test_a_questions_regrade_page_covers_its_auto_graded_parts(
    staff, numeric, django_capture_on_commit_callbacks
):
    url = reverse("admin:quizapp_question_regrade", args=[numeric.question_id])
    html = staff.get(url).content.decode()
    assert html.count("0 scores change out of 0 answers checked") == 2  # expression, numeric
    assert "(Text)" not in html
    with django_capture_on_commit_callbacks(execute=True):
        run = staff.post(url)
    assert (run.status_code, run.url) == (302, reverse("admin:quizapp_regrade_changelist"))
    assert sorted(Regrade.objects.values_list("part__kind", "status")) == [
        ("expression", "done"),
        ("numeric", "done"),
    ]


def test_a_written_part_cannot_be_regraded_in_the_admin(staff, numeric):
    text = Part.objects.get(kind=Part.Kind.TEXT)
    reply = staff.get(reverse("admin:quizapp_part_regrade", args=[text.pk]), follow=True)
    assert reply.redirect_chain[0][0] == reverse("admin:quizapp_part_change", args=[text.pk])
    assert "Written answers are marked by hand" in reply.content.decode()
    assert not Regrade.objects.exists()


@pytest.mark.parametrize("url_name", ["admin:quizapp_regrade_changelist"])
def test_an_instructor_reads_the_regrades(staff, numeric, url_name):
    assert staff.get(reverse(url_name)).status_code == 200


def test_unknown_parts_and_runs_are_404(staff, numeric):
    assert staff.get(reverse("admin:quizapp_part_regrade", args=[999999])).status_code == 404
    url = reverse("admin:quizapp_regrade_progress", args=[999999])
    assert staff.get(url).status_code == 404


def test_students_cannot_regrade(client, student, numeric):
    client.force_login(student)
    reply = client.post(reverse("admin:quizapp_part_regrade", args=[numeric.pk]))
    assert reply.status_code == 302 and "/admin/login/" in reply.url
    assert not Regrade.objects.exists()
