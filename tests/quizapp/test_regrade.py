"""Regrading a part after its key was corrected: the dry run saves nothing; the run grades
every answer the engine graded again, records each old and new grade, leaves hand-marked
answers alone, resumes where it stopped and changes nothing the second time."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.conf import settings
from django.utils import timezone

from quizapp.accounts import upsert_user
from quizapp.models import Part, Regrade, RegradeChange, Response
from quizapp.services import (
    answer_save,
    attempt_start,
    grading_sweep,
    question_try_again,
    response_check,
    response_review,
)
from quizapp.services.errors import NotAllowed
from quizapp.services.regrading import regrade_batch, regrade_preview, regrade_start
from quizapp.services.selectors import attempt_shown_questions
from quizapp.tasks import regrade_batch as regrade_task
from tests.factories import exam_answered, exam_with_key_markers

pytestmark = pytest.mark.django_db


@pytest.fixture
def small_exam(db):
    return exam_with_key_markers(slug="small")


@pytest.fixture
def numeric(small_exam) -> Part:
    return Part.objects.get(kind=Part.Kind.NUMERIC)


@pytest.fixture
def answered(small_exam, student, outsider):
    """Alice answered 0.5 (wrong against the key 0.375), Bob 0.375 (right); both graded."""
    return {
        "alice": exam_answered(student=student, exam=small_exam, answers={"numeric": "0.5"}),
        "bob": exam_answered(student=outsider, exam=small_exam, answers={"numeric": "0.375"}),
    }


def _corrected(part: Part, value: float = 0.5) -> Part:
    part.answer = {**part.answer, "value": value}
    part.save()
    return part


def _grade(attempt, part: Part) -> tuple:
    response = Response.objects.get(attempt=attempt, part=part)
    return (response.status, response.correct, response.auto_score)


def _run(part: Part, by, django_capture_on_commit_callbacks) -> Regrade:
    with django_capture_on_commit_callbacks(execute=True):
        regrade = regrade_start(part=part, by=by)
    regrade.refresh_from_db()
    return regrade


def test_the_dry_run_reports_the_changes_and_saves_nothing(answered, numeric):
    _corrected(numeric)
    summary = regrade_preview(part=numeric)
    assert (summary.checked, summary.changed, summary.up, summary.down) == (2, 2, 1, 1)
    assert summary.points_change == 0
    rows = {
        c.response.attempt.student.username: (c.old_score, c.new_score) for c in summary.changes
    }
    assert rows == {"alice": (0, 1), "bob": (1, 0)}
    assert _grade(answered["alice"], numeric) == ("graded", False, 0)
    assert _grade(answered["bob"], numeric) == ("graded", True, 1)
    assert not Regrade.objects.exists() and not RegradeChange.objects.exists()


def test_the_run_records_every_old_and_new_grade(
    answered, numeric, instructor, django_capture_on_commit_callbacks
):
    _corrected(numeric)
    regrade = _run(numeric, instructor, django_capture_on_commit_callbacks)
    assert (regrade.status, regrade.done, regrade.total, regrade.started_by) == (
        "done",
        2,
        2,
        instructor,
    )
    assert regrade.finished_at is not None
    records = {
        c.response.attempt.student.username: (
            c.old_status,
            c.old_correct,
            c.old_score,
            c.new_status,
            c.new_correct,
            c.new_score,
        )
        for c in regrade.changes.select_related("response__attempt__student")
    }
    assert records == {
        "alice": ("graded", False, 0, "graded", True, 1),
        "bob": ("graded", True, 1, "graded", False, 0),
    }
    assert _grade(answered["alice"], numeric) == ("graded", True, 1)
    assert _grade(answered["bob"], numeric) == ("graded", False, 0)
    assert Response.objects.get(attempt=answered["alice"], part=numeric).regraded.regrade == regrade


def test_a_second_run_changes_nothing(
    answered, numeric, instructor, django_capture_on_commit_callbacks
):
    _corrected(numeric)
    _run(numeric, instructor, django_capture_on_commit_callbacks)
    again = _run(numeric, instructor, django_capture_on_commit_callbacks)
    assert (again.status, again.done, again.changes.count()) == ("done", 2, 0)
    assert RegradeChange.objects.count() == 2
    assert regrade_preview(part=numeric).changed == 0


def test_hand_marked_answers_are_left_alone(
    answered, numeric, instructor, django_capture_on_commit_callbacks
):
    bob = Response.objects.get(attempt=answered["bob"], part=numeric)
    response_review(response=bob, reviewer=instructor, score=Decimal("0.5"), feedback="Half.")
    _corrected(numeric)
    assert regrade_preview(part=numeric).checked == 1
    regrade = _run(numeric, instructor, django_capture_on_commit_callbacks)
    assert regrade.changes.get().response.attempt == answered["alice"]
    bob.refresh_from_db()
    assert (bob.auto_score, bob.review_score, bob.score) == (1, Decimal("0.5"), Decimal("0.5"))


def test_a_written_part_cannot_be_regraded(small_exam, instructor):
    text = Part.objects.get(kind=Part.Kind.TEXT)
    with pytest.raises(NotAllowed, match="marked by hand"):
        regrade_preview(part=text)
    with pytest.raises(NotAllowed, match="marked by hand"):
        regrade_start(part=text, by=instructor)
    assert not Regrade.objects.exists()


def test_a_stopped_run_resumes_where_it_stopped_and_regrades_each_answer_once(
    small_exam, numeric, instructor, settings, django_capture_on_commit_callbacks
):
    settings.REGRADE_BATCH_SIZE = 1
    for name in ("amy", "ben", "cat"):
        student = upsert_user(name, f"{name}-password-1")
        exam_answered(student=student, exam=small_exam, answers={"numeric": "0.5"})
    _corrected(numeric)
    regrade = regrade_start(part=numeric, by=instructor)  # queued; no worker took it
    assert regrade_batch(regrade_id=regrade.pk) == "1 answers regraded, 1 changed"
    # The worker died before the next batch was queued: starting again resumes the run.
    resumed = _run(numeric, instructor, django_capture_on_commit_callbacks)
    assert resumed.pk == regrade.pk
    assert (resumed.status, resumed.done, resumed.total) == ("done", 3, 3)
    assert RegradeChange.objects.filter(regrade=regrade).count() == 3
    assert regrade_task(regrade.pk) == "skipped: done"  # a late duplicate does nothing


def test_a_run_stops_if_the_key_changes_meanwhile(answered, numeric, instructor):
    _corrected(numeric)
    regrade = regrade_start(part=numeric, by=instructor)
    _corrected(numeric, value=0.25)
    assert regrade_batch(regrade_id=regrade.pk) == "stopped: the key changed during the run"
    regrade.refresh_from_db()
    assert (regrade.status, regrade.done) == ("stopped", 0)
    assert _grade(answered["alice"], numeric) == ("graded", False, 0)


def test_starting_again_after_another_correction_stops_the_old_run(answered, numeric, instructor):
    _corrected(numeric)
    first = regrade_start(part=numeric, by=instructor)  # queued; no worker took it
    _corrected(numeric, value=0.25)
    second = regrade_start(part=numeric, by=instructor)
    first.refresh_from_db()
    assert (first.status, second.status, second.key["answer"]["value"]) == (
        "stopped",
        "queued",
        0.25,
    )


def test_the_student_sees_a_note_with_the_old_and_new_score(
    answered, numeric, instructor, django_capture_on_commit_callbacks
):
    _corrected(numeric)
    regrade = _run(numeric, instructor, django_capture_on_commit_callbacks)
    question = next(
        q for q in attempt_shown_questions(attempt=answered["alice"]) if q.question.number == 2
    )
    day = f"{timezone.localtime(regrade.changes.first().changed_at):%-d %B %Y}"
    assert [note.change for note in question.score_notes] == [
        f"Part (b) was regraded on {day} after a correction to its key: your score changed "
        "from 0 to 1."
    ]


def test_trying_again_drops_the_note_of_the_earlier_try(
    small_exam, student, numeric, instructor, django_capture_on_commit_callbacks
):
    practice = attempt_start(student=student, exam=small_exam, mode="practice")
    for part in numeric.question.parts.all():  # a question is tried again once all is checked
        answer_save(attempt=practice, part_id=part.pk, answer="0.5" if part == numeric else "2 x")
        with django_capture_on_commit_callbacks(execute=True):
            response_check(attempt=practice, part=part)
    _corrected(numeric)
    _run(numeric, instructor, django_capture_on_commit_callbacks)
    assert Response.objects.get(attempt=practice, part=numeric).regraded is not None
    question_try_again(attempt=practice, question_id=numeric.question_id)
    assert Response.objects.get(attempt=practice, part=numeric).regraded is None


def test_the_sweep_queues_a_run_that_stopped_moving_once(
    answered, numeric, instructor, django_capture_on_commit_callbacks
):
    regrade = regrade_start(part=numeric, by=instructor)  # its message was lost
    later = timezone.now() + timedelta(seconds=settings.GRADING_STALE_SECONDS + 1)
    with django_capture_on_commit_callbacks(execute=True):
        assert grading_sweep(now=later)["regrades"] == 1
    regrade.refresh_from_db()
    assert (regrade.status, regrade.done) == ("done", 2)
    assert grading_sweep(now=later)["regrades"] == 0


def test_a_slow_batch_ends_early_and_the_next_goes_on(small_exam, numeric, instructor, settings):
    for name in ("amy", "ben", "cat"):
        student = upsert_user(name, f"{name}-password-1")
        exam_answered(student=student, exam=small_exam, answers={"numeric": "0.5"})
    _corrected(numeric)
    settings.CELERY_TASK_SOFT_TIME_LIMIT = 0  # every answer takes longer than half of it
    regrade = regrade_start(part=numeric, by=instructor)
    assert regrade_batch(regrade_id=regrade.pk) == "1 answers regraded, 1 changed"
    assert regrade_batch(regrade_id=regrade.pk) == "1 answers regraded, 1 changed"
    regrade.refresh_from_db()
    assert (regrade.status, regrade.done) == ("running", 2)
