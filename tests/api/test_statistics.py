"""Item analysis: on a seeded cohort of five submitted exam attempts, the figures equal the
ones this test computes itself (numpy) from the table of points each student earned."""

from decimal import Decimal

import numpy as np
import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from quizapp.accounts import upsert_user
from quizapp.models import Attempt, Part, Response
from quizapp.services import answer_save, attempt_start, attempt_submit, response_review
from tests.factories import exam_of_every_kind

pytestmark = pytest.mark.django_db

# What each student answers, by part: choice (2 pts), true/false (1.5), numeric (1),
# expression (2), text (1, then marked so; "unmarked" awaits its marking). None: left blank.
ANSWERS = {
    "s1": ("Right", "True", "0.5", "2 x sigma(x)", "1"),
    "s2": ("Right", "False", "0.5", "x sigma(x)", "0.5"),
    "s3": ("Wrong", "True", "1", "sigma(x) x", "0"),
    "s4": ("Also wrong", "False", None, "x^2", "1"),
    "s5": ("Right", "True", "0.5", None, "unmarked"),
}
# The points that come of it, per student and part (None: not scored yet).
POINTS = {
    "s1": (2, 1.5, 1, 2, 1),
    "s2": (2, 0, 1, 0, 0.5),
    "s3": (0, 1.5, 0, 0, 0),
    "s4": (0, 0, 0, 0, 1),
    "s5": (2, 1.5, 1, 0, None),
}
MAXIMA = (2, 1.5, 1, 2, 1)


@pytest.fixture
def cohort(db, instructor, django_capture_on_commit_callbacks):
    exam = exam_of_every_kind(slug="stats")
    parts = list(Part.objects.filter(question__exam=exam).order_by("question__number", "position"))
    for name, answers in ANSWERS.items():
        student = upsert_user(name, f"{name}-password-1")
        attempt = attempt_start(student=student, exam=exam, mode=Attempt.Mode.EXAM, seed=1)
        for part, answer in zip(parts[:4], answers[:4], strict=True):
            if answer is None:
                continue
            if part.kind == Part.Kind.CHOICE:
                answer = str(part.options.get(text=answer).pk)
            answer_save(attempt=attempt, part_id=part.pk, answer=answer)
        if answers[4] is not None:
            answer_save(attempt=attempt, part_id=parts[4].pk, answer="Because of the chain rule.")
        with django_capture_on_commit_callbacks(execute=True):
            attempt_submit(attempt=attempt)
        if answers[4] != "unmarked":
            response_review(
                response=Response.objects.get(attempt=attempt, part=parts[4]),
                reviewer=instructor,
                score=Decimal(answers[4]),
                feedback="",
            )
    # Neither a practice attempt nor an exam still in progress counts.
    outsider = upsert_user("s6", "s6-password-1")
    practice = attempt_start(student=outsider, exam=exam, mode=Attempt.Mode.PRACTICE, seed=1)
    answer_save(
        attempt=practice, part_id=parts[1].pk, answer=str(parts[1].options.get(text="False").pk)
    )
    attempt_start(student=outsider, exam=exam, mode=Attempt.Mode.EXAM, seed=1)
    return exam


def _expected() -> dict:
    """The figures, computed from POINTS alone."""
    table = np.array([[p if p is not None else 0.0 for p in row] for row in POINTS.values()])
    totals = table.sum(axis=1)
    parts = []
    for column, maximum in enumerate(MAXIMA):
        scored = [row for row, points in enumerate(POINTS.values()) if points[column] is not None]
        own = table[scored, column]
        rest = totals[scored] - own
        parts.append(
            {
                "responses": len(scored),
                "facility": own.mean() / maximum,
                "discrimination": np.corrcoef(own, rest)[0, 1],
                "sd": own.std(ddof=1),
            }
        )
    k = table.shape[1]
    alpha = k / (k - 1) * (1 - table.var(axis=0, ddof=1).sum() / totals.var(ddof=1))
    return {
        "attempts": 5,
        "mean": totals.mean(),
        "median": float(np.median(totals)),
        "sd": totals.std(ddof=1),
        "alpha": alpha,
        "parts": parts,
    }


