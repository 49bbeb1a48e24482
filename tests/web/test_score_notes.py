"""Students see what instructors changed in the scores since, on the question: nullified (it
no longer counts, and why), or regraded after a correction to its key (their score before
and after); the results count only what counts."""

import pytest

from quizapp.models import Part, Question
from quizapp.services.nullifying import part_nullify, question_nullify
from quizapp.services.regrading import regrade_start
from tests.factories import exam_answered

pytestmark = pytest.mark.django_db

ANSWERS = {"choice": "right", "expression": "x + x", "numeric": "0.5"}


@pytest.fixture
def graded(student, small_exam):
    return exam_answered(student=student, exam=small_exam, answers=ANSWERS)


def test_a_nullified_question_says_so_and_leaves_the_total(alice, graded, instructor):
    question_nullify(
        question=Question.objects.get(number=1), by=instructor, reason="Two options are right."
    )
    page = alice.get(f"/attempts/{graded.pk}/results/")
    html = page.content.decode()
    assert (page.context["totals"].score, page.context["totals"].max_score) == (1, 3)
    assert "<strong>This question was nullified: it no longer counts.</strong>" in html
    assert "Two options are right." in html
    assert "nullified: does not count" in html


def test_a_nullified_part_says_so_on_its_question(alice, graded, instructor):
    part_nullify(part=Part.objects.get(kind="numeric"), by=instructor, reason="Misprinted value.")
    html = alice.get(f"/attempts/{graded.pk}/results/").content.decode()
    assert "<strong>Part (b) was nullified: it no longer counts.</strong>" in html
    assert "1 / 2 points" in html  # question 2: the expression 1 of 1, the text 0 of 1


def test_a_regraded_part_tells_the_student_their_old_and_new_score(
    alice, bob, graded, instructor, django_capture_on_commit_callbacks
):
    numeric = Part.objects.get(kind="numeric")
    numeric.answer = {"value": 0.5}
    numeric.save()
    with django_capture_on_commit_callbacks(execute=True):
        regrade_start(part=numeric, by=instructor)
    html = alice.get(f"/attempts/{graded.pk}/results/").content.decode()
    assert "after a correction to its key: your score changed from 0 to 1.</strong>" in html
    assert "Part (b) was regraded on " in html
    assert bob.get(f"/attempts/{graded.pk}/results/").status_code == 404
