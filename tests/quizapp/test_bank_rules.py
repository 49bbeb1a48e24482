"""One set of bank-writing rules: the admin refuses what the exam file and the instructor API
refuse, each as a form error beside its field (never a 500), and nothing that students
answered is deleted, by the admin, the loader or the database."""

import copy

import pytest
from django.db.models import RestrictedError
from django.urls import reverse

from quizapp.bank.loader import load_bank
from quizapp.models import Attempt, Option, Part, Question, Response
from quizapp.services import answer_save, attempt_start
from tests.factories import admin_part_form

pytestmark = pytest.mark.django_db


def _chosen_option(student, exam) -> Option:
    part = Question.objects.get(number=10).parts.get()
    chosen = part.options.filter(correct=False).last()
    attempt = attempt_start(student=student, exam=exam, mode=Attempt.Mode.PRACTICE)
    answer_save(attempt=attempt, part_id=part.pk, answer=str(chosen.pk))
    return chosen


def test_the_admin_refuses_an_answer_spec_the_engine_cannot_read(client, instructor, exam):
    part = Part.objects.filter(kind=Part.Kind.EXPRESSION).first()
    before = part.answer
    client.force_login(instructor)
    page = client.post(
        reverse("admin:quizapp_part_change", args=[part.pk]),
        admin_part_form(part, answer='{"expected": "((("}'),
    )
    assert page.status_code == 200
    assert list(page.context["adminform"].form.errors) == ["answer"]
    part.refresh_from_db()
    assert part.answer == before


def test_the_admin_refuses_a_figure_that_does_not_exist(client, instructor, exam):
    question = Question.objects.get(number=10)
    client.force_login(instructor)
    page = client.post(
        reverse("admin:quizapp_question_change", args=[question.pk]),
        {
            "exam": question.exam_id,
            "number": question.number,
            "topic": question.topic_id,
            "kind": question.kind,
            "prompt": question.prompt,
            "figure": "figures/missing.png",
            "solution": question.solution,
            "reconstructed": "[]",
            "parts-TOTAL_FORMS": 0,
            "parts-INITIAL_FORMS": 0,
            "parts-MIN_NUM_FORMS": 0,
            "parts-MAX_NUM_FORMS": 1000,
        },
    )
    assert page.status_code == 200
    form = page.context["adminform"].form
    assert form.errors["figure"] == ["figures/missing.png does not exist under fixtures/"]
    assert Question.objects.get(number=10).figure == question.figure


def test_the_admin_refuses_a_review_score_beyond_the_parts_points(
    client, instructor, student, exam
):
    part = Part.objects.filter(kind=Part.Kind.TEXT).first()
    attempt = attempt_start(student=student, exam=exam, mode=Attempt.Mode.PRACTICE)
    answer_save(attempt=attempt, part_id=part.pk, answer="An answer.")
    response = Response.objects.get(attempt=attempt, part=part)
    client.force_login(instructor)
    page = client.post(
        reverse("admin:quizapp_response_change", args=[response.pk]),
        {"review_score": str(part.points + 1), "feedback": ""},
    )
    assert page.status_code == 200
    assert list(page.context["adminform"].form.errors) == ["review_score"]
    response.refresh_from_db()
    assert response.review_score is None


def test_the_admin_does_not_delete_an_option_a_student_chose(client, instructor, student, exam):
    chosen = _chosen_option(student, exam)
    index = list(chosen.part.options.all()).index(chosen)
    client.force_login(instructor)
    page = client.post(
        reverse("admin:quizapp_part_change", args=[chosen.part_id]),
        admin_part_form(chosen.part, **{f"options-{index}-DELETE": "on"}),
    )
    assert page.status_code == 200
    assert "protected" in page.content.decode()
    assert Option.objects.filter(pk=chosen.pk).exists()


def test_the_database_refuses_to_delete_an_option_a_student_chose(student, exam):
    chosen = _chosen_option(student, exam)
    with pytest.raises(RestrictedError):
        chosen.delete()


def test_the_loader_retires_an_option_a_student_chose_and_deletes_the_others(
    student, exam, exam_data
):
    chosen = _chosen_option(student, exam)
    part = chosen.part
    options = list(part.options.all())
    assert options.index(chosen) == 4
    edited = copy.deepcopy(exam_data)
    [entry] = [q for q in edited["questions"] if q["number"] == 10]
    # The file keeps the first three options (the correct one among them).
    entry["parts"][0]["options"] = entry["parts"][0]["options"][:3]
    load_bank(edited)
    assert [(o.pk, o.retired) for o in part.options.all()] == [
        *[(o.pk, False) for o in options[:3]],
        (chosen.pk, True),
    ]
    assert Response.objects.get(part=part).chosen_option == chosen