def test_statistics_of_a_seeded_cohort_match_an_independent_computation(
    client_for, instructor, cohort
):
    response = client_for(instructor).get(reverse("api-admin-exam-statistics", args=["stats"]))
    assert response.status_code == 200
    body = response.json()
    expected = _expected()
    assert body["exam"] == "stats"
    for name in ("attempts", "mean", "median", "sd", "alpha"):
        assert body[name] == pytest.approx(expected[name], abs=1e-12), name
    assert [(p["question"], p["label"], p["kind"]) for p in body["parts"]] == [
        (1, "", "choice"),
        (2, "", "choice"),
        (3, "a", "numeric"),
        (3, "b", "expression"),
        (3, "c", "text"),
    ]
    for got, want in zip(body["parts"], expected["parts"], strict=True):
        for name, value in want.items():
            assert got[name] == pytest.approx(value, abs=1e-12), (got["label"], name)


def test_option_counts_are_those_of_submitted_exam_attempts(client_for, instructor, cohort):
    body = client_for(instructor).get(f"/api/instructor/exams/{cohort.slug}/statistics/").json()
    choice, truefalse = body["parts"][0], body["parts"][1]
    assert [(o["text"], o["correct"], o["chosen"]) for o in choice["options"]] == [
        ("Right", True, 3),
        ("Wrong", False, 1),
        ("Also wrong", False, 1),
        ("Far off", False, 0),
    ]
    assert [(o["text"], o["chosen"]) for o in truefalse["options"]] == [("True", 3), ("False", 2)]


def test_wrong_answers_are_grouped_by_mathematical_equivalence(client_for, instructor, cohort):
    body = client_for(instructor).get(f"/api/instructor/exams/{cohort.slug}/statistics/").json()
    wrong = body["parts"][3]["wrong_answers"]
    # "x sigma(x)" and "sigma(x) x" are one answer; "x^2" another. Blank answers are not
    # wrong answers.
    assert [(w["count"], w["mistake"]) for w in wrong] == [(2, None), (1, None)]
    assert wrong[1]["answer"] == "x^2"
    assert body["parts"][0]["wrong_answers"] == []


def test_an_exam_without_attempts_has_empty_statistics(client_for, instructor, db):
    exam = exam_of_every_kind(slug="empty")
    body = client_for(instructor).get(f"/api/instructor/exams/{exam.slug}/statistics/").json()
    assert (body["attempts"], body["mean"], body["sd"], body["alpha"]) == (0, None, None, None)
    assert [p["facility"] for p in body["parts"]] == [None] * 5


def test_statistics_are_for_instructors_only(client_for, student, cohort):
    url = f"/api/instructor/exams/{cohort.slug}/statistics/"
    assert client_for(student).get(url).status_code == 403
    assert client_for(None).get(url).status_code == 401


def test_statistics_of_an_unknown_exam_is_a_404(client_for, instructor, db):
    response = client_for(instructor).get("/api/instructor/exams/nope/statistics/")
    assert response.status_code == 404


# --- the admin, as an instructor who is not a superuser ------------------------------------


def test_the_admin_shows_the_item_analysis_with_its_charts(client, instructor, cohort):
    client.force_login(instructor)
    change = client.get(reverse("admin:quizapp_exam_change", args=[cohort.pk])).content.decode()
    url = reverse("admin:quizapp_exam_statistics", args=[cohort.pk])
    assert url in change
    page = client.get(url)
    assert page.status_code == 200
    text = page.content.decode()
    assert "Over the 5 submitted exam attempts" in text
    assert f"{_expected()['alpha']:.2f}" in text
    assert text.count('class="bar"') >= 5


def test_the_admin_downloads_the_item_analysis_as_csv(client, instructor, cohort):
    client.force_login(instructor)
    response = client.get(reverse("admin:quizapp_exam_statistics_csv", args=[cohort.pk]))
    assert response["Content-Disposition"] == 'attachment; filename="stats-statistics.csv"'
    rows = response.content.decode().splitlines()
    assert rows[0] == "question,label,kind,responses,facility,discrimination,sd"
    expected = _expected()["parts"]
    labels = [("1", "", "choice"), ("2", "", "choice"), ("3", "a", "numeric"),
              ("3", "b", "expression"), ("3", "c", "text")]  # fmt: skip
    for row, want, names in zip(rows[1:], expected, labels, strict=True):
        cells = row.split(",")
        assert tuple(cells[:3]) == names
        assert int(cells[3]) == want["responses"]
        assert [float(c) for c in cells[4:]] == pytest.approx(
            [want["facility"], want["discrimination"], want["sd"]], abs=1e-12
        )


