"""Starting, listing, reading and submitting attempts: a student's own, in their own order,
and without the answer key until it may be shown."""

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from quizapp.models import Attempt, Option, Part, Question
from tests.factories import EXPECTED, RUBRIC

pytestmark = pytest.mark.django_db

KEY_FIELDS = {
    "correct",
    "feedback",
    "solution",
    "rubric",
    "expected",
    "score",
    "max_score",
    "self_score",
}


def start(client, mode="practice", **body):
    reply = client.post("/api/exams/small/attempts/", {"mode": mode, **body}, format="json")
    assert reply.status_code == 201, reply.content
    return reply.json()


def parts_of(attempt: dict) -> list[dict]:
    return [part for question in attempt["questions"] for part in question["parts"]]


def test_starting_an_attempt_returns_every_question_with_its_parts(api, small_exam):
    attempt = start(api)
    assert attempt["mode"] == "practice" and attempt["status"] == "in_progress"
    assert attempt["deadline"] is None
    assert sorted(q["number"] for q in attempt["questions"]) == [1, 2, 3]
    assert [q["position"] for q in attempt["questions"]] == [1, 2, 3]
    open_question = next(q for q in attempt["questions"] if q["number"] == 3)
    assert [p["label"] for p in open_question["parts"]] == ["a", "b", "c"]
    assert open_question["points"] == 4
    assert {p["kind"] for p in parts_of(attempt)} == {"choice", "numeric", "expression", "text"}


def test_a_new_attempt_holds_no_answer_key(api, small_exam):
    attempt = start(api, mode="exam")
    for part in parts_of(attempt):
        assert not KEY_FIELDS & part.keys(), part
        for option in part["options"]:
            assert set(option) == {"id", "text"}
    text = json.dumps(attempt)
    for secret in (EXPECTED, RUBRIC, "The official solution", "Yes, that one.", '"0.5"'):
        assert secret not in text


def test_an_expression_part_says_which_names_it_accepts(api, small_exam):
    parts = {p["kind"]: p for p in parts_of(start(api))}
    assert "x" in parts["expression"]["syntax_help"]
    assert parts["choice"]["syntax_help"] is None


class SeededSystemRandom:
    """Stands in for the attempts' SystemRandom: attempts get the seeds 4, 5, 6, ..."""

    seeds = iter(range(4, 100))

    def getrandbits(self, bits: int) -> int:
        return next(self.seeds)


def test_each_attempt_has_its_own_order_and_option_shuffle(api, small_exam, monkeypatch):
    monkeypatch.setattr(SeededSystemRandom, "seeds", iter(range(4, 100)))
    monkeypatch.setattr("quizapp.services.attempts.random.SystemRandom", SeededSystemRandom)
    first, second = start(api), start(api)
    orders = [[q["number"] for q in a["questions"]] for a in (first, second)]
    choices = [
        [o["text"] for p in parts_of(a) if len(p["options"]) == 4 for o in p["options"]]
        for a in (first, second)
    ]
    assert orders[0] != orders[1] and sorted(orders[0]) == sorted(orders[1]) == [1, 2, 3]
    assert choices[0] != choices[1]
    assert sorted(choices[0]) == sorted(choices[1]) == ["Also wrong", "Far off", "Right", "Wrong"]


def test_true_false_options_keep_their_order(api, small_exam):
    for _ in range(4):
        [truefalse] = [p for p in parts_of(start(api)) if len(p["options"]) == 2]
        assert [o["text"] for o in truefalse["options"]] == ["True", "False"]


def test_an_exam_attempt_has_a_deadline_from_the_exams_duration(api, small_exam):
    attempt = Attempt.objects.get(pk=start(api, mode="exam")["id"])
    assert attempt.deadline - attempt.started_at == timedelta(minutes=60)


def test_a_topic_attempt_holds_only_that_topics_questions(api, small_exam):
    attempt = start(api, topic="Calculus")
    assert [q["number"] for q in attempt["questions"]] == [3]
    assert attempt["topic"] == "Calculus"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "mode"),
        ({"mode": "cram"}, "mode"),
        ({"mode": "practice", "topic": "Astrology"}, "topic"),
        ({"mode": ["practice"]}, "mode"),
    ],
)
def test_a_bad_start_is_refused_with_field_errors(api, small_exam, body, field):
    reply = api.post("/api/exams/small/attempts/", body, format="json")
    assert reply.status_code == 400
    assert field in reply.json()


def test_a_topic_whose_questions_are_all_retired_is_not_offered(api, small_exam):
    Question.objects.filter(topic__name="Calculus").update(retired=True)
    topics = [t["name"] for t in api.get("/api/exams/small/").json()["topics"]]
    reply = api.post("/api/exams/small/attempts/", {"mode": "practice", "topic": "Calculus"})
    assert "Calculus" not in topics
    assert reply.status_code == 400
    assert list(reply.json()) == ["topic"]


def test_attempts_need_an_existing_exam_and_a_signed_in_user(api, client_for, small_exam):
    assert api.post("/api/exams/nope/attempts/", {"mode": "exam"}).status_code == 404
    assert client_for(None).post("/api/exams/small/attempts/", {"mode": "exam"}).status_code == 401


