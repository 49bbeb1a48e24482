"""The CS-433 bank itself: every surviving question, with the exam's scoring rules."""

from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings

MULTIPLE_CHOICE = list(range(1, 13))
TRUE_FALSE = [17, 22, 23, 27, 28, 29, 30, 31, 32]
OPEN_POINTS = {33: 3, 34: 2, 35: 1, 36: 1, 37: 1, 38: 1, 39: 1, 40: 1, 41: 3, 42: 1}


def _questions(exam_data: dict) -> dict[int, dict]:
    return {q["number"]: q for q in exam_data["questions"]}


def test_the_bank_holds_every_surviving_question_in_order(exam_data):
    numbers = [q["number"] for q in exam_data["questions"]]
    assert numbers == MULTIPLE_CHOICE + TRUE_FALSE + list(OPEN_POINTS)


@pytest.mark.parametrize(
    ("numbers", "kind", "points"),
    [(MULTIPLE_CHOICE, "choice", Decimal(2)), (TRUE_FALSE, "truefalse", Decimal("1.5"))],
)
def test_closed_questions_score_by_the_exam_rules(exam_data, numbers, kind, points):
    questions = _questions(exam_data)
    for number in numbers:
        question = questions[number]
        assert question["kind"] == kind, number
        assert [Decimal(str(p["points"])) for p in question["parts"]] == [points], number


def test_the_fixtures_readme_states_the_open_questions_points(exam_data):
    total = sum(
        Decimal(str(part["points"]))
        for question in exam_data["questions"]
        if question["kind"] == "open"
        for part in question["parts"]
    )
    readme = (Path(settings.FIXTURES_DIR) / "README.md").read_text(encoding="utf-8")
    assert total == sum(OPEN_POINTS.values()) == 15
    assert f"open questions 33–42 ({total.normalize():f} points)" in " ".join(readme.split())


@pytest.mark.parametrize(("number", "points"), OPEN_POINTS.items())
def test_open_questions_parts_add_up_to_the_stated_points(exam_data, number, points):
    question = _questions(exam_data)[number]
    assert question["kind"] == "open"
    assert sum(Decimal(str(p["points"])) for p in question["parts"]) == points


def test_every_choice_part_has_exactly_one_correct_option(exam_data):
    for question in exam_data["questions"]:
        for part in question["parts"]:
            if part["kind"] == "choice":
                correct = [o for o in part["options"] if o.get("correct")]
                assert len(correct) == 1, (question["number"], part["label"])


def test_true_false_keys_match_the_official_solutions(exam_data):
    official = {
        17: "False",
        22: "False",
        23: "True",
        27: "False",
        28: "True",
        29: "False",
        30: "False",
        31: "False",
        32: "False",
    }
    questions = _questions(exam_data)
    for number, key in official.items():
        options = questions[number]["parts"][0]["options"]
        assert next(o["text"] for o in options if o["correct"]) == key, number


@pytest.mark.parametrize(
    ("number", "needle"),
    [
        (1, "MSE_A > MSE_B > MSE_C"),
        (2, "MAE_C > MAE_B > MAE_A"),
        (10, "-96"),
        (12, "n^2"),
        (6, "2^p"),
    ],
)
def test_choice_keys_match_the_official_solutions(exam_data, number, needle):
    options = _questions(exam_data)[number]["parts"][0]["options"]
    correct = next(o["text"] for o in options if o["correct"])
    assert needle.replace(" ", "") in correct.replace(" ", "").replace("{", "").replace("}", "")


def test_every_figure_is_present(exam_data):
    figures = {q["number"]: q.get("figure") for q in exam_data["questions"] if q.get("figure")}
    assert figures == {1: "figures/figure1.svg", 2: "figures/figure1.svg", 8: "figures/figure2.svg"}
    for path in figures.values():
        assert (Path(settings.FIXTURES_DIR) / path).is_file()


def test_lost_fields_are_declared_as_reconstructed(exam_data):
    questions = _questions(exam_data)
    for number in (3, 4, 7, 11):
        assert "options" in questions[number].get("reconstructed", []), number
    for number in (22, 27, 29):
        assert "prompt" in questions[number].get("reconstructed", []), number
    # Question 9 has no official solution and no marked answer in the source.
    assert set(questions[9]["reconstructed"]) == {"key", "solution"}


def test_q5_keeps_the_sources_claim(exam_data):
    solution = " ".join(_questions(exam_data)[5]["solution"].split())
    assert "by increasing $\\|\\boldsymbol{\\theta}\\|$, one could always increase" in solution
    assert "always increases the likelihood" not in solution


@pytest.mark.parametrize(
    ("number", "addition"),
    [
        (31, "With the training set instead"),
        (22, "All the points lie on the two margin hyperplanes"),
        (23, "on convex compact domains"),
        (40, "nor to its score"),
        (41, "Minimizing $\\mathcal{L}$ thus only requires"),
        (7, "\\boldsymbol{\\mu}_k ="),
        (11, "Hence"),
    ],
)
def test_solutions_carry_no_unmarked_additions(exam_data, number, addition):
    assert addition not in _questions(exam_data)[number]["solution"]


@pytest.mark.parametrize(
    ("number", "field", "source"),
    [
        (30, "solution", "= \\sum_{i=1}^n \\ell("),
        (33, "solution", "\\underbrace{b - y}_{b'}"),
        (9, "options", "The second of t"),
        (39, "prompt", "and $\\alpha > 0$."),
    ],
)
def test_corrections_of_the_official_text_are_listed_with_its_wording(
    exam_data, number, field, source
):
    corrected = _questions(exam_data)[number]["corrected"]
    assert any(c["field"] == field and source in c["source"] for c in corrected), corrected


def test_q39_assumes_alpha_below_one_so_its_key_holds(exam_data):
    assert "$0 < \\alpha < 1$" in _questions(exam_data)[39]["prompt"]


@pytest.mark.parametrize(
    ("number", "label"), [(33, "a"), (33, "b"), (33, "c1"), (34, "b-minus"), (38, "answer")]
)
def test_point_splits_of_our_own_say_so_where_they_are_shown(exam_data, number, label):
    part = next(p for p in _questions(exam_data)[number]["parts"] if p["label"] == label)
    prompt = " ".join(part["prompt"].split())
    assert "this split is this version's, not the exam's" in prompt


def test_every_question_keeps_a_topic_and_a_solution(exam_data):
    for question in exam_data["questions"]:
        assert question["topic"].strip(), question["number"]
        assert question.get("solution", "").strip(), question["number"]


def test_mathematical_open_answers_are_checked_by_the_engine(exam_data):
    kinds = {
        (q["number"], p["label"]): p["kind"] for q in exam_data["questions"] for p in q["parts"]
    }
    assert [k for k, v in kinds.items() if v == "expression" and k[0] in (34, 35, 36, 37)]
    assert {kinds[key] for key in kinds if key[0] in (35, 36, 37)} == {"expression"}
    assert sum(1 for key, kind in kinds.items() if key[0] == 34 and kind == "numeric") == 2
