"""The part's answer key in the admin, as fields: an instructor (staff, not a superuser)
writes an expression's declarations, mistakes and kept test cases, a numeric value or a
rubric; the form builds the JSON and the bank's rule refuses a broken key beside the field
it is about, saving nothing."""

import pytest
from django.http import QueryDict
from django.urls import reverse

from quizapp.admin_parts import AnswerFields
from quizapp.models import Part
from tests.factories import EXPECTED, admin_part_form, answer_fields_form, exam_of_every_kind

pytestmark = pytest.mark.django_db


def _post(client, part: Part, **changes):
    return client.post(
        reverse("admin:quizapp_part_change", args=[part.pk]), admin_part_form(part, **changes)
    )


def _rows(name: str, *rows: dict) -> dict:
    data = {f"{name}-rows": len(rows)}
    for index, row in enumerate(rows):
        data |= {f"{name}-{index}-{key}": value for key, value in row.items()}
    return data


def test_the_fields_read_back_every_key_of_the_bank_unchanged(exam_data):
    for question in exam_data["questions"]:
        for part in question["parts"]:
            answer = part.get("answer") or {}
            data = QueryDict(mutable=True)
            for name, value in answer_fields_form(part["kind"], answer).items():
                data[name] = str(value)
            fields = AnswerFields(data)
            assert fields.is_valid(), fields.errors
            assert fields.answer_spec(part["kind"]) == answer, (question["number"], part["label"])


