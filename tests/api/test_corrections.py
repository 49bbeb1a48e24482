"""Instructors nullify and restore questions and parts, and regrade a part after correcting
its key, through the API; students, outsiders and bad input get a clear 4xx, never a 500;
students see what counts and the notes in their attempt's question data."""

import pytest

from quizapp.models import Exam, Part, Question, Regrade, Response
from tests.factories import exam_answered

pytestmark = pytest.mark.django_db

STAFF = "/api/instructor"


@pytest.fixture
def staff(client_for, instructor):
    return client_for(instructor)


@pytest.fixture
def numeric(small_exam: Exam) -> Part:
    return Part.objects.get(kind=Part.Kind.NUMERIC)


@pytest.fixture
def graded(student, small_exam):
    """Alice's exam: the choice and the true/false right (2 + 1.5), the numeric 0.25 against
    0.5 (0 of 1)."""
    return exam_answered(
        student=student, exam=small_exam, answers={"choice": "right", "numeric": "0.25"}
    )


def _nullify(client, what: str, pk: int, reason: str = "Two answers are right."):
    return client.post(f"{STAFF}/{what}/{pk}/nullify/", {"reason": reason}, format="json")


def test_an_instructor_nullifies_a_question_and_the_students_totals_shrink(
    staff, api, graded, instructor
):
    question = Question.objects.get(number=1)
    before = api.get(f"/api/attempts/{graded.pk}/").json()
    assert (before["score"], before["max_score"]) == (3.5, 7.5)
    reply = _nullify(staff, "questions", question.pk)
    assert reply.status_code == 200
    assert reply.json() | {"nullified_at": None} == {
        "id": question.pk,
        "nullified": True,
        "nullified_at": None,
        "nullified_by": "charlie",
        "nullified_reason": "Two answers are right.",
    }
    after = api.get(f"/api/attempts/{graded.pk}/").json()
    assert (after["score"], after["max_score"]) == (1.5, 5.5)
    shown = next(q for q in after["questions"] if q["number"] == 1)
    assert (shown["nullified"], shown["points"], shown["parts"][0]["counts"]) == (True, 0, False)
    assert shown["score_notes"] == [
        {
            "kind": "nullified",
            "text": "This question was nullified: it no longer counts.",
            "reason": "Two answers are right.",
        }
    ]
    assert api.get("/api/exams/small/").json()["max_points"] == 5.5
    assert staff.get(f"{STAFF}/questions/{question.pk}/").json()["points"] == 0


def test_unnullifying_restores_the_totals(staff, api, graded, numeric):
    assert _nullify(staff, "parts", numeric.pk).status_code == 200
    assert api.get(f"/api/attempts/{graded.pk}/").json()["max_score"] == 6.5
    reply = staff.post(f"{STAFF}/parts/{numeric.pk}/unnullify/")
    assert reply.status_code == 200 and reply.json()["nullified"] is False
    assert api.get(f"/api/attempts/{graded.pk}/").json()["max_score"] == 7.5
    assert staff.get(f"{STAFF}/parts/{numeric.pk}/").json()["nullified"] is False


def test_nullifying_twice_or_restoring_what_counts_is_a_conflict(staff, numeric):
    assert _nullify(staff, "parts", numeric.pk).status_code == 200
    again = _nullify(staff, "parts", numeric.pk)
    assert again.status_code == 409 and "already nullified" in again.json()["detail"]
    question = numeric.question_id
    restore = staff.post(f"{STAFF}/questions/{question}/unnullify/")
    assert restore.status_code == 409 and "is not nullified" in restore.json()["detail"]


@pytest.mark.parametrize("body", [{}, {"reason": ""}, {"reason": "   "}, {"reason": "x" * 2001}])
def test_a_nullification_without_a_reason_is_refused(staff, numeric, body):
    reply = staff.post(f"{STAFF}/parts/{numeric.pk}/nullify/", body, format="json")
    assert reply.status_code == 400 and reply.json()["reason"]
    assert not Part.objects.get(pk=numeric.pk).nullified


@pytest.mark.parametrize(
    "url",
    [
        "questions/999999/nullify/",
        "questions/999999/unnullify/",
        "parts/999999/nullify/",
        "parts/999999/regrade/",
        "regrades/999999/",
    ],
)
def test_unknown_ids_are_404(staff, small_exam, url):
    reply = staff.post(f"{STAFF}/{url}", {"reason": "x"}, format="json")
    if url.startswith("regrades"):
        reply = staff.get(f"{STAFF}/{url}")
    assert reply.status_code == 404
    assert reply.json()["detail"]


@pytest.mark.parametrize(("who", "status"), [("student", 403), ("outsider", 403), (None, 401)])
def test_only_instructors_nullify_and_regrade(client_for, request, numeric, who, status):
    client = client_for(request.getfixturevalue(who) if who else None)
    regrade = Regrade.objects.create(part=numeric, key={}, total=0)
    replies = [
        _nullify(client, "parts", numeric.pk),
        _nullify(client, "questions", numeric.question_id),
        client.post(f"{STAFF}/parts/{numeric.pk}/unnullify/"),
        client.get(f"{STAFF}/parts/{numeric.pk}/regrade/"),
        client.post(f"{STAFF}/parts/{numeric.pk}/regrade/"),
        client.get(f"{STAFF}/regrades/{regrade.pk}/"),
    ]
    assert [reply.status_code for reply in replies] == [status] * 6
    assert not Part.objects.get(pk=numeric.pk).nullified
    assert Regrade.objects.count() == 1


def test_regrading_a_written_part_is_refused(staff, small_exam):
    text = Part.objects.get(kind=Part.Kind.TEXT)
    for reply in (
        staff.get(f"{STAFF}/parts/{text.pk}/regrade/"),
        staff.post(f"{STAFF}/parts/{text.pk}/regrade/"),
    ):
        assert reply.status_code == 403
        assert "marked by hand" in reply.json()["detail"]
    assert not Regrade.objects.exists()


def test_a_dry_run_then_a_run_then_its_record(
    staff, api, graded, numeric, django_capture_on_commit_callbacks
):
    numeric.answer = {"value": 0.25}
    numeric.save()
    dry = staff.get(f"{STAFF}/parts/{numeric.pk}/regrade/").json()
    change = {
        "response": Response.objects.get(attempt=graded, part=numeric).pk,
        "attempt": graded.pk,
        "student": "alice",
        "old_status": "graded",
        "old_score": 0,
        "old_correct": False,
        "new_status": "graded",
        "new_score": 1,
        "new_correct": True,
    }
    assert dry == {
        "part": numeric.pk,
        "checked": 1,
        "changed": 1,
        "up": 1,
        "down": 0,
        "points_change": 1,
        "changes": [change],
    }
    assert api.get(f"/api/attempts/{graded.pk}/").json()["score"] == 3.5  # nothing saved
    with django_capture_on_commit_callbacks(execute=True):
        started = staff.post(f"{STAFF}/parts/{numeric.pk}/regrade/")
    assert started.status_code == 202
    record = staff.get(f"{STAFF}/regrades/{started.json()['id']}/").json()
    assert (record["status"], record["done"], record["total"], record["started_by"]) == (
        "done",
        1,
        1,
        "charlie",
    )
    assert record["summary"]["changes"] == [change]
    attempt = api.get(f"/api/attempts/{graded.pk}/").json()
    assert attempt["score"] == 4.5
    notes = next(q for q in attempt["questions"] if q["number"] == 3)["score_notes"]
    assert [(note["kind"], note["text"].split(": ", 1)[1]) for note in notes] == [
        ("regraded", "your score changed from 0 to 1.")
    ]
