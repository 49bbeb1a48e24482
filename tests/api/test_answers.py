"""Answering one part: practice grades at once and reveals, exam saves only; the server
refuses what cannot be read (422) and what comes too late (409)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from quizapp.models import Attempt, Option, Part, Response
from tests.factories import EXPECTED, RUBRIC, correct_answer

pytestmark = pytest.mark.django_db


@pytest.fixture
def practice(api, small_exam) -> int:
    return api.post("/api/exams/small/attempts/", {"mode": "practice"}).json()["id"]


@pytest.fixture
def exam_attempt(api, small_exam) -> int:
    return api.post("/api/exams/small/attempts/", {"mode": "exam"}).json()["id"]


def part(kind: str) -> Part:
    parts = Part.objects.filter(kind=kind)
    return parts.filter(question__kind="choice").get() if kind == "choice" else parts.get()


def url(attempt_id: int, part: Part, suffix: str = "") -> str:
    return f"/api/attempts/{attempt_id}/parts/{part.pk}/{suffix}"


def answer(client, attempt_id, part, text, prefer: dict | None = None, **extra):
    body = {"answer": text, **extra}
    return client.put(url(attempt_id, part), body, format="json", **(prefer or {}))


# The refusals are the same whichever reply the client prefers (the minimal one takes
# another path: answer_save_own).
PREFERENCES = {"whole part": {}, "minimal": {"HTTP_PREFER": "return=minimal"}}
each_preference = pytest.mark.parametrize("prefer", PREFERENCES.values(), ids=PREFERENCES)


@pytest.mark.parametrize("kind", ["choice", "numeric", "expression"])
def test_a_right_practice_answer_is_graded_at_once_and_revealed(
    api, practice, kind, django_capture_on_commit_callbacks
):
    target = part(kind)
    with django_capture_on_commit_callbacks(execute=True):
        reply = answer(api, practice, target, correct_answer(target))
    assert reply.status_code == 200
    assert reply.json()["status"] == "pending"
    body = api.get(url(practice, target)).json()
    assert body["status"] == "graded"
    assert body["revealed"] is True
    assert (body["score"], body["max_score"], body["correct"]) == (
        float(target.points),
        float(target.points),
        True,
    )
    assert body["answer"] == correct_answer(target)


def test_a_wrong_choice_shows_the_right_option_and_the_solution(
    api, practice, django_capture_on_commit_callbacks
):
    target = part("choice")
    wrong = target.options.filter(correct=False).first()
    with django_capture_on_commit_callbacks(execute=True):
        answer(api, practice, target, str(wrong.pk))
    body = api.get(url(practice, target)).json()
    assert (body["score"], body["correct"]) == (0, False)
    assert [o["text"] for o in body["options"] if o["correct"]] == ["Right"]
    assert body["solution"] == target.question.solution


def test_a_practice_answer_polls_as_pending_until_graded(api, practice):
    target = part("numeric")
    # Without the commit, the queued grading never runs: the client keeps seeing pending.
    reply = answer(api, practice, target, "0.5")
    assert reply.json()["status"] == "pending"
    body = api.get(url(practice, target)).json()
    assert body["status"] == "pending"
    assert "score" not in body or body["score"] is None


def test_the_solution_waits_until_every_part_of_the_question_is_revealed(
    api, practice, django_capture_on_commit_callbacks
):
    numeric, expression, text = part("numeric"), part("expression"), part("text")
    with django_capture_on_commit_callbacks(execute=True):
        answer(api, practice, numeric, "0.5")
    assert "solution" not in api.get(url(practice, numeric)).json()
    with django_capture_on_commit_callbacks(execute=True):
        answer(api, practice, expression, EXPECTED)
        answer(api, practice, text, "Some prose.")
    assert api.get(url(practice, numeric)).json()["solution"] == numeric.question.solution


def test_a_written_practice_answer_waits_for_review_and_keeps_the_rubric_until_the_solution(
    api, practice
):
    body = answer(api, practice, part("text"), "The chain rule.").json()
    assert body["status"] == "needs_review"
    assert "rubric" not in body  # the numeric and expression parts are still open
    assert body["score"] is None
    answer(api, practice, part("numeric"), "0.5")
    answer(api, practice, part("expression"), EXPECTED)
    assert api.get(url(practice, part("text"))).json()["rubric"] == RUBRIC


def test_an_exam_answer_is_saved_only(api, exam_attempt):
    target = part("numeric")
    body = answer(api, exam_attempt, target, "0.5").json()
    assert (body["status"], body["revealed"], body["answer"]) == ("saved", False, "0.5")
    assert not {"score", "correct", "feedback", "expected"} & body.keys()
    assert Response.objects.get(part=target).auto_score is None


def test_an_autosave_that_prefers_a_minimal_reply_gets_only_the_saved_state(api, exam_attempt):
    target = part("numeric")
    reply = api.put(
        url(exam_attempt, target),
        {"answer": "0.5"},
        format="json",
        HTTP_PREFER="respond-async, return=minimal",
    )
    saved = Response.objects.get(part=target)
    assert reply.status_code == 200
    assert reply["Preference-Applied"] == "return=minimal"
    assert reply.json() == {
        "id": target.pk,
        "revision": 1,
        "saved_at": api.get(url(exam_attempt, target)).json()["saved_at"],
        "status": "saved",
    }
    assert (saved.answer, saved.revision) == ("0.5", 1)
    # The revision it gives is the one to send next.
    again = api.put(
        url(exam_attempt, target),
        {"answer": "0.75", "revision": 1},
        format="json",
        HTTP_PREFER="return=minimal",
    )
    assert again.json()["revision"] == 2


def test_a_minimal_practice_reply_says_pending_and_reveals_nothing(api, practice):
    target = part("numeric")
    reply = api.put(
        url(practice, target), {"answer": "0.5"}, format="json", HTTP_PREFER="return=minimal"
    )
    assert reply.json()["status"] == "pending"
    assert set(reply.json()) == {"id", "revision", "saved_at", "status"}


def test_without_the_preference_the_reply_is_the_whole_part(api, exam_attempt):
    reply = api.put(
        url(exam_attempt, part("numeric")),
        {"answer": "0.5"},
        format="json",
        HTTP_PREFER="return=representation",
    )
    assert "Preference-Applied" not in reply
    assert reply.json()["prompt"] == part("numeric").prompt


@pytest.mark.parametrize(
    ("kind", "text", "message"),
    [
        ("expression", "2 x (", ""),
        ("expression", "2 y", "y"),
        ("numeric", "twelve", ""),
        ("choice", "999999", "option"),
        ("choice", "first", "option"),
    ],
)
@each_preference
def test_an_answer_that_cannot_be_read_is_422_with_the_engines_message(
    api, practice, kind, text, message, prefer
):
    reply = answer(api, practice, part(kind), text, prefer)
    assert reply.status_code == 422
    assert message in reply.json()["detail"] and reply.json()["detail"]
    assert Response.objects.get(part=part(kind)).answer == ""


@each_preference
def test_an_option_of_another_question_is_422(api, practice, prefer):
    other = Option.objects.get(part__question__kind="truefalse", text="True")
    assert answer(api, practice, part("choice"), str(other.pk), prefer).status_code == 422


def test_a_choice_may_be_sent_as_a_number(api, exam_attempt):
    right = part("choice").options.get(correct=True)
    reply = answer(api, exam_attempt, part("choice"), right.pk)
    assert reply.status_code == 200 and reply.json()["answer"] == str(right.pk)


def test_a_blank_answer_clears_the_saved_one(api, exam_attempt):
    answer(api, exam_attempt, part("numeric"), "1/2")
    body = answer(api, exam_attempt, part("numeric"), "").json()
    assert (body["answer"], body["status"]) == ("", "blank")


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"answer": None},
        {"answer": ["1"]},
        {"answer": "1", "revision": -1},
        {"answer": "1", "revision": "latest"},
    ],
)
def test_a_malformed_answer_body_is_400(api, exam_attempt, body):
    reply = api.put(url(exam_attempt, part("numeric")), body, format="json")
    assert reply.status_code == 400
    assert reply.json()


@each_preference
def test_answering_after_submitting_is_409(api, exam_attempt, prefer):
    api.post(f"/api/attempts/{exam_attempt}/submit/")
    reply = answer(api, exam_attempt, part("numeric"), "0.5", prefer)
    assert reply.status_code == 409
    assert "submitted" in reply.json()["detail"]


@each_preference
def test_answer_after_deadline_is_refused_with_409(api, exam_attempt, prefer):
    answer(api, exam_attempt, part("numeric"), "0.25")
    Attempt.objects.filter(pk=exam_attempt).update(deadline=timezone.now() - timedelta(seconds=1))
    reply = answer(api, exam_attempt, part("numeric"), "0.5", prefer)
    assert reply.status_code == 409
    assert Response.objects.get(part=part("numeric")).answer == "0.25"
    assert Attempt.objects.get(pk=exam_attempt).status != "in_progress"


@each_preference
def test_a_checked_practice_answer_is_final(api, practice, prefer):
    first = answer(api, practice, part("numeric"), "0.25")
    assert answer(api, practice, part("numeric"), "0.25", prefer).status_code == 200
    changed = answer(api, practice, part("numeric"), "0.5", prefer)
    assert changed.status_code == 409
    assert "checked" in changed.json()["detail"]
    assert api.get(url(practice, part("numeric"))).json()["revision"] == first.json()["revision"]


@each_preference
def test_an_answer_from_a_stale_tab_is_409(api, exam_attempt, prefer):
    first = answer(api, exam_attempt, part("numeric"), "0.25").json()
    answer(api, exam_attempt, part("numeric"), "0.5", prefer, revision=first["revision"])
    stale = answer(api, exam_attempt, part("numeric"), "0.75", prefer, revision=first["revision"])
    assert stale.status_code == 409
    assert Response.objects.get(part=part("numeric")).answer == "0.5"


@each_preference
@pytest.mark.parametrize("who", ["outsider", "instructor"])
def test_only_the_attempts_owner_may_answer(client_for, exam_attempt, who, request, prefer):
    client = client_for(request.getfixturevalue(who))
    assert answer(client, exam_attempt, part("numeric"), "0.5", prefer).status_code == 404
    assert Response.objects.get(part=part("numeric")).answer == ""


@each_preference
def test_a_part_outside_the_attempt_is_404(api, client_for, small_exam, student, prefer):
    topic_attempt = api.post(
        "/api/exams/small/attempts/", {"mode": "practice", "topic": "Basics"}
    ).json()["id"]
    reply = answer(api, topic_attempt, part("numeric"), "0.5", prefer)
    assert reply.status_code == 404
    assert reply.json()["detail"]
    assert api.get(f"/api/attempts/{topic_attempt}/parts/0/").status_code == 404


def test_answering_needs_a_signed_in_user(client_for, exam_attempt):
    assert answer(client_for(None), exam_attempt, part("numeric"), "0.5").status_code == 401


# Self-assessment of written answers.


def test_a_student_marks_their_written_practice_answer(api, practice):
    answer(api, practice, part("text"), "The chain rule.")
    reply = api.post(url(practice, part("text"), "self-assessment/"), {"score": "0.5"})
    assert reply.status_code == 200
    assert reply.json()["self_score"] == 0.5
    assert reply.json()["score"] is None  # a student's own marking is not a grade


@pytest.mark.parametrize(
    ("setup", "target", "body", "status"),
    [
        ("answered", "text", {"score": 2}, 422),  # over the part's points
        ("answered", "text", {"score": -1}, 422),
        ("answered", "text", {"score": "half"}, 400),
        ("answered", "text", {}, 400),
        ("blank", "text", {"score": 1}, 409),  # nothing checked yet: no solution shown
        ("answered", "numeric", {"score": 1}, 403),  # graded automatically
    ],
)
def test_self_assessment_refusals(api, practice, setup, target, body, status):
    if setup == "answered":
        answer(api, practice, part("text"), "The chain rule.")
    reply = api.post(url(practice, part(target), "self-assessment/"), body, format="json")
    assert reply.status_code == status
    assert reply.json()
    assert Response.objects.get(part=part("text")).self_score is None


def test_exam_answers_are_not_self_assessed(api, exam_attempt):
    answer(api, exam_attempt, part("text"), "The chain rule.")
    reply = api.post(url(exam_attempt, part("text"), "self-assessment/"), {"score": 1})
    assert reply.status_code == 403
    assert "instructors" in reply.json()["detail"]


def test_self_assessing_an_exam_past_its_deadline_submits_it_first(api, exam_attempt):
    answer(api, exam_attempt, part("text"), "The chain rule.")
    Attempt.objects.filter(pk=exam_attempt).update(deadline=timezone.now() - timedelta(seconds=1))
    reply = api.post(url(exam_attempt, part("text"), "self-assessment/"), {"score": 1})
    assert reply.status_code == 403
    closed = Attempt.objects.get(pk=exam_attempt)
    assert closed.status == Attempt.Status.GRADED
    assert closed.submitted_at == closed.deadline


@pytest.mark.parametrize("who", ["outsider", "instructor"])
def test_only_the_owner_self_assesses(api, client_for, practice, who, request):
    answer(api, practice, part("text"), "The chain rule.")
    other = client_for(request.getfixturevalue(who))
    reply = other.post(url(practice, part("text"), "self-assessment/"), {"score": 1})
    assert reply.status_code == 404


# The live preview.


@pytest.mark.parametrize(
    ("kind", "text", "ok"),
    [
        ("expression", "2x sigma(x)", True),
        ("expression", "2 x (", False),
        ("numeric", "1/2", True),
        ("numeric", "half", False),
        ("text", "anything", True),
        ("expression", "", True),
    ],
)
def test_validate_previews_how_an_answer_is_read(api, small_exam, kind, text, ok):
    reply = api.post("/api/validate/", {"part_id": part(kind).pk, "answer": text})
    assert reply.status_code == 200
    body = reply.json()
    assert set(body) == {"latex", "canonical", "error", "notes"}
    assert (body["error"] is None) == ok
    if ok and kind == "expression" and text:
        assert "sigma" in body["latex"] or "\\sigma" in body["latex"]


@pytest.mark.parametrize(
    "body", [{}, {"part_id": 0, "answer": "1"}, {"part_id": "x", "answer": "1"}, {"answer": "1"}]
)
def test_validate_needs_an_existing_part(api, small_exam, body):
    assert api.post("/api/validate/", body, format="json").status_code == 400


def test_validate_needs_a_signed_in_user(client_for, small_exam):
    reply = client_for(None).post("/api/validate/", {"part_id": part("numeric").pk, "answer": "1"})
    assert reply.status_code == 401


# How grading states read to a client.


def test_an_answer_the_engine_gave_up_on_reads_as_needs_review(api, exam_attempt):
    answer(api, exam_attempt, part("expression"), EXPECTED)
    api.post(f"/api/attempts/{exam_attempt}/submit/")
    Response.objects.filter(part=part("expression")).update(
        status="error", feedback="Kept for an instructor."
    )
    body = api.get(url(exam_attempt, part("expression"))).json()
    assert body["status"] == "needs_review"
    assert body["feedback"] == "Kept for an instructor."


def test_an_unreadable_answer_says_why(api, practice):
    Response.objects.filter(part=part("expression")).update(
        answer="2 x (", status="invalid", feedback="missing a closing parenthesis"
    )
    body = api.get(url(practice, part("expression"))).json()
    assert (body["status"], body["error"]) == ("invalid", "missing a closing parenthesis")
    assert "score" not in body  # not revealed: the key stays hidden


def test_an_exam_reveals_everything_once_submitted(api, exam_attempt):
    answer(api, exam_attempt, part("numeric"), "0.25")
    api.post(f"/api/attempts/{exam_attempt}/submit/")
    detail = api.get(f"/api/attempts/{exam_attempt}/").json()
    parts = {p["kind"]: p for q in detail["questions"] for p in q["parts"]}
    assert all(p["revealed"] for p in parts.values())
    assert parts["expression"]["expected"] == EXPECTED
    assert parts["text"]["rubric"] == RUBRIC
    assert parts["expression"]["solution"]
    choices = [p for q in detail["questions"] for p in q["parts"] if p["kind"] == "choice"]
    assert sorted(o["text"] for p in choices for o in p["options"] if o["correct"]) == [
        "Right",
        "True",
    ]


def test_kept_test_cases_are_never_shown_to_students(
    api, client, student, practice, django_capture_on_commit_callbacks
):
    # Sample answers with their verdicts are part of the answer key, even once it is revealed.
    target = part("expression")
    target.answer = {**target.answer, "tests": [{"answer": "x + 424242", "verdict": "wrong"}]}
    target.save()
    with django_capture_on_commit_callbacks(execute=True):
        answer(api, practice, target, "x")
    client.force_login(student)
    replies = [
        api.get(url(practice, target)),
        api.get(f"/api/attempts/{practice}/"),
        api.get("/api/exams/small/"),
        client.get(f"/attempts/{practice}/"),
    ]
    assert replies[0].json()["revealed"] is True
    for reply in replies:
        assert reply.status_code == 200 and b"424242" not in reply.content
