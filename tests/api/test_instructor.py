"""Instructors edit the bank and read every student's attempts; nobody else may."""

import pytest

from quizapp.models import Exam, Option, Part, Question, Response, Topic
from tests.factories import EXPECTED, RUBRIC

pytestmark = pytest.mark.django_db

LISTS = ["exams", "questions", "parts", "options", "attempts"]


@pytest.fixture
def staff(client_for, instructor):
    return client_for(instructor)


@pytest.fixture
def started(api, small_exam) -> int:
    """Alice's exam attempt, with the numeric and text parts answered."""
    attempt = api.post("/api/exams/small/attempts/", {"mode": "exam"}).json()["id"]
    for kind, text in [("numeric", "0.5"), ("text", "The chain rule.")]:
        part = Part.objects.get(kind=kind)
        api.put(f"/api/attempts/{attempt}/parts/{part.pk}/", {"answer": text})
    return attempt


@pytest.mark.parametrize("resource", LISTS)
@pytest.mark.parametrize(
    ("who", "status"), [("instructor", 200), ("student", 403), ("outsider", 403), (None, 401)]
)
def test_only_instructors_read_the_bank_and_the_attempts(
    client_for, small_exam, request, resource, who, status
):
    user = request.getfixturevalue(who) if who else None
    reply = client_for(user).get(f"/api/instructor/{resource}/")
    assert reply.status_code == status
    assert reply.json()


@pytest.mark.parametrize("who", ["student", "outsider"])
def test_students_cannot_change_the_bank(client_for, small_exam, request, who):
    client = client_for(request.getfixturevalue(who))
    question = Question.objects.get(number=1)
    assert (
        client.patch(f"/api/instructor/questions/{question.pk}/", {"prompt": "Hacked"}).status_code
        == 403
    )
    assert client.delete("/api/instructor/exams/small/").status_code == 403
    assert client.post("/api/instructor/exams/", {"slug": "x"}).status_code == 403
    assert Question.objects.get(number=1).prompt != "Hacked"
    assert Exam.objects.filter(slug="small").exists()


def test_an_instructor_builds_an_exam_from_scratch(staff, api):
    exam = staff.post(
        "/api/instructor/exams/",
        {
            "slug": "new",
            "title": "New exam",
            "course": "CS-1",
            "date": "2025-01-20",
            "duration_minutes": 30,
            "instructions": "Go.",
        },
    )
    assert exam.status_code == 201, exam.content
    question = staff.post(
        "/api/instructor/questions/",
        {
            "exam": "new",
            "number": 1,
            "topic": "Fresh topic",
            "kind": "choice",
            "prompt": "Pick one.",
            "solution": "The first.",
        },
        format="json",
    )
    assert question.status_code == 201, question.content
    assert Topic.objects.get(name="Fresh topic").exam.slug == "new"
    part = staff.post(
        "/api/instructor/parts/",
        {
            "question": question.json()["id"],
            "kind": "choice",
            "points": 2,
        },
        format="json",
    )
    assert part.status_code == 201, part.content
    for text, correct in [("Yes", True), ("No", False)]:
        option = staff.post(
            "/api/instructor/options/",
            {
                "part": part.json()["id"],
                "text": text,
                "correct": correct,
            },
            format="json",
        )
        assert option.status_code == 201, option.content
    assert api.get("/api/exams/").json()["results"] == []
    published = staff.patch("/api/instructor/exams/new/", {"published": True}, format="json")
    assert published.status_code == 200, published.content
    [listed] = api.get("/api/exams/").json()["results"]
    assert (listed["question_count"], listed["max_points"]) == (1, 2)
    started = api.post("/api/exams/new/attempts/", {"mode": "practice"})
    assert started.status_code == 201


