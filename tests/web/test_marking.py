"""The marking queue: an instructor marks the exam answers that wait for one, one after the
other; students' practice self-marks are not among them; a revised mark keeps its history;
the student sees the mark and the comment."""

from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from quizapp.models import Attempt, Mark, Response
from quizapp.services import answer_save, attempt_start, attempt_submit
from tests.factories import exam_with_key_markers

pytestmark = pytest.mark.django_db


def _written(student: User, exam, mode: str = "exam", text: str = "Because.") -> Response:
    """`student`'s written answer in a new attempt, submitted if an exam."""
    attempt = attempt_start(student=student, exam=exam, mode=mode)
    part = attempt.responses.get(part__kind="text").part
    answer_save(attempt=attempt, part_id=part.pk, answer=text)
    if mode == "exam":
        attempt_submit(attempt=attempt)
    return Response.objects.get(attempt=attempt, part=part)


@pytest.fixture
def marker(instructor) -> Client:
    """The instructor, logged in on a client of their own."""
    client = Client()
    client.force_login(instructor)
    return client


def test_the_queue_holds_only_submitted_exam_answers_awaiting_an_instructor(
    marker, student, outsider, small_exam
):
    waiting = [_written(student, small_exam), _written(outsider, small_exam)]
    _written(student, small_exam, mode="practice")  # the student marks it
    attempt_start(student=outsider, exam=small_exam, mode="exam")  # not submitted
    marked = _written(student, small_exam)
    Response.objects.filter(pk=marked.pk).update(review_score=1, status="graded")
    page = marker.get("/marking/", follow=True)
    assert page.redirect_chain == [(f"/marking/{waiting[0].pk}/", 302)]
    assert [r.pk for r in page.context["queue"]] == [r.pk for r in waiting]
    assert page.context["waiting"] == 2
    html = page.content.decode()
    assert "1 point at most" in html
    assert "KEY-RUBRIC-written-part" in html and "KEY-SOLUTION-open-question" in html


@pytest.mark.parametrize(
    ("query", "who"),
    [
        ("?exam=small", ["alice", "bob"]),
        ("?exam=other", ["carol"]),
        ("?student=bob", ["bob"]),
        ("?question=2&student=alice", ["alice"]),
        ("?question=1", []),
    ],
)
def test_the_queue_filters_by_exam_question_and_student(marker, small_exam, query, who):
    other = exam_with_key_markers(slug="other")
    for name, exam in [("alice", small_exam), ("bob", small_exam), ("carol", other)]:
        _written(User.objects.get_or_create(username=name)[0], exam)
    page = marker.get("/marking/" + query, follow=True)
    assert page.status_code == 200
    assert [r.attempt.student.username for r in page.context["queue"]] == who


@pytest.mark.parametrize("query", ["?question=first", "?exam=not%20a%20slug", "?question=0"])
def test_a_bad_filter_is_a_400_with_the_reason(marker, small_exam, query):
    page = marker.get("/marking/" + query)
    assert page.status_code == 400
    assert "Check the filters" in page.content.decode()


def test_marking_saves_points_and_comment_and_opens_the_next_answer(
    marker, instructor, student, outsider, small_exam
):
    first, second = _written(student, small_exam), _written(outsider, small_exam)
    page = marker.post(
        f"/marking/{first.pk}/?exam=small", {"score": "0.5", "feedback": "Half: why?"}
    )
    assert page.status_code == 302
    assert page["Location"] == f"/marking/{second.pk}/?exam=small"
    first.refresh_from_db()
    assert (first.review_score, first.feedback, first.reviewed_by, first.status) == (
        Decimal("0.5"),
        "Half: why?",
        instructor,
        Response.Status.GRADED,
    )
    assert first.reviewed_at is not None
    assert Attempt.objects.get(pk=first.attempt_id).status == Attempt.Status.GRADED
    last = marker.post(f"/marking/{second.pk}/?exam=small", {"score": "1", "feedback": ""})
    assert last["Location"] == "/marking/?exam=small"
    assert marker.get("/marking/?exam=small").context["waiting"] == 0


def test_a_revised_mark_keeps_its_history(marker, instructor, student, small_exam):
    answer = _written(student, small_exam)
    marker.post(f"/marking/{answer.pk}/", {"score": "0", "feedback": "Missing."})
    marker.post(f"/marking/{answer.pk}/", {"score": "1", "feedback": "Re-read: right."})
    history = [(m.score, m.feedback, m.marked_by) for m in Mark.objects.filter(response=answer)]
    assert history == [
        (Decimal(0), "Missing.", instructor),
        (Decimal(1), "Re-read: right.", instructor),
    ]
    page = marker.get(f"/marking/{answer.pk}/").content.decode()
    assert "Missing." in page and "Re-read: right." in page


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"score": "2", "feedback": ""}, "must be between 0 and 1"),
        ({"score": "-1", "feedback": ""}, "greater than or equal to 0"),
        ({"score": "lots", "feedback": ""}, "Enter a number"),
    ],
)
def test_a_bad_mark_is_refused_beside_the_field_and_saves_nothing(
    marker, student, small_exam, body, message
):
    answer = _written(student, small_exam)
    page = marker.post(f"/marking/{answer.pk}/", body)
    assert page.status_code == 422
    assert message in page.content.decode()
    answer.refresh_from_db()
    assert (answer.review_score, answer.status) == (None, Response.Status.NEEDS_REVIEW)
    assert not Mark.objects.exists()


def test_the_student_sees_the_mark_and_the_comment(marker, alice, student, small_exam):
    answer = _written(student, small_exam)
    marker.post(f"/marking/{answer.pk}/", {"score": "1", "feedback": "Clear and right."})
    results = alice.get(f"/attempts/{answer.attempt_id}/results/").content.decode()
    assert "Clear and right." in results and "marked by an instructor" in results


@pytest.mark.parametrize("who", ["student", "outsider"])
def test_students_cannot_open_the_queue_or_mark(client, request, small_exam, student, who):
    answer = _written(student, small_exam)
    client.force_login(request.getfixturevalue(who))
    assert client.get("/marking/").status_code == 403
    assert client.post(f"/marking/{answer.pk}/", {"score": "1"}).status_code == 403
    assert Response.objects.get(pk=answer.pk).review_score is None


def test_anonymous_visitors_are_sent_to_log_in(client, small_exam):
    assert client.get("/marking/")["Location"].startswith("/login/")


def test_a_practice_answer_or_an_unknown_id_is_not_found(marker, student, small_exam):
    practice = _written(student, small_exam, mode="practice")
    assert marker.get(f"/marking/{practice.pk}/").status_code == 404
    assert marker.get("/marking/99999999999999999999/").status_code == 404


def test_the_nav_links_instructors_to_marking_and_the_admin(marker, alice, small_exam):
    staff = marker.get("/").content.decode()
    assert 'href="/marking/"' in staff and 'href="/admin/"' in staff
    plain = alice.get("/").content.decode()
    assert 'href="/marking/"' not in plain and 'href="/admin/"' not in plain


def test_the_marking_page_costs_the_same_queries_for_one_answer_waiting_or_four(
    marker, student, small_exam
):
    first = _written(student, small_exam)
    counts = []
    for more in (0, 3):
        for _ in range(more):
            _written(student, small_exam)
        with CaptureQueriesContext(connection) as queries:
            assert marker.get(f"/marking/{first.pk}/").status_code == 200
        counts.append(len(queries))
    assert counts == [9, 9]
