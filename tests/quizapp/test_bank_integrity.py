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
    for number in (27, 29):
        reconstructed = questions[number].get("reconstructed", [])
        assert {"prompt", "statement"} & set(reconstructed), number


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
