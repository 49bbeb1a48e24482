"""The whole CS-433 exam through the API, as a client would, graded by a real Celery worker
on the real PostgreSQL and Redis: every automatically graded part answered right gets full
marks, and the written parts wait for an instructor."""

import time
from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from quizapp.models import Option, Part

pytestmark = pytest.mark.integration

PROSE = "The regularizer shrinks the weights, trading a little bias for less variance."


def right_answer(part: Part) -> str:
    if part.kind == Part.Kind.CHOICE:
        return str(Option.objects.get(part=part, correct=True).pk)
    if part.kind == Part.Kind.NUMERIC:
        return str(part.answer["value"])
    if part.kind == Part.Kind.EXPRESSION:
        return part.answer["expected"]
    return PROSE


def poll(client: APIClient, url: str, until, timeout: float = 180) -> dict:
    deadline = time.monotonic() + timeout
    while True:
        body = client.get(url).json()
        if until(body):
            return body
        assert time.monotonic() < deadline, f"still not done after {timeout}s: {body['status']}"
        time.sleep(0.5)


def test_a_perfect_exam_gets_full_marks_on_every_automatic_part(
    exam, student, celery_worker_process
):
    client = APIClient()
    token = client.post(
        "/api/auth/token/", {"username": "alice", "password": "alice-password-1"}
    ).json()["token"]
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    [listed] = client.get("/api/exams/").json()["results"]
    assert (listed["slug"], listed["question_count"]) == (
        "cs433-2024",
        exam.questions.filter(retired=False).count(),
    )

    started = client.post("/api/exams/cs433-2024/attempts/", {"mode": "exam"})
    assert started.status_code == 201
    attempt = started.json()
    parts = [part for question in attempt["questions"] for part in question["parts"]]
    for shown in parts:
        reply = client.put(
            f"/api/attempts/{attempt['id']}/parts/{shown['id']}/",
            {"answer": right_answer(Part.objects.get(pk=shown["id"]))},
        )
        assert reply.status_code == 200, reply.json()
        assert reply.json()["status"] == "saved"

    submitted = client.post(f"/api/attempts/{attempt['id']}/submit/")
    assert submitted.status_code == 202
    graded = poll(
        client, f"/api/attempts/{attempt['id']}/", until=lambda body: body["status"] == "graded"
    )

    results = {part["id"]: part for q in graded["questions"] for part in q["parts"]}
    in_use = Part.objects.filter(question__exam=exam, question__retired=False, retired=False)
    assert set(results) == set(in_use.values_list("pk", flat=True))
    auto, text = in_use.exclude(kind=Part.Kind.TEXT), in_use.filter(kind=Part.Kind.TEXT)
    assert auto.filter(kind=Part.Kind.EXPRESSION).exists() and text.exists()
    for part in auto:
        result = results[part.pk]
        assert (result["status"], result["correct"], result["score"]) == (
            "graded",
            True,
            float(part.points),
        ), (part, result)
    for part in text:
        assert results[part.pk]["status"] == "needs_review"
        assert results[part.pk]["score"] is None
        assert results[part.pk]["rubric"]
    auto_points = sum((part.points for part in auto), Decimal(0))
    assert graded["score"] == float(auto_points)
    assert (graded["needs_review"], graded["pending"]) == (text.count(), 0)
