"""One student's pending practice checks are bounded (GRADING_PENDING_PER_STUDENT): the next
is refused with a clear 429 until they are graded, so one student cannot starve the workers;
other students and exam submits are never refused."""

import pytest
from rest_framework.test import APIClient

from quizapp.models import Part, Response
from quizapp.services import (
    TooBusy,
    answer_save,
    attempt_start,
    attempt_submit,
    response_check,
    response_grade,
)
from tests.factories import exam_with_key_markers as small_exam

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def budget_of_two(settings):
    settings.GRADING_PENDING_PER_STUDENT = 2


@pytest.fixture
def exam():
    return small_exam(slug="small")


def _parts(attempt) -> dict[str, Part]:
    return {r.part.kind: r.part for r in attempt.responses.select_related("part")}


def _fill(attempt) -> dict[str, Part]:
    parts = _parts(attempt)
    answer_save(attempt=attempt, part_id=parts["expression"].pk, answer="2x")
    answer_save(attempt=attempt, part_id=parts["numeric"].pk, answer="0.5")
    answer_save(
        attempt=attempt, part_id=parts["choice"].pk, answer=str(parts["choice"].options.first().pk)
    )
    return parts


def test_checks_beyond_the_budget_are_refused_until_graded(student, exam):
    # Tasks are queued on commit, which this test's transaction never reaches: they wait.
    attempt = attempt_start(student=student, exam=exam, mode="practice")
    parts = _fill(attempt)
    response_check(attempt=attempt, part=parts["expression"])
    response_check(attempt=attempt, part=parts["numeric"])
    with pytest.raises(TooBusy) as refused:
        response_check(attempt=attempt, part=parts["choice"])
    assert refused.value.status_code == 429
    assert refused.value.message == (
        "you have 2 answers still being graded; wait for their results before checking more"
    )
    pending = Response.objects.get(attempt=attempt, part=parts["expression"])
    response_grade(response_id=pending.pk, revision=pending.revision)
    assert response_check(attempt=attempt, part=parts["choice"]).status == "pending"


def test_another_students_checks_are_not_refused(student, outsider, exam):
    mine = attempt_start(student=student, exam=exam, mode="practice")
    parts = _fill(mine)
    response_check(attempt=mine, part=parts["expression"])
    response_check(attempt=mine, part=parts["numeric"])
    theirs = attempt_start(student=outsider, exam=exam, mode="practice")
    other_parts = _fill(theirs)
    assert response_check(attempt=theirs, part=other_parts["numeric"]).status == "pending"


def test_an_exam_submit_is_never_refused(student, exam):
    practice = attempt_start(student=student, exam=exam, mode="practice")
    parts = _fill(practice)
    response_check(attempt=practice, part=parts["expression"])
    response_check(attempt=practice, part=parts["numeric"])
    sitting = attempt_start(student=student, exam=exam, mode="exam")
    _fill(sitting)
    attempt_submit(attempt=sitting)
    # The expression waits for a worker; the choice and the number were graded on submit.
    assert sitting.responses.filter(status=Response.Status.PENDING).count() == 1


@pytest.mark.parametrize("prefer", ["", "return=minimal"])
def test_the_api_answers_a_refused_check_with_a_json_429(student, exam, prefer):
    api = APIClient(HTTP_PREFER=prefer)
    api.force_authenticate(student)
    attempt = api.post("/api/exams/small/attempts/", {"mode": "practice"}).json()["id"]
    parts = Part.objects.filter(question__exam=exam)
    url = f"/api/attempts/{attempt}/parts/{{}}/"
    assert api.put(url.format(parts.get(kind="expression").pk), {"answer": "2x"}).status_code == 200
    assert api.put(url.format(parts.get(kind="numeric").pk), {"answer": "1"}).status_code == 200
    choice = parts.get(kind="choice")
    reply = api.put(url.format(choice.pk), {"answer": choice.options.first().pk})
    assert reply.status_code == 429
    assert "still being graded" in reply.json()["detail"]