def test_an_instructor_updates_and_lists_by_parent(staff, small_exam):
    question = Question.objects.get(number=3)
    reply = staff.patch(
        f"/api/instructor/questions/{question.pk}/",
        {"prompt": "Reworded.", "topic": "Basics"},
        format="json",
    )
    assert reply.status_code == 200, reply.content
    question.refresh_from_db()
    assert (question.prompt, question.topic.name) == ("Reworded.", "Basics")
    parts = staff.get("/api/instructor/parts/", {"question": question.pk}).json()["results"]
    assert [p["label"] for p in parts] == ["a", "b", "c"]
    assert {p["kind"]: p["answer"] for p in parts}["text"] == {"rubric": RUBRIC}
    questions = staff.get("/api/instructor/questions/", {"exam": "small"}).json()
    assert questions["count"] == 3
    assert staff.get("/api/instructor/questions/", {"exam": "other"}).json()["count"] == 0


@pytest.mark.parametrize(
    ("resource", "query"),
    [
        ("parts", {"question": "abc"}),
        ("options", {"part": "1.5"}),
        ("questions", {"exam": "no slug"}),
        ("attempts", {"status": "done"}),
    ],
)
def test_a_bad_list_filter_is_400(staff, resource, query):
    reply = staff.get(f"/api/instructor/{resource}/", query)
    assert reply.status_code == 400
    assert set(query) <= set(reply.json())


@pytest.mark.parametrize(
    ("resource", "body", "field"),
    [
        (
            "exams",
            {
                "slug": "small",
                "title": "T",
                "course": "C",
                "date": "2025-01-01",
                "duration_minutes": 10,
            },
            "slug",
        ),
        (
            "exams",
            {"slug": "ok", "title": "T", "course": "C", "date": "someday", "duration_minutes": 10},
            "date",
        ),
        (
            "exams",
            {
                "slug": "ok",
                "title": "T",
                "course": "C",
                "date": "2025-01-01",
                "duration_minutes": 0,
            },
            "duration_minutes",
        ),
        (
            "questions",
            {"exam": "small", "number": 1, "topic": "T", "kind": "choice", "prompt": "P"},
            "non_field_errors",
        ),
        (
            "questions",
            {
                "exam": "small",
                "number": 9,
                "topic": "T",
                "kind": "choice",
                "prompt": "P",
                "figure": "../settings.py",
            },
            "figure",
        ),
        (
            "questions",
            {"exam": "nope", "number": 9, "topic": "T", "kind": "choice", "prompt": "P"},
            "exam",
        ),
        (
            "parts",
            {"question": "Q3", "kind": "numeric", "points": 1, "answer": {"value": "one"}},
            "answer",
        ),
        (
            "parts",
            {
                "question": "Q3",
                "kind": "expression",
                "points": 1,
                "label": "d",
                "answer": {"expected": "2 x (", "variables": ["x"]},
            },
            "answer",
        ),
        (
            "parts",
            {"question": "Q3", "kind": "choice", "points": 1, "label": "d", "answer": {"value": 1}},
            "answer",
        ),
        (
            "parts",
            {
                "question": "Q3",
                "kind": "text",
                "points": -1,
                "label": "d",
                "answer": {"rubric": "R"},
            },
            "points",
        ),
        ("options", {"part": "numeric", "text": "Nope"}, "part"),
    ],
)
def test_bad_bank_edits_are_refused_with_field_errors(staff, small_exam, resource, body, field):
    if body.get("question") == "Q3":
        body["question"] = Question.objects.get(number=3).pk
    if body.get("part") == "numeric":
        body["part"] = Part.objects.get(kind="numeric").pk
    reply = staff.post(f"/api/instructor/{resource}/", body, format="json")
    assert reply.status_code == 400
    assert field in reply.json(), reply.json()


def test_a_part_with_a_readable_expression_is_accepted(staff, small_exam):
    reply = staff.post(
        "/api/instructor/parts/",
        {
            "question": Question.objects.get(number=3).pk,
            "label": "d",
            "kind": "expression",
            "points": 1,
            "answer": {"expected": EXPECTED, "variables": ["x"]},
        },
        format="json",
    )
    assert reply.status_code == 201, reply.content


