"""A student's progress: per exam and per topic, from graded answers only."""

import pytest

from quizapp.models import Part
from tests.factories import correct_answer

pytestmark = pytest.mark.django_db


def test_progress_counts_graded_answers_per_exam_and_topic(
    api, small_exam, django_capture_on_commit_callbacks
):
    attempt = api.post("/api/exams/small/attempts/", {"mode": "practice"}).json()["id"]
    choice = Part.objects.get(question__kind="choice")
    numeric = Part.objects.get(kind="numeric")
    with django_capture_on_commit_callbacks(execute=True):
        api.put(f"/api/attempts/{attempt}/parts/{choice.pk}/", {"answer": correct_answer(choice)})
        api.put(f"/api/attempts/{attempt}/parts/{numeric.pk}/", {"answer": "7"})
    reply = api.get("/api/me/progress/")
    assert reply.status_code == 200
    [exam] = reply.json()["exams"]
    assert (exam["exam"], exam["attempts"], exam["score"], exam["max_score"]) == ("small", 1, 2, 3)
    assert exam["topics"] == [
        {
            "topic": "Basics",
            "attempts": 1,
            "score": 2,
            "max_score": 2,
            "share": 1.0,
            "parts_answered": 1,
            "parts_total": 2,
            "tried": True,
            "first_score": 2,
            "first_max_score": 2,
            "first_share": 1.0,
        },
        {
            "topic": "Calculus",
            "attempts": 1,
            "score": 0,
            "max_score": 1,
            "share": 0.0,
            "parts_answered": 1,
            "parts_total": 3,
            "tried": True,
            "first_score": 0,
            "first_max_score": 1,
            "first_share": 0.0,
        },
    ]


def test_another_students_work_does_not_show_in_my_progress(api, client_for, small_exam, outsider):
    api.post("/api/exams/small/attempts/", {"mode": "practice"})
    [exam] = client_for(outsider).get("/api/me/progress/").json()["exams"]
    assert (exam["attempts"], exam["score"], exam["max_score"]) == (0, 0, 0)
    assert [(t["topic"], t["tried"], t["parts_total"]) for t in exam["topics"]] == [
        ("Basics", False, 2),
        ("Calculus", False, 3),
    ]


def test_progress_needs_a_signed_in_user(client_for):
    assert client_for(None).get("/api/me/progress/").status_code == 401


def test_the_blank_parts_of_a_submitted_exam_do_not_count_against_a_topic(
    api, small_exam, django_capture_on_commit_callbacks
):
    attempt = api.post("/api/exams/small/attempts/", {"mode": "exam"}).json()["id"]
    numeric = Part.objects.get(kind="numeric")
    with django_capture_on_commit_callbacks(execute=True):
        api.put(f"/api/attempts/{attempt}/parts/{numeric.pk}/", {"answer": "0.5"})
        api.post(f"/api/attempts/{attempt}/submit/")
    [exam] = api.get("/api/me/progress/").json()["exams"]
    topics = {t["topic"]: t for t in exam["topics"]}
    assert (exam["score"], exam["max_score"]) == (1, 1)
    assert (topics["Calculus"]["share"], topics["Calculus"]["parts_answered"]) == (1.0, 1)
    assert (topics["Basics"]["tried"], topics["Basics"]["max_score"]) == (False, 0)
