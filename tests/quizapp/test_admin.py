"""Instructors edit the bank in Django admin: they are staff with exactly the permissions
they need, not superusers; students and outsiders are kept out."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from quizapp.accounts import INSTRUCTOR_PERMISSIONS, INSTRUCTORS
from quizapp.models import Attempt, Option, Part, Question, Response
from quizapp.services import answer_save, attempt_start, attempt_submit
from tests.factories import admin_part_form

pytestmark = pytest.mark.django_db


def test_instructors_group_has_exactly_the_instructor_permissions(db):
    codenames = set(
        Group.objects.get(name=INSTRUCTORS).permissions.values_list("codename", flat=True)
    )
    assert codenames == set(INSTRUCTOR_PERMISSIONS)


def test_an_instructor_is_staff_but_not_superuser(instructor):
    assert instructor.is_staff and not instructor.is_superuser


@pytest.mark.parametrize(
    "url_name",
    [
        "admin:quizapp_question_changelist",
        "admin:quizapp_part_changelist",
        "admin:quizapp_exam_changelist",
        "admin:quizapp_response_changelist",
        "admin:quizapp_attempt_changelist",
    ],
)
def test_an_instructor_opens_the_bank_lists(client, instructor, exam, url_name):
    client.force_login(instructor)
    assert client.get(reverse(url_name)).status_code == 200


def test_an_instructor_cannot_manage_users(client, instructor):
    client.force_login(instructor)
    assert client.get(reverse("admin:auth_user_changelist")).status_code == 403


def test_a_student_cannot_open_admin(client, student):
    client.force_login(student)
    response = client.get(reverse("admin:quizapp_question_changelist"))
    assert response.status_code == 302 and "/admin/login/" in response.url


@pytest.mark.parametrize(
    ("query", "expected_numbers"),
    [("kind__exact=truefalse", {17, 22, 23, 27, 28, 29, 30, 31, 32}), ("q=GeLU", {34})],
)
def test_questions_filter_by_kind_and_search_prompts(
    client, instructor, exam, query, expected_numbers
):
    client.force_login(instructor)
    response = client.get(reverse("admin:quizapp_question_changelist") + "?" + query)
    shown = {q.number for q in response.context["cl"].result_list}
    assert shown == expected_numbers


def test_questions_filter_by_topic(client, instructor, exam):
    topic = Question.objects.get(number=34).topic
    client.force_login(instructor)
    response = client.get(
        reverse("admin:quizapp_question_changelist") + f"?topic__id__exact={topic.pk}"
    )
    assert {q.topic_id for q in response.context["cl"].result_list} == {topic.pk}


def test_question_page_shows_parts_inline_and_a_rendered_preview(client, instructor, exam):
    question = Question.objects.get(number=34)
    client.force_login(instructor)
    page = client.get(reverse("admin:quizapp_question_change", args=[question.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert "parts-TOTAL_FORMS" in html
    assert 'class="quiz-preview"' in html and "katex" in html
    assert "Official solution" in html


def test_an_instructor_fixes_an_option_in_the_part_page(client, instructor, exam):
    part = Question.objects.get(number=10).parts.get()
    options = list(part.options.all())
    client.force_login(instructor)
    data = admin_part_form(part, **{"options-0-text": options[0].text + " (fixed)"})
    response = client.post(reverse("admin:quizapp_part_change", args=[part.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Option.objects.get(pk=options[0].pk).text.endswith("(fixed)")


def test_an_instructor_marks_a_prose_answer(
    client, instructor, student, exam, django_capture_on_commit_callbacks
):
    part = Part.objects.filter(kind=Part.Kind.TEXT, question__number=40).get()
    attempt = attempt_start(student=student, exam=exam, mode=Attempt.Mode.EXAM)
    answer_save(attempt=attempt, part_id=part.pk, answer="The marginal p(x_t) is intractable.")
    with django_capture_on_commit_callbacks(execute=True):
        attempt_submit(attempt=attempt)
    response = Response.objects.get(attempt=attempt, part=part)
    assert response.status == Response.Status.NEEDS_REVIEW
    client.force_login(instructor)
    page = client.post(
        reverse("admin:quizapp_response_change", args=[response.pk]),
        {"review_score": "1", "feedback": "Right: the marginal is intractable."},
    )
    assert page.status_code == 302
    response.refresh_from_db()
    assert (response.status, response.review_score, response.reviewed_by) == (
        Response.Status.GRADED,
        1,
        instructor,
    )


def test_question_list_shows_how_often_each_question_is_answered_right(
    client, instructor, student, outsider, exam, django_capture_on_commit_callbacks
):
    part = Question.objects.get(number=10).parts.get()
    for user, option in [
        (student, part.options.get(correct=True)),
        (outsider, part.options.filter(correct=False).first()),
    ]:
        attempt = attempt_start(student=user, exam=exam, mode=Attempt.Mode.EXAM)
        answer_save(attempt=attempt, part_id=part.pk, answer=str(option.pk))
        with django_capture_on_commit_callbacks(execute=True):
            attempt_submit(attempt=attempt)
    client.force_login(instructor)
    page = client.get(reverse("admin:quizapp_question_changelist") + "?q=determinant")
    row = next(q for q in page.context["cl"].result_list if q.number == 10)
    assert (row.graded_answers, row.right_answers) == (2, 1)
    assert "50%" in page.content.decode()


def test_a_students_written_answer_is_shown_as_text_to_the_marker(
    client, instructor, student, exam
):
    # Typeset, this drew a fake "Already marked" banner over the marking form.
    banner = r"$\color{green}{\Huge\textbf{Already marked: 1/1}}$ $\rule{60em}{40em}$ <b>x</b>"
    part = Part.objects.filter(kind=Part.Kind.TEXT, question__number=40).get()
    attempt = attempt_start(student=student, exam=exam, mode=Attempt.Mode.EXAM)
    answer_save(attempt=attempt, part_id=part.pk, answer=banner)
    response = Response.objects.get(attempt=attempt, part=part)
    client.force_login(instructor)
    html = client.get(reverse("admin:quizapp_response_change", args=[response.pk])).content
    assert (
        b'<pre class="no-math student-answer">$\\color{green}{\\Huge\\textbf{Already marked: '
        b"1/1}}$ $\\rule{60em}{40em}$ &lt;b&gt;x&lt;/b&gt;</pre>"
    ) in html


def test_the_admin_preview_has_no_script_links_from_the_bank(client, instructor, exam):
    question = Question.objects.get(number=1)
    question.prompt = "[hint](javascript:alert(document.cookie)) ![x](data:text/html,hi)"
    question.save()
    client.force_login(instructor)
    html = client.get(reverse("admin:quizapp_question_change", args=[question.pk])).content
    assert b'href="javascript:' not in html
    assert b'src="data:' not in html
    assert b'<a rel="noopener noreferrer">hint</a>' in html  # the preview, link defused
