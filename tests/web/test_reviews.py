"""The "Due" page and the header's badge; a review session from the page."""

from datetime import timedelta

from django.utils import timezone

from quizapp.models import ReviewCard
from quizapp.services import attempt_start
from quizapp.services.reviews import review_record


def _card(student, small_exam, *, due_in: timedelta) -> ReviewCard:
    attempt = attempt_start(student=student, exam=small_exam, mode="practice")
    response = attempt.responses.select_related("part", "attempt").get(part__kind="choice")
    response.status, response.auto_score, response.answer = "graded", 0, "1"
    response.save()
    review_record(response=response)
    ReviewCard.objects.update(due=timezone.now() + due_in)
    return ReviewCard.objects.get()


def test_nothing_due_says_when_the_next_part_is(alice, student, small_exam):
    _card(student, small_exam, due_in=timedelta(days=2))
    page = alice.get("/reviews/")
    html = page.content.decode()
    assert "Nothing is due" in html and "The next part falls due on" in html
    assert "badge-due" not in html


def test_due_parts_are_listed_with_a_badge_and_a_session_starts(alice, student, small_exam):
    _card(student, small_exam, due_in=-timedelta(minutes=1))
    html = alice.get("/").content.decode()
    assert '<span class="badge badge-due">1<span class="visually-hidden"> parts to review' in html
    page = alice.get("/reviews/").content.decode()
    assert "Question 1" in page and "Review 1 part" in page
    started = alice.post("/reviews/session/", {"exam": "small"})
    assert started.status_code == 302
    attempt = student.attempts.latest("pk")
    assert started["Location"] == f"/attempts/{attempt.pk}/"
    assert attempt.review and list(attempt.responses.values_list("part__kind", flat=True)) == [
        "choice"
    ]


def test_a_session_with_nothing_due_is_refused_with_a_reason(alice, small_exam):
    reply = alice.post("/reviews/session/")
    assert reply.status_code == 422
    assert "Nothing is due for review." in reply.content.decode()
    assert alice.post("/reviews/session/", {"exam": "nope"}).status_code == 404