def test_a_question_does_not_move_to_another_exam(staff, small_exam):
    Exam.objects.create(slug="other", title="O", course="C", date="2025-01-01", duration_minutes=5)
    question = Question.objects.get(number=1)
    reply = staff.patch(f"/api/instructor/questions/{question.pk}/", {"exam": "other"})
    assert reply.status_code == 400
    assert "exam" in reply.json()


def test_what_attempts_use_is_not_deleted_but_can_be_retired(staff, started):
    numeric = Part.objects.get(kind="numeric")
    chosen = Part.objects.get(question__kind="truefalse").options.first()
    Response.objects.filter(part=chosen.part).update(answer=str(chosen.pk), chosen_option=chosen)
    for url in [
        "/api/instructor/exams/small/",
        f"/api/instructor/questions/{numeric.question_id}/",
        f"/api/instructor/parts/{numeric.pk}/",
        f"/api/instructor/options/{chosen.pk}/",
    ]:
        reply = staff.delete(url)
        assert reply.status_code == 409, url
        assert "retire" in reply.json()["detail"]
    assert staff.patch(f"/api/instructor/parts/{numeric.pk}/", {"retired": True}).json()["retired"]


def test_unused_rows_are_deleted(staff, small_exam):
    option = Option.objects.filter(correct=False).first()
    assert staff.delete(f"/api/instructor/options/{option.pk}/").status_code == 204
    question = Question.objects.get(number=2)
    assert staff.delete(f"/api/instructor/questions/{question.pk}/").status_code == 204
    assert staff.delete("/api/instructor/exams/small/").status_code == 204
    assert not Exam.objects.exists() and not Part.objects.exists()


def test_an_instructor_reads_every_students_attempts_with_everything_shown(
    staff, client_for, outsider, started
):
    client_for(outsider).post("/api/exams/small/attempts/", {"mode": "practice"})
    listed = staff.get("/api/instructor/attempts/").json()
    assert listed["count"] == 2
    assert {a["student"] for a in listed["results"]} == {"alice", "bob"}
    only_alice = staff.get("/api/instructor/attempts/", {"student": "alice"}).json()
    assert [a["id"] for a in only_alice["results"]] == [started]
    detail = staff.get(f"/api/instructor/attempts/{started}/").json()
    assert detail["status"] == "in_progress"
    parts = {p["kind"]: p for q in detail["questions"] for p in q["parts"]}
    assert parts["expression"]["expected"] == EXPECTED
    assert parts["text"]["rubric"] == RUBRIC
    assert parts["numeric"]["answer"] == "0.5"
    assert parts["numeric"]["revealed"] is False  # what the student sees


@pytest.mark.parametrize("who", ["student", "outsider"])
def test_students_cannot_read_attempts_through_the_instructor_endpoint(
    client_for, started, request, who
):
    reply = client_for(request.getfixturevalue(who)).get(f"/api/instructor/attempts/{started}/")
    assert reply.status_code == 403


def test_an_instructor_marks_a_written_answer_and_it_counts(staff, api, started):
    api.post(f"/api/attempts/{started}/submit/")
    text = Part.objects.get(kind="text")
    review = f"/api/instructor/attempts/{started}/parts/{text.pk}/review/"
    assert staff.post(review, {"score": 5}, format="json").status_code == 422
    reply = staff.post(review, {"score": 0.5, "feedback": "Half right."}, format="json")
    assert reply.status_code == 200
    assert (reply.json()["status"], reply.json()["score"]) == ("graded", 0.5)
    mine = api.get(f"/api/attempts/{started}/parts/{text.pk}/").json()
    assert (mine["score"], mine["feedback"]) == (0.5, "Half right.")
    assert api.post(review, {"score": 1}, format="json").status_code == 403
