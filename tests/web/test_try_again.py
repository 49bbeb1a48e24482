"""Practice's "Try again": a checked question comes back a few questions later, blank, its
options reshuffled; every try is kept, and progress tells first tries from latest ones."""

import pytest

from quizapp.models import Attempt, EarlierTry, Question, Response
from quizapp.services import (
    AttemptClosed,
    NotAllowed,
    answer_save,
    attempt_start,
    question_try_again,
    response_check,
)
from quizapp.services.attempts import TRY_AGAIN_GAP
from tests.factories import (
    ExamFactory,
    OptionFactory,
    PartFactory,
    QuestionFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def six_choices(db):
    """Six one-part choice questions with four options, the first option right."""
    exam = ExamFactory(slug="six")
    topic = TopicFactory(exam=exam, name="Choices")
    for number in range(1, 7):
        part = PartFactory(
            question=QuestionFactory(exam=exam, topic=topic, number=number, kind="choice")
        )
        for position in range(4):
            OptionFactory(part=part, position=position, correct=position == 0)
    return exam


def _checked(attempt: Attempt, question_id: int, right: bool) -> Response:
    response = attempt.responses.select_related("part").get(part__question_id=question_id)
    option = response.part.options.get(correct=True) if right else response.part.options.last()
    answer_save(attempt=attempt, part_id=response.part_id, answer=str(option.pk), grade_now=True)
    response_check(attempt=attempt, part=response.part)
    return Response.objects.get(pk=response.pk)


def test_a_tried_again_question_comes_back_later_blank_with_its_options_reshuffled(
    student, six_choices, django_capture_on_commit_callbacks
):
    attempt = attempt_start(student=student, exam=six_choices, mode="practice", seed=4)
    first = attempt.question_order[0]
    part_key = str(Question.objects.get(pk=first).parts.get().pk)
    options_before = attempt.option_order[part_key]
    with django_capture_on_commit_callbacks(execute=True):
        wrong = _checked(attempt, first, right=False)
    again = question_try_again(attempt=attempt, question_id=first, seed=1)
    assert (
        again.question_order
        == [*attempt.question_order[1 : 1 + TRY_AGAIN_GAP], first]
        + (attempt.question_order[1 + TRY_AGAIN_GAP :])
    )
    assert again.option_order[part_key] != options_before
    assert sorted(again.option_order[part_key]) == sorted(options_before)
    response = Response.objects.get(pk=wrong.pk)
    assert (response.answer, response.status, response.auto_score, response.try_number) == (
        "",
        Response.Status.BLANK,
        None,
        2,
    )
    [kept] = EarlierTry.objects.filter(response=response)
    assert (kept.try_number, kept.answer, kept.status, kept.auto_score) == (
        1,
        wrong.answer,
        Response.Status.GRADED,
        0,
    )


def test_the_last_question_tried_again_stays_last(
    student, six_choices, django_capture_on_commit_callbacks
):
    attempt = attempt_start(student=student, exam=six_choices, mode="practice", seed=4)
    last = attempt.question_order[-1]
    with django_capture_on_commit_callbacks(execute=True):
        _checked(attempt, last, right=True)
    assert question_try_again(attempt=attempt, question_id=last).question_order[-1] == last


@pytest.mark.parametrize(
    ("situation", "refusal", "message"),
    [
        ("unchecked", AttemptClosed, "check every part"),
        ("exam", NotAllowed, "only practice"),
        ("submitted", AttemptClosed, "submitted"),
    ],
)
def test_try_again_is_refused_until_the_question_is_checked_and_only_in_open_practice(
    student, six_choices, situation, refusal, message
):
    mode = "exam" if situation == "exam" else "practice"
    attempt = attempt_start(student=student, exam=six_choices, mode=mode)
    if situation == "submitted":
        Attempt.objects.filter(pk=attempt.pk).update(status=Attempt.Status.GRADED)
        attempt.refresh_from_db()
    with pytest.raises(refusal, match=message):
        question_try_again(attempt=attempt, question_id=attempt.question_order[0])
    assert not EarlierTry.objects.exists()


def test_the_page_offers_try_again_once_checked_and_goes_on_with_the_next_question(
    client, student, six_choices, django_capture_on_commit_callbacks
):
    client.force_login(student)
    attempt = attempt_start(student=student, exam=six_choices, mode="practice", seed=4)
    first, second = attempt.question_order[:2]
    url = f"/attempts/{attempt.pk}/questions/{first}/try-again/"
    assert f'action="{url}"' not in client.get(f"/attempts/{attempt.pk}/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        _checked(attempt, first, right=True)
    assert f'action="{url}"' in client.get(f"/attempts/{attempt.pk}/").content.decode()
    reply = client.post(url)
    assert reply.status_code == 302
    assert reply["Location"] == f"/attempts/{attempt.pk}/#q-{second}"
    page = client.get(f"/attempts/{attempt.pk}/").content.decode()
    assert "try 2" in page and f'action="{url}"' not in page


@pytest.mark.parametrize(("question", "status"), [("unchecked", 409), ("unknown", 404)])
def test_a_refused_try_again_on_the_page_says_why(client, student, six_choices, question, status):
    client.force_login(student)
    attempt = attempt_start(student=student, exam=six_choices, mode="practice")
    question_id = attempt.question_order[0] if question == "unchecked" else 999999
    reply = client.post(f"/attempts/{attempt.pk}/questions/{question_id}/try-again/")
    assert reply.status_code == status
    if status == 409:
        assert "Check every part of this question before trying it again." in reply.content.decode()


def test_another_student_cannot_try_my_question_again(client, outsider, student, six_choices):
    attempt = attempt_start(student=student, exam=six_choices, mode="practice")
    client.force_login(outsider)
    reply = client.post(f"/attempts/{attempt.pk}/questions/{attempt.question_order[0]}/try-again/")
    assert reply.status_code == 404


def test_progress_tells_first_tries_from_latest_tries(
    client, student, six_choices, django_capture_on_commit_callbacks
):
    client.force_login(student)
    attempt = attempt_start(student=student, exam=six_choices, mode="practice", seed=4)
    first = attempt.question_order[0]
    with django_capture_on_commit_callbacks(execute=True):
        _checked(attempt, first, right=False)
    question_try_again(attempt=attempt, question_id=first)
    with django_capture_on_commit_callbacks(execute=True):
        _checked(Attempt.objects.get(pk=attempt.pk), first, right=True)
    [topic] = client.get("/exams/six/progress/").context["tried_topics"]
    assert (topic.score, topic.max_score, topic.first_score, topic.first_max_score) == (2, 2, 0, 2)
    assert (
        "first tries 0%, latest tries 100%" in client.get("/exams/six/progress/").content.decode()
    )