def test_a_student_cannot_open_the_item_analysis(client, student, cohort):
    client.force_login(student)
    response = client.get(reverse("admin:quizapp_exam_statistics", args=[cohort.pk]))
    assert response.status_code == 302 and "/admin/login/" in response.url


# --- a wrong answer added as a mistake rule, from the admin's item analysis ----------------


def _expression(exam) -> Part:
    return Part.objects.get(question__exam=exam, kind=Part.Kind.EXPRESSION)


def _add_mistake(client, exam, part, answer: str, feedback: str):
    url = reverse("admin:quizapp_exam_add_mistake", args=[exam.pk, part.pk])
    return client.post(url, {"answer": answer, "feedback": feedback})


def test_a_wrong_answer_group_becomes_a_mistake_and_then_shows_it_is_caught(
    client, instructor, cohort
):
    part = _expression(cohort)
    client.force_login(instructor)
    page = client.get(reverse("admin:quizapp_exam_statistics", args=[cohort.pk]))
    group = page.context["analysis"]["parts"][3]["wrong_answers"][0]
    assert (group["count"], group["caught_by"]) == (2, None)
    assert "Add as a mistake with this feedback" in page.content.decode()
    response = _add_mistake(client, cohort, part, group["answer"], "The factor 2 is missing.")
    assert response.status_code == 302
    part.refresh_from_db()
    assert part.answer["mistakes"] == [
        {"expected": group["answer"], "feedback": "The factor 2 is missing."}
    ]
    page = client.get(response.url)
    first = page.context["analysis"]["parts"][3]["wrong_answers"][0]
    assert (first["answer"], first["caught_by"]) == (group["answer"], 0)
    assert "caught by mistake rule 1: <em>The factor 2 is missing.</em>" in page.content.decode()


@pytest.mark.parametrize(
    ("answer", "feedback", "message"),
    [
        ("x^2", "  ", "a mistake rule needs the wrong answer and its feedback"),
        ("2 x sigma(x)", "Hm.", "mistake 1 is equivalent to `expected`"),
        ("x^2 (", "Hm.", "cannot read"),
        ("x" * 2001, "Hm.", "at most 2000 characters"),
    ],
    ids=["no feedback", "the reference", "unreadable", "too long"],
)
def test_a_refused_mistake_is_a_422_beside_its_group_and_saves_nothing(
    client, instructor, cohort, answer, feedback, message
):
    part = _expression(cohort)
    before = part.answer
    client.force_login(instructor)
    response = _add_mistake(client, cohort, part, answer, feedback)
    assert response.status_code == 422
    assert message in response.content.decode()
    part.refresh_from_db()
    assert part.answer == before


def test_adding_a_mistake_needs_the_change_permission_on_parts(client, cohort):
    viewer = upsert_user("dana", "dana-password-1", instructor=True)
    viewer.groups.clear()
    viewer.user_permissions.set(Permission.objects.filter(codename__in=["view_exam"]))
    client.force_login(viewer)
    part = _expression(cohort)
    page = client.get(reverse("admin:quizapp_exam_statistics", args=[cohort.pk]))
    assert page.status_code == 200 and "Add as a mistake" not in page.content.decode()
    assert _add_mistake(client, cohort, part, "x^2", "Squared.").status_code == 403


def test_a_part_of_another_exam_or_a_get_is_refused(client, instructor, cohort):
    other = _expression(exam_of_every_kind(slug="other"))
    client.force_login(instructor)
    assert _add_mistake(client, cohort, other, "x^2", "Squared.").status_code == 404
    url = reverse("admin:quizapp_exam_add_mistake", args=[cohort.pk, _expression(cohort).pk])
    assert client.get(url).status_code == 405
