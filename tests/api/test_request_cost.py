"""What an exam-day request costs in queries, exactly: an autosave, a start and a submit do
not grow with the length of the exam (figures and the hall benchmark: docs/performance.md).

Counts include the token lookup, and the SAVEPOINT/RELEASE pairs that a test's transaction
turns each atomic block into.
"""

import pytest

from quizapp.models import Attempt, Part, Response

pytestmark = pytest.mark.django_db

AUTOSAVE_QUERIES = {
    # the token with its user; the attempt; savepoint, lock the attempt, lock the response
    # with its part and question, [choice: the option exists], update it, release; the
    # reply: the question's responses, [choice: their options].
    ("choice", "whole part"): 10,
    ("expression", "whole part"): 8,
    # With `Prefer: return=minimal` the attempt is read once, by the lock that checks whose
    # it is (answer_save_own), and the reply is the saved response as it is in hand.
    ("choice", "minimal"): 7,
    ("expression", "minimal"): 6,
}
PREFER = {"whole part": {}, "minimal": {"HTTP_PREFER": "return=minimal"}}
# the token with its user; exam, the student's extra time, questions, parts, options; savepoint,
# attempt, responses, release; the reply: totals, questions, responses, options.
START_QUERIES = 14
# the token with its user, attempt; savepoint, lock, close it, settle the blanks, hand the
# written answers to review, grade the choices and numbers (them with their parts, their
# options, one UPDATE), read what is left to grade, mark it pending, release; the reply:
# status, totals.
SUBMIT_QUERIES = 15


def _start(api, slug: str) -> dict:
    return api.post(f"/api/exams/{slug}/attempts/", {"mode": "exam"}).json()


def _answer(part: dict) -> str:
    if part["kind"] == "choice":
        return str(part["options"][0]["id"])
    return Part.objects.get(pk=part["id"]).answer["expected"]


def _first_part(attempt: dict, kind: str) -> dict:
    return next(p for q in attempt["questions"] for p in q["parts"] if p["kind"] == kind)


@pytest.mark.parametrize(("kind", "wanted"), list(AUTOSAVE_QUERIES))
def test_an_autosave_costs_the_same_queries_in_a_long_exam_as_in_a_short_one(
    api, exam, small_exam, django_assert_num_queries, kind, wanted
):
    for slug in (exam.slug, small_exam.slug):
        attempt = _start(api, slug)
        part = _first_part(attempt, kind)
        answer = _answer(part)
        with django_assert_num_queries(AUTOSAVE_QUERIES[kind, wanted]):
            reply = api.put(
                f"/api/attempts/{attempt['id']}/parts/{part['id']}/",
                {"answer": answer},
                format="json",
                **PREFER[wanted],
            )
        assert reply.status_code == 200
        assert reply.json()["revision"] == 1


def test_saving_the_same_answer_again_writes_no_new_revision(api, exam):
    attempt = _start(api, exam.slug)
    part = _first_part(attempt, "choice")
    url = f"/api/attempts/{attempt['id']}/parts/{part['id']}/"
    api.put(url, {"answer": _answer(part)}, format="json")
    reply = api.put(url, {"answer": _answer(part)}, format="json")
    assert reply.json()["revision"] == 1
    assert Response.objects.get(attempt_id=attempt["id"], part_id=part["id"]).revision == 1


def test_starting_an_exam_costs_the_same_queries_however_many_questions(
    api, exam, small_exam, django_assert_num_queries
):
    for slug in (exam.slug, small_exam.slug):
        with django_assert_num_queries(START_QUERIES):
            reply = api.post(f"/api/exams/{slug}/attempts/", {"mode": "exam"})
        assert reply.status_code == 201


def test_submitting_costs_the_same_queries_however_many_answers(
    api, exam, small_exam, django_assert_num_queries
):
    for slug in (exam.slug, small_exam.slug):
        attempt = _start(api, slug)
        for question in attempt["questions"]:
            for part in question["parts"]:
                if part["kind"] in ("choice", "expression"):
                    api.put(
                        f"/api/attempts/{attempt['id']}/parts/{part['id']}/",
                        {"answer": _answer(part)},
                        format="json",
                    )
        with django_assert_num_queries(SUBMIT_QUERIES):
            reply = api.post(f"/api/attempts/{attempt['id']}/submit/")
        assert reply.status_code == 202
        assert reply.json()["status"] == Attempt.Status.GRADING


def test_a_submit_settles_blank_answers_and_queues_the_rest_in_one_pass(api, small_exam):
    attempt = _start(api, small_exam.slug)
    expression = _first_part(attempt, "expression")
    text = _first_part(attempt, "text")
    base = f"/api/attempts/{attempt['id']}/parts/"
    api.put(f"{base}{expression['id']}/", {"answer": _answer(expression)}, format="json")
    api.put(f"{base}{text['id']}/", {"answer": "Because."}, format="json")
    api.post(f"/api/attempts/{attempt['id']}/submit/")
    statuses = dict(
        Response.objects.filter(attempt_id=attempt["id"]).values_list("part_id", "status")
    )
    # Queued once the request commits.
    assert statuses[expression["id"]] == Response.Status.PENDING
    assert statuses[text["id"]] == Response.Status.NEEDS_REVIEW
    assert {
        status
        for part_id, status in statuses.items()
        if part_id not in (expression["id"], text["id"])
    } == {Response.Status.GRADED}
    blank = Response.objects.get(attempt_id=attempt["id"], part__kind="numeric")
    assert (blank.auto_score, blank.correct, blank.feedback) == (0, False, "No answer.")
