"""The progress page: attempts over time, points per topic, the questions most often
missed, and practising the weakest topic."""

import re
from decimal import Decimal

from django.utils import timezone

from quizapp.models import Attempt, Response
from quizapp.services import attempt_start


def _graded(student, exam, scores: dict[str, str], mode="practice") -> Attempt:
    """An attempt graded with the given points per part kind (others 0)."""
    attempt = attempt_start(student=student, exam=exam, mode=mode)
    for response in attempt.responses.select_related("part"):
        response.answer = "1"
        response.status = Response.Status.GRADED
        response.auto_score = Decimal(scores.get(response.part.kind, "0"))
        response.save()
    attempt.status = Attempt.Status.GRADED
    attempt.submitted_at = timezone.now()
    attempt.save()
    return attempt


def test_with_nothing_graded_it_says_how_to_start(alice, small_exam):
    html = alice.get(f"/exams/{small_exam.slug}/progress/").content.decode()
    assert "Nothing to show yet" in html


def test_it_charts_attempts_topics_and_missed_questions(alice, student, small_exam):
    _graded(student, small_exam, {"choice": "2"})
    _graded(student, small_exam, {"choice": "2", "expression": "1", "numeric": "1"}, "exam")
    response = alice.get(f"/exams/{small_exam.slug}/progress/")
    html = response.content.decode()
    # Attempts over time: one marker per attempt, a practice circle and an exam square.
    assert html.count('class="chart-dot chart-dot-practice"') == 1
    assert html.count('class="chart-dot chart-dot-exam"') == 1
    assert html.count("<polyline points=") == 2  # practice and exams drawn apart
    assert re.search(r"Practice, \d+ \w+: 40%", html) and re.search(r"Exam, \d+ \w+: 80%", html)
    # Points per topic: Basics 4/4, Algebra 2/6 (the text parts are graded 0 here).
    assert 'aria-label="Basics" aria-valuemin="0" aria-valuemax="100" aria-valuenow="100"' in html
    assert 'aria-label="Algebra" aria-valuemin="0" aria-valuemax="100" aria-valuenow="33"' in html
    # Missed: only the open question, in both attempts.
    missed = response.context["missed"]
    assert [(m.question.number, m.missed, m.tries) for m in missed] == [(2, 2, 2)]
    algebra = small_exam.topics.get(name="Algebra")
    assert f'name="topic" value="{algebra.pk}"' in html
    assert "Practise your weakest topic: Algebra" in html


def test_only_the_students_own_answers_count(alice, student, outsider, small_exam):
    _graded(outsider, small_exam, {"choice": "2"})
    html = alice.get(f"/exams/{small_exam.slug}/progress/").content.decode()
    assert "Nothing to show yet" in html


def test_the_progress_link_opens_the_last_exam_attempted(alice, student, small_exam):
    from tests.factories import exam_with_key_markers as build

    other = build(slug="later")
    attempt_start(student=student, exam=other, mode="practice")
    assert alice.get("/progress/")["Location"] == "/exams/later/progress/"


def test_it_requires_login(client, small_exam):
    assert client.get(f"/exams/{small_exam.slug}/progress/").status_code == 302


def _answered_only(student, exam, kinds: dict[str, str], mode: str) -> Attempt:
    """An attempt where only the parts of `kinds` were answered, graded with those points;
    submitted (its other parts blank, scored 0) if an exam, left in progress if practice."""
    attempt = attempt_start(student=student, exam=exam, mode=mode)
    for response in attempt.responses.select_related("part"):
        points = kinds.get(response.part.kind)
        response.answer = "1" if points is not None else ""
        response.status = Response.Status.GRADED if mode == "exam" or points else "blank"
        response.auto_score = Decimal(points or "0") if response.status == "graded" else None
        response.save()
    if mode == "exam":
        attempt.status = Attempt.Status.GRADED
        attempt.submitted_at = timezone.now()
        attempt.save()
    return attempt


def test_untried_topics_are_listed_apart_and_never_the_weakest(alice, student, small_exam):
    # An exam with only the expression part answered, wrongly: Basics was never tried.
    _answered_only(student, small_exam, {"expression": "0"}, "exam")
    response = alice.get(f"/exams/{small_exam.slug}/progress/")
    html = response.content.decode()
    assert [t.topic for t in response.context["tried_topics"]] == ["Algebra"]
    assert [t.topic for t in response.context["untried_topics"]] == ["Basics"]
    assert "answered 1 of 3 parts" in html
    assert 'aria-label="Algebra" aria-valuemin="0" aria-valuemax="100" aria-valuenow="0"' in html
    assert 'aria-label="Basics"' not in html
    assert "Practise your weakest topic: Algebra" in html
    # Missed: only where something was answered.
    assert [(m.question.number, m.missed, m.tries) for m in response.context["missed"]] == [
        (2, 1, 1)
    ]


def test_a_practice_in_progress_is_charted_over_the_parts_checked(alice, student, small_exam):
    practice = _answered_only(student, small_exam, {"choice": "2"}, "practice")
    _answered_only(student, small_exam, {"choice": "2", "numeric": "1"}, "exam")
    response = alice.get(f"/exams/{small_exam.slug}/progress/")
    html = response.content.decode()
    assert [a.pk for a in response.context["history"]] == [practice.pk, practice.pk + 1]
    assert html.count("chart-dot-unfinished") == 1
    assert re.search(r"Practice, in progress, \d+ \w+: 100%", html)
    assert re.search(r"Exam, \d+ \w+: 60%", html)
    assert 'class="chart-line chart-line-practice"' in html
    assert 'class="chart-line chart-line-exam"' in html
