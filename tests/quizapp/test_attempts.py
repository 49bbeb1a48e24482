"""Attempts: their own fixed order, answers saved safely, deadlines enforced by the server."""

from datetime import timedelta

import pytest
from django.utils import timezone

from quizapp.models import Attempt, Part, Question, Response
from quizapp.services import (
    AttemptClosed,
    InvalidInput,
    NotAllowed,
    answer_save,
    attempt_close_if_overdue,
    attempt_start,
    attempt_submit,
    response_check,
)
from quizapp.services.selectors import attempt_shown_questions, attempt_totals

pytestmark = pytest.mark.django_db


def _choice_part() -> Part:
    return Part.objects.filter(question__number=10).get()


def test_each_attempt_has_its_own_question_order_and_a_seed_replays_it(exam, student):
    def order(seed: int) -> list[int]:
        return attempt_start(student=student, exam=exam, mode="practice", seed=seed).question_order

    first, again, other = order(1), order(1), order(2)
    assert first == again
    assert first != other
    assert sorted(first) == sorted(other) == sorted(Question.objects.values_list("pk", flat=True))


def test_the_order_is_fixed_for_the_attempts_lifetime(exam, student):
    attempt = attempt_start(student=student, exam=exam, mode="practice")
    first = [
        (v.question.pk, [o.pk for p in v.parts for o in p.options])
        for v in attempt_shown_questions(attempt=attempt)
    ]
    again = [
        (v.question.pk, [o.pk for p in v.parts for o in p.options])
        for v in attempt_shown_questions(attempt=Attempt.objects.get(pk=attempt.pk))
    ]
    assert first == again and len(first) == Question.objects.count()


def test_options_are_shuffled_but_true_false_stays_in_order(exam, student):
    choice = _choice_part()
    truefalse = Part.objects.get(question__number=17)
    in_bank_order = list(choice.options.values_list("pk", flat=True))
    orders = []
    for seed in (1, 2):
        attempt = attempt_start(student=student, exam=exam, mode="practice", seed=seed)
        orders.append(attempt.option_order[str(choice.pk)])
        assert attempt.option_order[str(truefalse.pk)] == list(
            truefalse.options.values_list("pk", flat=True)
        )
    assert orders[0] != orders[1]
    assert sorted(orders[0]) == sorted(orders[1]) == sorted(in_bank_order)


def test_a_topic_attempt_holds_only_that_topics_questions(exam, student):
    topic = Question.objects.get(number=35).topic
    attempt = attempt_start(student=student, exam=exam, mode="practice", topic=topic)
    assert set(
        Question.objects.filter(pk__in=attempt.question_order).values_list("topic", flat=True)
    ) == {topic.pk}


def test_an_unknown_mode_is_refused(exam, student):
    with pytest.raises(InvalidInput, match="mode"):
        attempt_start(student=student, exam=exam, mode="cram")


def test_an_option_of_another_part_is_refused(exam, student):
    attempt = attempt_start(student=student, exam=exam, mode="exam")
    other = Part.objects.get(question__number=11).options.first()
    with pytest.raises(InvalidInput, match="choose one"):
        answer_save(attempt=attempt, part_id=_choice_part().pk, answer=str(other.pk))


def test_answer_after_the_deadline_is_refused_and_nothing_changes(exam, student):
    attempt = attempt_start(student=student, exam=exam, mode="exam")
    part = _choice_part()
    option = part.options.first()
    answer_save(attempt=attempt, part_id=part.pk, answer=str(option.pk))
    Attempt.objects.filter(pk=attempt.pk).update(deadline=timezone.now() - timedelta(seconds=1))
    attempt.refresh_from_db()
    with pytest.raises(AttemptClosed, match="time"):
        answer_save(attempt=attempt, part_id=part.pk, answer=str(part.options.last().pk))
    assert Response.objects.get(attempt=attempt, part=part).answer == str(option.pk)


def test_an_overdue_exam_is_submitted_by_the_server_at_its_deadline(exam, student):
    attempt = attempt_start(student=student, exam=exam, mode="exam")
    deadline = timezone.now() - timedelta(minutes=1)
    Attempt.objects.filter(pk=attempt.pk).update(deadline=deadline)
    attempt = attempt_close_if_overdue(attempt=Attempt.objects.get(pk=attempt.pk))
    assert attempt.status != Attempt.Status.IN_PROGRESS
    assert attempt.submitted_at == deadline


