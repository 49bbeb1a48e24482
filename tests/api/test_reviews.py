"""Spaced repetition through the API."""

from datetime import timedelta

import pytest
from django.utils import timezone

from quizapp.models import Part, ReviewCard

pytestmark = pytest.mark.django_db


def _answered_wrong(api, django_capture_on_commit_callbacks) -> int:
    attempt = api.post("/api/exams/small/attempts/", {"mode": "practice"}).json()["id"]
    choice = Part.objects.get(question__number=1)
    wrong = choice.options.filter(correct=False).first()
    with django_capture_on_commit_callbacks(execute=True):
        api.put(f"/api/attempts/{attempt}/parts/{choice.pk}/", {"answer": str(wrong.pk)})
    return choice.pk


def test_due_cards_are_listed_and_a_session_holds_them(
    api, small_exam, django_capture_on_commit_callbacks
):
    part = _answered_wrong(api, django_capture_on_commit_callbacks)
    assert api.get("/api/me/reviews/").json() == []  # due in ten minutes
    soon = (timezone.now() + timedelta(minutes=15)).isoformat()
    [card] = api.get("/api/me/reviews/", {"due_before": soon}).json()
    assert (card["part_id"], card["question"], card["exam"], card["state"]) == (
        part,
        1,
        "small",
        "learning",
    )
    assert 0 < card["retrievability"] <= 1
    assert api.post("/api/me/reviews/session/").status_code == 422
    ReviewCard.objects.update(due=timezone.now())
    session = api.post("/api/me/reviews/session/", {"exam": "small"}, format="json")
    assert session.status_code == 201
    assert [p["id"] for q in session.json()["questions"] for p in q["parts"]] == [part]


@pytest.mark.parametrize(
    ("method", "url", "body", "status"),
    [
        ("get", "/api/me/reviews/", {"due_before": "tomorrow"}, 400),
        ("post", "/api/me/reviews/session/", {"exam": "no such"}, 400),
        ("post", "/api/me/reviews/session/", {"exam": "nope"}, 404),
    ],
)
def test_bad_review_requests_are_refused(api, small_exam, method, url, body, status):
    assert (
        getattr(api, method)(url, body, format="json" if method == "post" else None).status_code
        == status
    )


def test_reviews_need_a_signed_in_user(client_for):
    assert client_for(None).get("/api/me/reviews/").status_code == 401