def test_an_instructor_writes_an_expression_key_in_its_fields(client, instructor, parts):
    part = parts["expression"]
    client.force_login(instructor)
    response = _post(
        client,
        part,
        expected="sum(w(x_n) q_kn x_n, n) / sum(w(x_n) q_kn, n)",
        variables="x_n, q_kn",
        functions="w",
        positive_functions="w",
        indices="n=1..N, k=1..K",
        free_indices="k",
        constraints="q_kn >= 0\r\nsum(q_kn, k) = 1",
        defined="",
        **_rows(
            "mistakes",
            {"expected": "sum(q_kn x_n, n) / sum(q_kn, n)", "feedback": "Weights dropped."},
            {"expected": "", "feedback": ""},
        ),
        **_rows(
            "tests",
            {"answer": "sum(q_kn x_n, n) / sum(q_kn, n)", "verdict": "mistake"},
            {"answer": "sum(x_n w(x_n) q_kn, n) / sum(q_kn w(x_n), n)", "verdict": "correct"},
        ),
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    part.refresh_from_db()
    assert part.answer == {
        "expected": "sum(w(x_n) q_kn x_n, n) / sum(w(x_n) q_kn, n)",
        "variables": ["x_n", "q_kn"],
        "functions": ["w"],
        "positive_functions": ["w"],
        "free_indices": ["k"],
        "indices": {"n": [1, "N"], "k": [1, "K"]},
        "constraints": ["q_kn >= 0", "sum(q_kn, k) = 1"],
        "mistakes": [
            {"expected": "sum(q_kn x_n, n) / sum(q_kn, n)", "feedback": "Weights dropped."}
        ],
        "tests": [
            {"answer": "sum(q_kn x_n, n) / sum(q_kn, n)", "verdict": "mistake"},
            {"answer": "sum(x_n w(x_n) q_kn, n) / sum(q_kn w(x_n), n)", "verdict": "correct"},
        ],
    }


@pytest.mark.parametrize(
    ("kind", "changes", "answer"),
    [
        ("numeric", {"value": "-3", "tolerance": ""}, {"value": -3}),
        ("numeric", {"value": "0.25", "tolerance": "0.01"}, {"value": 0.25, "tolerance": 0.01}),
        ("text", {"rubric": "Names **both** terms.\r\n"}, {"rubric": "Names **both** terms.\n"}),
    ],
)
def test_numeric_and_text_keys_have_their_own_fields(
    client, instructor, parts, kind, changes, answer
):
    part = parts[kind]
    client.force_login(instructor)
    assert _post(client, part, **changes).status_code == 302
    part.refresh_from_db()
    assert part.answer == answer


WRONG_GUESS = "Not equivalent: at x = 1 your expression gives 3.00, the expected one 1.46."


@pytest.mark.parametrize(
    ("kind", "changes", "errors"),
    [
        ("expression", {"expected": "2 x sigma(x"}, {"expected"}),
        ("expression", {"variables": "x, 2y"}, {"variables"}),
        ("expression", {"constraints": "x < 0"}, {"constraints"}),
        ("expression", {"indices": "n=1"}, {"indices"}),
        ("expression", {"defined": "no equals sign"}, {"defined"}),
        (
            "expression",
            _rows("mistakes", {"expected": EXPECTED, "feedback": "Same."}),
            {"mistakes"},
        ),
        ("expression", _rows("mistakes", {"expected": "x", "feedback": ""}), {"mistakes"}),
        ("expression", _rows("tests", {"answer": "3 x", "verdict": "correct"}), {"tests"}),
        (
            "expression",
            {
                **_rows("mistakes", {"expected": "x", "feedback": "Half; see the rule."}),
                **_rows("tests", {"answer": "x", "verdict": "correct"}),
            },
            {"tests"},
        ),
        ("numeric", {"value": "half"}, {"value"}),
        ("numeric", {"value": ""}, {"value"}),
        ("numeric", {"value": "inf"}, {"value"}),
        ("numeric", _rows("tests", {"answer": "1/3", "verdict": "correct"}), {"tests"}),
        ("choice", _rows("tests", {"answer": "1", "verdict": "correct"}), {"tests"}),
    ],
)
def test_a_broken_key_is_refused_beside_its_field_and_nothing_is_saved(
    client, instructor, parts, kind, changes, errors
):
    part = parts[kind] if kind in parts else Part.objects.filter(kind=kind).first()
    before = part.answer
    client.force_login(instructor)
    response = _post(client, part, **changes)
    assert response.status_code == 200
    assert set(response.context["adminform"].form.errors) == errors
    part.refresh_from_db()
    assert part.answer == before


def test_a_failing_kept_case_names_the_case_and_the_verdict_it_got(client, instructor, parts):
    client.force_login(instructor)
    response = _post(
        client,
        parts["expression"],
        **_rows(
            "tests",
            {"answer": "2 x sigma(x)", "verdict": "correct"},
            {"answer": "3 x", "verdict": "correct"},
        ),
    )
    assert response.context["adminform"].form.errors["tests"] == [
        "test 2 (`3 x`): expected correct, got wrong (Not equivalent: at x = 1 your expression "
        "gives 3.00, the expected one 1.46.)"
    ]


def test_a_half_filled_row_is_refused(client, instructor, parts):
    client.force_login(instructor)
    response = _post(
        client, parts["expression"], **_rows("mistakes", {"expected": "x", "feedback": ""})
    )
    assert response.context["adminform"].form.errors["mistakes"] == [
        "Row 1: fill in every column, or clear the row."
    ]


def test_a_choice_part_with_two_correct_options_is_refused_beside_the_options(client, instructor):
    exam = exam_of_every_kind()
    part = Part.objects.get(question__exam=exam, question__number=1)
    client.force_login(instructor)
    response = _post(client, part, **{"options-1-correct": "on"})
    assert response.status_code == 200
    options = response.context["inline_admin_formsets"][0].formset
    assert options.non_form_errors() == ["Exactly one option must be correct (found 2)"]
    assert part.options.filter(correct=True).count() == 1


def test_the_question_page_has_the_fields_of_each_part_and_plain_help_text(
    client, instructor, parts
):
    client.force_login(instructor)
    page = client.get(
        reverse("admin:quizapp_question_change", args=[parts["expression"].question_id])
    )
    html = page.content.decode()
    assert 'name="parts-1-expected" value="2 x sigma(x)"' in html
    assert 'name="parts-0-value" value="0.5"' in html
    assert 'name="parts-1-tests-rows" value="2"' in html
    # KaTeX skips .no-math: the help text is not typeset into nonsense.
    assert '<span class="no-math">Markdown with LaTeX math ($...$ and $$...$$).</span>' in html
