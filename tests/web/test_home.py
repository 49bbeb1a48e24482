"""The exam list: every exam, and for a student their own attempts and best score."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from quizapp.models import Attempt
from quizapp.services import attempt_start


def _finish(attempt: Attempt, score: str) -> Attempt:
    attempt.status = Attempt.Status.GRADED
    attempt.submitted_at = timezone.now()
    attempt.save()
    response = attempt.responses.first()
    response.auto_score = Decimal(score)
    response.status = "graded"
    response.save()
    return attempt


def test_anonymous_visitors_see_the_exams_and_how_to_join(client, small_exam):
    html = client.get("/").content.decode()
    assert small_exam.title in html
    assert 'href="/signup/"' in html
    assert "Your best" not in html


def test_a_student_sees_their_attempts_and_best_score(alice, student, small_exam):
    _finish(attempt_start(student=student, exam=small_exam, mode="practice"), "1")
    _finish(attempt_start(student=student, exam=small_exam, mode="exam"), "2")
    attempt_start(student=student, exam=small_exam, mode="practice")
    response = alice.get("/")
    html = response.content.decode()
    exam = response.context["cards"][0]
    assert exam.best.score == Decimal(2)
    assert exam.best.max_score == Decimal(5)
    assert "40%" in html
    assert len(exam.recent) == 3
    assert "Continue" in html


def test_topic_practice_does_not_count_as_best_score(alice, student, small_exam):
    topic = small_exam.topics.get(name="Basics")
    _finish(attempt_start(student=student, exam=small_exam, mode="practice", topic=topic), "2")
    assert alice.get("/").context["cards"][0].best is None


def test_a_student_does_not_see_another_students_attempts(alice, outsider, small_exam):
    _finish(attempt_start(student=outsider, exam=small_exam, mode="exam"), "2")
    response = alice.get("/")
    assert response.context["cards"][0].recent == []
    assert response.context["cards"][0].best is None


def test_an_exam_attempt_past_its_deadline_is_listed_as_submitted(alice, exam_attempt):
    Attempt.objects.filter(pk=exam_attempt.pk).update(
        deadline=timezone.now() - timedelta(seconds=1)
    )
    alice.get("/")
    exam_attempt.refresh_from_db()
    assert exam_attempt.status != Attempt.Status.IN_PROGRESS


def test_a_retired_question_is_counted_the_same_on_the_page_and_in_the_api(alice, small_exam):
    small_exam.questions.filter(number=2).update(retired=True)
    [card] = alice.get("/").context["cards"]
    [listed] = alice.get("/api/exams/").json()["results"]
    assert card.exam.question_count == listed["question_count"] == 1
    assert card.exam.max_points == listed["max_points"] == 2


def test_the_recent_attempts_are_the_newest_three_newest_first(alice, student, small_exam):
    started = [attempt_start(student=student, exam=small_exam, mode="practice") for _ in range(5)]
    [card] = alice.get("/").context["cards"]
    assert [a.pk for a in card.recent] == [a.pk for a in reversed(started[-3:])]
    assert card.attempt_count == 5
