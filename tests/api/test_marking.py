"""The marking queue through the API: the exam answers awaiting an instructor, filtered,
marked with the review endpoint, each marking kept."""

from decimal import Decimal

import pytest

from quizapp.models import Mark, Part, Response
from tests.factories import RUBRIC

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(client_for, instructor):
    return client_for(instructor)


def _submitted_written_answer(client, mode: str = "exam") -> tuple[int, Part]:
    attempt = client.post("/api/exams/small/attempts/", {"mode": mode}).json()["id"]
    text = Part.objects.get(kind="text")
    client.put(f"/api/attempts/{attempt}/parts/{text.pk}/", {"answer": "The chain rule."})
    if mode == "exam":
        client.post(f"/api/attempts/{attempt}/submit/")
    return attempt, text


def test_the_queue_lists_submitted_exam_answers_awaiting_an_instructor(
    staff, api, client_for, outsider, small_exam
):
    mine, text = _submitted_written_answer(api)
    _submitted_written_answer(api, mode="practice")  # alice marks it herself
    theirs, _ = _submitted_written_answer(client_for(outsider))
    reply = staff.get("/api/instructor/marking/")
    assert reply.status_code == 200
    items = reply.json()["results"]
    assert [(i["attempt"], i["student"]) for i in items] == [(mine, "alice"), (theirs, "bob")]
    assert {k: items[0][k] for k in ("part", "question", "label", "max_score", "rubric")} == {
        "part": text.pk,
        "question": 3,
        "label": "c",
        "max_score": 1,
        "rubric": RUBRIC,
    }
    only_bob = staff.get("/api/instructor/marking/", {"student": "bob", "exam": "small"})
    assert [i["attempt"] for i in only_bob.json()["results"]] == [theirs]


def test_a_review_through_the_api_leaves_the_queue_and_is_kept_in_the_history(
    staff, api, instructor, small_exam
):
    attempt, text = _submitted_written_answer(api)
    url = f"/api/instructor/attempts/{attempt}/parts/{text.pk}/review/"
    assert staff.post(url, {"score": 0.5, "feedback": "Half."}, format="json").status_code == 200
    assert staff.post(url, {"score": 1, "feedback": "All."}, format="json").status_code == 200
    assert staff.get("/api/instructor/marking/").json()["results"] == []
    response = Response.objects.get(attempt_id=attempt, part=text)
    assert [(m.score, m.feedback, m.marked_by) for m in Mark.objects.filter(response=response)] == [
        (Decimal("0.5"), "Half.", instructor),
        (Decimal(1), "All.", instructor),
    ]


@pytest.mark.parametrize("query", [{"question": "first"}, {"question": 0}, {"exam": "a b"}])
def test_a_bad_queue_filter_is_a_400(staff, small_exam, query):
    reply = staff.get("/api/instructor/marking/", query)
    assert reply.status_code == 400
    assert list(reply.json()) == list(query)


def test_students_cannot_read_the_queue(api, small_exam):
    assert api.get("/api/instructor/marking/").status_code == 403
