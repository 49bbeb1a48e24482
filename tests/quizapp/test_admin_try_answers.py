"""Trying sample answers in the admin, and the question's live preview: both post the form
as it is being edited (nothing saved) and answer staff with the change permission only."""

import pytest
from django.contrib.auth.models import Permission, User
from django.test import Client
from django.urls import reverse

from quizapp.models import Part
from tests.factories import admin_part_form, admin_question_form, answer_fields_form

pytestmark = pytest.mark.django_db
TRY = "admin:quizapp_part_try"


@pytest.fixture
def viewer(db) -> User:
    """Staff who may look at the bank but not change it."""
    user = User.objects.create_user("dana", password="dana-password-1", is_staff=True)
    user.user_permissions.set(
        Permission.objects.filter(codename__in=["view_part", "view_question"])
    )
    return user


def _try(client: Client, part: Part, answer: str, **changes):
    data = admin_part_form(part, try_answer=answer, **{"prefix": "", **changes})
    return client.post(reverse(TRY), data, headers={"HX-Request": "true"})


@pytest.mark.parametrize(
    ("kind", "answer", "verdict", "shown"),
    [
        ("expression", "2 sigma(x) x", "correct", "Correct"),
        ("expression", "x sigma(x)", "wrong", "Not right"),
        ("expression", "2 x sigma(x", "unreadable", "Cannot read this yet:"),
        ("numeric", "1/2", "correct", "Correct"),
        ("numeric", "0.4", "wrong", "The expected value:"),
    ],
)
def test_an_instructor_tries_an_answer_and_sees_what_a_student_would(
    client, instructor, parts, kind, answer, verdict, shown
):
    client.force_login(instructor)
    response = _try(client, parts[kind], answer)
    html = response.content.decode()
    assert response.status_code == 200
    assert shown in html
    assert f'data-verdict="{verdict}"' in html and "Keep as test case" in html


def test_the_answer_is_read_and_typeset_as_on_the_students_page(client, instructor, parts):
    client.force_login(instructor)
    html = _try(client, parts["expression"], "2 x sigma(x)").content.decode()
    assert '<span class="preview-formula">$$2\\,x\\,\\sigma\\left(x\\right)$$</span>' in html


@pytest.mark.parametrize(
    ("answer", "verdict", "feedback"),
    [("x^2 + 1", "correct", "Correct."), ("x x", "mistake", "Plus 1!")],
)
def test_a_try_uses_the_key_as_it_is_in_the_form_not_as_saved(
    client, instructor, parts, answer, verdict, feedback
):
    part = parts["expression"]
    client.force_login(instructor)
    unsaved = {"mistakes-rows": 1, "mistakes-0-expected": "x^2", "mistakes-0-feedback": "Plus 1!"}
    html = _try(client, part, answer, expected="1 + x^2", **unsaved).content.decode()
    assert f'data-verdict="{verdict}"' in html and feedback in html
    part.refresh_from_db()
    assert part.answer["expected"] == "2 x sigma(x)"


def test_a_part_inline_on_the_question_page_is_tried_by_its_prefix(client, instructor, parts):
    part = parts["expression"]
    data = {
        **answer_fields_form("numeric", {"value": 1}, prefix="parts-0"),
        **answer_fields_form(part.kind, {"expected": "x^3", "variables": ["x"]}, prefix="parts-1"),
        "parts-0-kind": "numeric",
        "parts-1-kind": "expression",
        "prefix": "parts-1",
        "try_answer": "x x x",
    }
    client.force_login(instructor)
    response = client.post(reverse(TRY), data)
    assert 'data-verdict="correct"' in response.content.decode()


@pytest.mark.parametrize(
    ("kind", "answer", "changes", "status", "message"),
    [
        ("expression", "   ", {}, 422, "Type an answer to try"),
        ("expression", "x" * 2001, {}, 422, "A sample answer has at most 2000 characters"),
        ("expression", "x", {"expected": "2 x ("}, 422, "The answer key cannot be read"),
        ("expression", "x", {"indices": "n=1"}, 422, "Indices: index range `n=1`"),
        ("expression", "x", {"prefix": "parts-x"}, 400, "This form cannot be read"),
        ("expression", "x", {"kind": "essay"}, 422, "Choose the part&#x27;s kind"),
        ("text", "An answer.", {}, 422, "Only expression and numeric parts can be tried here"),
        ("numeric", "1", {"value": ""}, 422, "The answer key needs a value"),
        ("numeric", "1", {"value": "half"}, 422, "Value: &#x27;half&#x27; is not a number."),
    ],
)
def test_bad_input_is_refused_with_a_message_never_a_500(
    client, instructor, parts, kind, answer, changes, status, message
):
    client.force_login(instructor)
    response = _try(client, parts[kind], answer, **changes)
    assert response.status_code == status
    assert message in response.content.decode()


def test_trying_is_a_post(client, instructor):
    client.force_login(instructor)
    assert client.get(reverse(TRY)).status_code == 405


def test_trying_needs_the_csrf_token(instructor, parts):
    client = Client(enforce_csrf_checks=True)
    client.force_login(instructor)
    assert _try(client, parts["expression"], "2 x").status_code == 403


def test_staff_without_the_change_permission_cannot_try(client, viewer, parts):
    client.force_login(viewer)
    assert _try(client, parts["expression"], "2 x").status_code == 403


def test_students_and_visitors_are_sent_to_the_admin_log_in(client, student, parts):
    for user in (student, None):
        if user:
            client.force_login(user)
        response = _try(client, parts["expression"], "2 x")
        assert response.status_code == 302 and "/admin/login/" in response.url


# --- the live preview -------------------------------------------------------------------


def test_the_preview_follows_the_form_without_saving_it(client, instructor, parts):
    question = parts["expression"].question
    client.force_login(instructor)
    response = client.post(
        reverse("admin:quizapp_question_live", args=[question.pk]),
        admin_question_form(
            question,
            prompt="Let $g(x) = x^3$. **Edited**",
            **{"parts-1-expected": "3 x^2", "parts-2-points": "4"},
        ),
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "<strong>Edited</strong>" in html and 'data-tex="g(x) = x^3"' in html
    assert "<code>3 x^2</code>" in html
    assert "· 7 points" in html  # 1 + 2 + 4, as typed
    question.refresh_from_db()
    assert "Edited" not in question.prompt


def test_the_change_page_asks_for_the_live_preview(client, instructor, parts):
    question = parts["expression"].question
    client.force_login(instructor)
    html = client.get(reverse("admin:quizapp_question_change", args=[question.pk])).content
    url = reverse("admin:quizapp_question_live", args=[question.pk])
    assert f'<div id="question-preview" hx-post="{url}"'.encode() in html
    assert b"vendor/htmx/htmx.min.js" in html and b"quizapp/part-editor.js" in html


def test_staff_without_the_change_permission_get_no_preview(client, viewer, parts):
    question = parts["expression"].question
    client.force_login(viewer)
    response = client.post(
        reverse("admin:quizapp_question_live", args=[question.pk]), admin_question_form(question)
    )
    assert response.status_code == 403


@pytest.mark.parametrize(
    ("changes", "status"),
    [({"parts-TOTAL_FORMS": "many"}, 400), ({}, 404)],
)
def test_a_preview_of_a_form_that_cannot_be_read_is_refused(
    client, instructor, parts, changes, status
):
    question = parts["expression"].question
    client.force_login(instructor)
    pk = question.pk if status != 404 else 999999
    response = client.post(
        reverse("admin:quizapp_question_live", args=[pk]), admin_question_form(question, **changes)
    )
    assert response.status_code == status