def test_the_attempt_list_is_mine_only_and_paginated(
    api, client_for, small_exam, outsider, instructor
):
    mine = start(api)
    start(client_for(outsider))
    start(client_for(instructor))
    reply = api.get("/api/attempts/").json()
    assert reply["count"] == 1
    [listed] = reply["results"]
    assert listed["id"] == mine["id"]
    assert (listed["exam"], listed["max_score"], listed["parts"]) == ("small", 7.5, 5)
    assert "questions" not in listed


def test_the_attempt_list_filters_by_exam_mode_and_status(api, small_exam):
    start(api)
    exam_attempt = start(api, mode="exam")
    assert api.get("/api/attempts/", {"mode": "exam"}).json()["count"] == 1
    assert api.get("/api/attempts/", {"exam": "other"}).json()["count"] == 0
    api.post(f"/api/attempts/{exam_attempt['id']}/submit/")
    graded = api.get("/api/attempts/", {"status": "graded"}).json()["results"]
    assert [a["id"] for a in graded] == [exam_attempt["id"]]


def test_an_attempt_reads_back_in_the_same_order(api, small_exam):
    attempt = start(api)
    again = api.get(f"/api/attempts/{attempt['id']}/").json()
    assert again["questions"] == attempt["questions"]


@pytest.mark.parametrize("who", ["outsider", "instructor"])
def test_another_users_attempt_does_not_exist_for_them(api, client_for, small_exam, who, request):
    attempt = start(api)
    other = client_for(request.getfixturevalue(who))
    for method, url in [
        ("get", f"/api/attempts/{attempt['id']}/"),
        ("post", f"/api/attempts/{attempt['id']}/submit/"),
        ("get", f"/api/attempts/{attempt['id']}/parts/{parts_of(attempt)[0]['id']}/"),
    ]:
        reply = getattr(other, method)(url)
        assert reply.status_code == 404
        assert reply.json() == {"detail": "No such attempt."}
    assert Attempt.objects.get(pk=attempt["id"]).status == "in_progress"


def test_an_exam_attempts_score_is_hidden_until_it_is_submitted(api, small_exam):
    attempt = start(api, mode="exam")
    assert attempt["score"] is None
    reply = api.post(f"/api/attempts/{attempt['id']}/submit/")
    assert reply.json()["score"] == 0


def test_submitting_moves_the_attempt_to_grading_and_answers_202(
    api, small_exam, django_capture_on_commit_callbacks
):
    attempt = start(api, mode="exam")
    choice = next(p for p in parts_of(attempt) if len(p["options"]) == 4)
    right = Option.objects.get(part_id=choice["id"], correct=True)
    api.put(f"/api/attempts/{attempt['id']}/parts/{choice['id']}/", {"answer": str(right.pk)})
    expression = next(p for p in parts_of(attempt) if p["kind"] == "expression")
    expected = Part.objects.get(pk=expression["id"]).answer["expected"]
    api.put(f"/api/attempts/{attempt['id']}/parts/{expression['id']}/", {"answer": expected})
    with django_capture_on_commit_callbacks(execute=True):
        reply = api.post(f"/api/attempts/{attempt['id']}/submit/")
    # Answered at once, the choice graded already; the expression's grading task runs once
    # the request's transaction commits.
    assert reply.status_code == 202
    assert (reply.json()["status"], reply.json()["pending"]) == ("grading", 1)
    detail = api.get(f"/api/attempts/{attempt['id']}/").json()
    points = Part.objects.get(pk=expression["id"]).points
    assert (detail["status"], detail["score"]) == ("graded", 2 + points)


def test_submitting_twice_changes_nothing(api, small_exam):
    attempt = start(api, mode="exam")
    first = api.post(f"/api/attempts/{attempt['id']}/submit/").json()
    again = api.post(f"/api/attempts/{attempt['id']}/submit/")
    assert again.status_code == 202
    assert again.json()["submitted_at"] == first["submitted_at"]


def test_an_exam_attempt_past_its_deadline_is_closed_by_the_server_when_read(api, small_exam):
    attempt = start(api, mode="exam")
    Attempt.objects.filter(pk=attempt["id"]).update(deadline=timezone.now() - timedelta(seconds=1))
    detail = api.get(f"/api/attempts/{attempt['id']}/").json()
    assert detail["status"] == "graded"  # nothing was answered, so nothing waits
    assert all(p["revealed"] for p in parts_of(detail))
    [listed] = api.get("/api/attempts/").json()["results"]
    assert listed["status"] == detail["status"]


@pytest.mark.parametrize(
    ("query", "status"),
    [
        ({"mode": "cram"}, 400),
        ({"status": "done"}, 400),
        ({"exam": "not a slug"}, 400),
        ({"page": "zero"}, 404),
    ],
)
def test_a_bad_list_filter_is_refused_in_json(api, small_exam, query, status):
    reply = api.get("/api/attempts/", query)
    assert reply.status_code == status
    assert reply.json()