def test_a_stale_tab_cannot_overwrite_a_newer_answer(exam, student):
    attempt = attempt_start(student=student, exam=exam, mode="exam")
    part = _choice_part()
    first, second = list(part.options.all())[:2]
    seen = answer_save(attempt=attempt, part_id=part.pk, answer=str(first.pk)).revision
    answer_save(attempt=attempt, part_id=part.pk, answer=str(second.pk), revision=seen)
    with pytest.raises(AttemptClosed, match="another window"):
        answer_save(attempt=attempt, part_id=part.pk, answer=str(first.pk), revision=seen - 1)
    assert Response.objects.get(attempt=attempt, part=part).answer == str(second.pk)


def test_an_invalid_draft_is_kept_when_asked(exam, student):
    attempt = attempt_start(student=student, exam=exam, mode="practice")
    part = Part.objects.get(question__number=34, kind="expression")
    response = answer_save(attempt=attempt, part_id=part.pk, answer="sigma(c z", keep_invalid=True)
    assert (response.answer, response.status) == ("sigma(c z", Response.Status.INVALID)


def test_checking_is_for_practice_only(exam, student):
    attempt = attempt_start(student=student, exam=exam, mode="exam")
    with pytest.raises(NotAllowed):
        response_check(attempt=attempt, part=_choice_part())


def test_submitting_grades_blanks_as_zero_and_twice_is_harmless(
    exam, student, django_capture_on_commit_callbacks
):
    attempt = attempt_start(student=student, exam=exam, mode="exam")
    part = _choice_part()
    answer_save(attempt=attempt, part_id=part.pk, answer=str(part.options.get(correct=True).pk))
    with django_capture_on_commit_callbacks(execute=True):
        attempt_submit(attempt=attempt)
    attempt_submit(attempt=attempt)
    attempt.refresh_from_db()
    totals = attempt_totals(attempt=attempt)
    assert attempt.status == Attempt.Status.GRADED
    assert totals.score == 2 and totals.answered == 1
    blank = Response.objects.filter(attempt=attempt, answer="").first()
    assert (blank.status, blank.auto_score) == (Response.Status.GRADED, 0)
    with pytest.raises(AttemptClosed, match="submitted"):
        answer_save(attempt=attempt, part_id=part.pk, answer="")


def test_a_practice_part_cannot_change_once_checked(
    exam, student, django_capture_on_commit_callbacks
):
    attempt = attempt_start(student=student, exam=exam, mode="practice")
    part = _choice_part()
    wrong, right = part.options.filter(correct=False).first(), part.options.get(correct=True)
    answer_save(attempt=attempt, part_id=part.pk, answer=str(wrong.pk))
    with django_capture_on_commit_callbacks(execute=True):
        response_check(attempt=attempt, part=part)
    with pytest.raises(AttemptClosed, match="checked"):
        answer_save(attempt=attempt, part_id=part.pk, answer=str(right.pk))
    assert Response.objects.get(attempt=attempt, part=part).auto_score == 0


def test_saving_the_same_answer_again_keeps_the_revision(exam, student):
    attempt = attempt_start(student=student, exam=exam, mode="exam")
    part = _choice_part()
    first = answer_save(attempt=attempt, part_id=part.pk, answer="").revision
    assert answer_save(attempt=attempt, part_id=part.pk, answer="").revision == first


def test_a_choice_is_stored_in_one_spelling(exam, student):
    attempt = attempt_start(student=student, exam=exam, mode="exam")
    part = _choice_part()
    option = part.options.first()
    saved = answer_save(attempt=attempt, part_id=part.pk, answer=f" 00{option.pk} ")
    assert saved.answer == str(option.pk)


def test_a_late_unreadable_answer_is_refused_as_late(exam, student):
    attempt = attempt_start(student=student, exam=exam, mode="exam")
    Attempt.objects.filter(pk=attempt.pk).update(deadline=timezone.now() - timedelta(seconds=1))
    attempt.refresh_from_db()
    part = Part.objects.get(question__number=34, kind="expression")
    with pytest.raises(AttemptClosed):
        answer_save(attempt=attempt, part_id=part.pk, answer="sigma(c z")
