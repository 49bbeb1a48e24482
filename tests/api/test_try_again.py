"""Practice's "Try again" through the API, as documented in the schema."""

import pytest

from quizapp.models import Part

pytestmark = pytest.mark.django_db


def _question(attempt: dict, number: int) -> dict:
    return next(q for q in attempt["questions"] if q["number"] == number)


def test_a_checked_question_is_tried_again_and_comes_back_blank(
    api, small_exam, django_capture_on_commit_callbacks
):
    attempt = api.post("/api/exams/small/attempts/", {"mode": "practice"}).json()
    choice = Part.objects.get(question__number=1)
    url = f"/api/attempts/{attempt['id']}/questions/{choice.question_id}/try-again/"
    assert api.post(url).status_code == 409  # not checked yet
    assert _question(attempt, 1)["can_try_again"] is False
    with django_capture_on_commit_callbacks(execute=True):
        api.put(
            f"/api/attempts/{attempt['id']}/parts/{choice.pk}/",
            {
                "answer": str(choice.options.get(correct=True).pk),
            },
            format="json",
        )
    checked = api.get(f"/api/attempts/{attempt['id']}/").json()
    assert _question(checked, 1)["can_try_again"] is True
    reply = api.post(url)
    assert reply.status_code == 200
    question = _question(reply.json(), 1)
    assert (question["try_number"], question["can_try_again"]) == (2, False)
    assert question["parts"][0]["answer"] == ""


def test_try_again_on_an_unknown_question_or_an_exam_is_refused(api, small_exam):
    practice = api.post("/api/exams/small/attempts/", {"mode": "practice"}).json()
    exam = api.post("/api/exams/small/attempts/", {"mode": "exam"}).json()
    first = exam["questions"][0]["id"]
    unknown = api.post(f"/api/attempts/{practice['id']}/questions/999999/try-again/")
    assert unknown.status_code == 404
    in_exam = api.post(f"/api/attempts/{exam['id']}/questions/{first}/try-again/")
    assert in_exam.status_code == 403
    assert in_exam.json()["detail"] == "only practice questions can be tried again"
