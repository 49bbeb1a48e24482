"""The exams a student can see: counts and points over the questions in use."""

import pytest

from quizapp.models import Question
from tests.factories import exam_of_every_kind as small_exam

pytestmark = pytest.mark.django_db


def test_the_exam_list_gives_question_count_and_max_points(api, small_exam):
    reply = api.get("/api/exams/")
    assert reply.status_code == 200
    [exam] = reply.json()["results"]
    assert exam["slug"] == "small"
    assert exam["question_count"] == 3
    assert exam["max_points"] == 7.5


def test_retired_questions_do_not_count(api, small_exam):
    Question.objects.filter(exam=small_exam, number=1).update(retired=True)
    [exam] = api.get("/api/exams/").json()["results"]
    assert (exam["question_count"], exam["max_points"]) == (2, 5.5)


def test_the_exam_list_is_paginated(api, settings):
    for n in range(3):
        small_exam(slug=f"exam-{n}")
    reply = api.get("/api/exams/", {"page": 1}).json()
    assert reply["count"] == 3 and len(reply["results"]) == 3
    assert api.get("/api/exams/", {"page": 2}).status_code == 404


def test_an_exam_shows_its_instructions_and_the_topics_to_practise(api, small_exam):
    reply = api.get("/api/exams/small/")
    assert reply.status_code == 200
    body = reply.json()
    assert body["instructions"] == small_exam.instructions
    assert body["topics"] == [
        {"name": "Basics", "question_count": 2},
        {"name": "Calculus", "question_count": 1},
    ]
    assert "questions" not in body


def test_an_unknown_exam_is_a_json_404(api):
    reply = api.get("/api/exams/nope/")
    assert reply.status_code == 404
    assert reply.json()["detail"]


def test_exams_are_for_signed_in_users(client_for, small_exam):
    assert client_for(None).get("/api/exams/").status_code == 401
    assert client_for(None).get("/api/exams/small/").status_code == 401
