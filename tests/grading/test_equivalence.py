"""Equivalence on the exam's symbolic answers: right in many forms, the classic wrong ones,
mistakes with their feedback, and a point of difference for other wrong answers."""

import json

import pytest

import grading
import grading.api
from tests.grading.grading_specs import GELU, MU, PI, POLY, VAR

VERDICT_KEYS = {
    "equivalent",
    "score",
    "feedback",
    "error",
    "latex",
    "canonical",
    "mistake",
    "engine_version",
}


def check(spec: dict, text: str) -> dict:
    verdict = grading.check_expression(spec, text, cache=grading.LRUCache())
    assert set(verdict) == VERDICT_KEYS
    json.dumps(verdict)  # plain JSON-able data
    return verdict


def assert_right(spec: dict, text: str) -> None:
    verdict = check(spec, text)
    assert verdict["equivalent"] is True, verdict
    assert verdict["score"] == 1.0
    assert verdict["feedback"] == "Correct."
    assert verdict["error"] is None
    assert verdict["mistake"] is None


def assert_wrong(spec: dict, text: str) -> dict:
    verdict = check(spec, text)
    assert verdict["equivalent"] is False, verdict
    assert verdict["score"] == 0.0
    assert verdict["error"] is None
    return verdict


# --- Question 34 (a): the GeLU derivative ------------------------------------------------

GELU_RIGHT = [
    "sigma(c z) (1 + c z (1 - sigma(c z)))",
    "sigma(cz)(1 + cz(1 - sigma(cz)))",
    "sigma(cz) + cz sigma(cz)(1-sigma(cz))",
    "sigma(c z) + c z exp(-c z)/(1+exp(-c z))^2",
    "1/(1+e^(-cz)) + c z e^(-c z)/(1 + e^(-c z))^2",
    "sigmoid(c*z)*(1 + c*z*(1 - sigmoid(c*z)))",
    "σ(cz) + cz·σ(cz)·(1 − σ(cz))",
    "sigma(cz) + cz sigma(cz) sigma(-cz)",  # 1 - sigma(t) = sigma(-t)
    "(1 + e^(-cz) + cz e^(-cz)) / (1 + e^(-cz))^2",
    "sigma(zc) + zc sigma(zc) - zc sigma(zc)^2",
    "(e^(cz) (1 + e^(cz) + cz)) / (1 + e^(cz))^2",
]


@pytest.mark.parametrize("text", GELU_RIGHT)
def test_gelu_derivative_right_forms(text):
    assert_right(GELU, text)


@pytest.mark.parametrize(
    ("text", "mistake"),
    [
        ("sigma(c z) + z sigma(c z) (1 - sigma(c z))", 0),  # chain rule: no factor c
        ("sigma(cz) + z sigma(cz) - z sigma(cz)^2", 0),  # the same, expanded
        ("c z sigma(c z) (1 - sigma(c z))", 1),  # no product rule
        ("cz sigma(cz) sigma(-cz)", 1),
        ("sigma(z) (1 + z (1 - sigma(z)))", 2),
    ],
)
def test_gelu_classic_mistakes_get_their_feedback(text, mistake):
    verdict = assert_wrong(GELU, text)
    assert verdict["mistake"] == mistake
    assert verdict["feedback"] == GELU["mistakes"][mistake]["feedback"]


def test_gelu_wrong_answer_gets_a_point_of_difference():
    verdict = assert_wrong(GELU, "sigma(cz)(1 - sigma(cz))")
    assert verdict["mistake"] is None
    # "Not equivalent: at z = 1, c = 1 your expression gives 0.20, the expected one 0.93."
    feedback = verdict["feedback"]
    assert feedback.startswith("Not equivalent: at z = ")
    assert ", c = " in feedback
    assert "your expression gives 0.20, the expected one 0.93" in feedback


def test_point_of_difference_respects_positive_variables():
    verdict = assert_wrong(GELU, "c")
    assert "c = -" not in verdict["feedback"]


# --- Question 35: the weighted mean -----------------------------------------------------

MU_RIGHT = [
    "sum(w(x_n) q_kn x_n, n) / sum(w(x_n) q_kn, n)",
    "sum(q_kn x_n w(x_n), n)/sum(q_kn w(x_n), n)",
    "sum(q_{kn} w(x_n) x_n, n) / sum(w(x_n) q_{k,n}, n)",
    "sum(w(x_n) q_kn x_n, n, 1, N) / sum(w(x_n) q_kn, n, 1, N)",
    "sum(w(x_n) q_kn x_n / sum(w(x_n) q_kn, n), n)",  # the inner n is its own index
    "sum(w(x_i) q_ki x_i, i, 1, N) / sum(w(x_j) q_kj, j, 1, N)",
    "1/sum(w(x_n) q_kn, n) sum(w(x_n) q_kn x_n, n)",
]


@pytest.mark.parametrize("text", MU_RIGHT)
def test_weighted_mean_right_forms(text):
    assert_right(MU, text)


@pytest.mark.parametrize(
    ("text", "mistake"),
    [
        ("sum(q_kn x_n, n) / sum(q_kn, n)", 0),  # without the weights
        ("sum(x_n q_kn, n) / sum(q_kn, n)", 0),
        ("sum(w(x_n) q_kn x_n, n) / sum(q_kn, n)", 1),  # weights only in the numerator
    ],
)
def test_weighted_mean_mistakes(text, mistake):
    assert assert_wrong(MU, text)["mistake"] == mistake


def test_weighted_mean_wrong_answer_describes_the_data():
    verdict = assert_wrong(MU, "sum(w(x_n) x_n, n) / sum(w(x_n), n)")
    assert verdict["mistake"] is None
    feedback = verdict["feedback"]
    assert feedback.startswith("Not equivalent: with N = 3, K = 2, k = ")
    assert "random values of x_n, q_kn, w(x_n)" in feedback
    assert "your expression gives " in feedback and ", the expected one " in feedback


# --- Question 36: the weighted variance, with mu_k defined as the new mean --------------

VAR_RIGHT = [
    "sum(w(x_n) q_kn (x_n - mu_k)^2, n) / sum(w(x_n) q_kn, n)",
    # mu_k written out in full
    "sum(w(x_n) q_kn (x_n - sum(w(x_n) q_kn x_n, n)/sum(w(x_n) q_kn, n))^2, n)"
    " / sum(w(x_n) q_kn, n)",
    "sum(w(x_n) q_kn x_n^2, n) / sum(w(x_n) q_kn, n) - mu_k^2",
    "sum(w(x_n) q_kn x_n^2, n) / sum(w(x_n) q_kn, n)"
    " - (sum(w(x_n) q_kn x_n, n) / sum(w(x_n) q_kn, n))^2",
    "(sum(w(x_n) q_kn x_n^2, n) sum(w(x_n) q_kn, n) - sum(w(x_n) q_kn x_n, n)^2)"
    " / sum(w(x_n) q_kn, n)^2",
    "sum(w(x_n) q_kn (mu_k - x_n)^2, n) / sum(w(x_n) q_kn, n)",
]


@pytest.mark.parametrize("text", VAR_RIGHT)
def test_weighted_variance_right_forms(text):
    assert_right(VAR, text)


@pytest.mark.parametrize(
    ("text", "mistake"),
    [
        ("sum(q_kn (x_n - mu_k)^2, n) / sum(q_kn, n)", 0),  # without the weights
        ("sum(w(x_n) q_kn (x_n - mu_k)^2, n) / sum(q_kn, n)", 1),  # weights only on top
        ("sum(w(x_n) q_kn (x_n - m_k)^2, n) / sum(w(x_n) q_kn, n)", 2),  # the old mean
    ],
)
def test_weighted_variance_mistakes(text, mistake):
    verdict = assert_wrong(VAR, text)
    assert verdict["mistake"] == mistake
    assert verdict["feedback"] == VAR["mistakes"][mistake]["feedback"]


def test_weighted_variance_with_the_old_mean_written_differently_is_still_that_mistake():
    text = "sum(w(x_n) q_kn x_n^2, n)/sum(w(x_n) q_kn, n) - 2 m_k mu_k + m_k^2"
    assert assert_wrong(VAR, text)["mistake"] == 2


# --- Question 37: the weighted mixing proportions ----------------------------------------

PI_RIGHT = [
    "sum(w(x_n) q_kn, n) / sum(w(x_n), n)",
    # right because q sums to 1 over k (the constraint is honoured)
    "sum(w(x_n) q_kn, n)/sum(sum(w(x_n) q_kn, k), n)",
    "sum(q_kn w(x_n) / sum(w(x_n), n), n)",
]


@pytest.mark.parametrize("text", PI_RIGHT)
def test_mixing_weights_right_forms(text):
    assert_right(PI, text)


@pytest.mark.parametrize(
    ("text", "mistake"),
    [
        ("sum(w(x_n) q_kn, n) / N", 0),  # weights only in the numerator
        ("sum(q_kn, n) / N", 1),  # without the weights
        ("1/N sum(q_kn, n)", 1),
    ],
)
def test_mixing_weights_mistakes(text, mistake):
    assert assert_wrong(PI, text)["mistake"] == mistake


def test_constraint_matters():
    # Without the constraint, sum over k of q_kn is not 1, and that form is wrong.
    spec = {k: v for k, v in PI.items() if k != "constraints"}
    assert_wrong(spec, "sum(w(x_n) q_kn, n)/sum(sum(w(x_n) q_kn, k), n)")


def test_indexed_answers_out_of_range_are_wrong_with_a_reason():
    verdict = assert_wrong(PI, "sum(w(x_n) q_kn, n, 1, N + 1) / sum(w(x_n), n)")
    assert "outside 1.." in verdict["feedback"]


# --- exact decisions, undefined answers, undecided --------------------------------------


@pytest.mark.parametrize(
    "text", ["(x-1)(x+1)", "x^2 - 1", "(x^3 - x)/x", "-(1 - x)(1 + x)", "x x - 1"]
)
def test_polynomials_decided_exactly(text):
    assert_right(POLY, text)


def test_a_tiny_difference_is_still_a_difference_for_exact_expressions():
    assert_wrong(POLY, "x^2 - 1 + 1e-12")


def test_point_of_difference_uses_round_numbers():
    verdict = assert_wrong(POLY, "(x-1)(x+2)")
    assert verdict["feedback"] == (
        "Not equivalent: at x = 2 your expression gives 4.00, the expected one 3.00."
    )


def test_answer_undefined_everywhere_is_wrong():
    verdict = assert_wrong(POLY, "1/(x - x)")
    assert "your expression is undefined" in verdict["feedback"]


def test_answer_undefined_where_the_expected_one_is_defined_is_wrong():
    verdict = assert_wrong({"expected": "x^2", "variables": ["x"]}, "log(-x^2 - 1)")
    assert "undefined" in verdict["feedback"]


def test_resampling_where_an_expression_is_undefined():
    # log x is undefined for the negative half of the points; the other half decide.
    assert_right({"expected": "log(x^2)", "variables": ["x"]}, "2 log(abs(x))")
    assert_right({"expected": "2 log(x)", "variables": ["x"], "positive": ["x"]}, "log(x^2)")


def test_positive_variables():
    spec = {"expected": "c", "variables": ["c"], "positive": ["c"]}
    assert_right(spec, "sqrt(c^2)")
    assert_right(spec, "abs(c)")
    assert_wrong({"expected": "c", "variables": ["c"]}, "sqrt(c^2)")


def test_constants():
    spec = {"expected": "e^x", "variables": ["x"]}
    assert_right(spec, "exp(x)")
    assert_right({"expected": "2 pi", "variables": []}, "2π")
    assert_wrong({"expected": "pi", "variables": []}, "3.14159")


def test_could_not_decide_in_time_is_not_wrong(monkeypatch):
    monkeypatch.setattr(grading.api, "CHECK_SECONDS", 0.0)
    verdict = check(POLY, "sum(sum(sum(i j l, i, 1, 27), j, 1, 27), l, 1, 27)")
    assert verdict["equivalent"] is None
    assert verdict["score"] == 0.0
    assert "could not decide" in verdict["feedback"].lower()
    assert "ran out of time" in verdict["feedback"]


def test_a_sum_beyond_every_range_of_the_question_is_wrong_not_undecided():
    verdict = check(POLY, "sum(i, i, 1, 100000)")
    assert verdict["equivalent"] is False
    assert "more than 1000 terms, far beyond the question's ranges" in verdict["feedback"]


def test_unreadable_answer_is_an_error_not_a_verdict():
    verdict = check(POLY, "x +")
    assert verdict["equivalent"] is None
    assert verdict["score"] == 0.0
    assert verdict["error"] == "`+` at column 3 needs something after it"


def test_blank_answer_is_wrong():
    for text in ["", "  ", None]:
        verdict = check(POLY, text)
        assert verdict["equivalent"] is False and verdict["score"] == 0.0
        assert verdict["error"] is None


def test_misconfigured_part_is_undecided_not_the_students_fault():
    verdict = check({"expected": "x +"}, "x")
    assert verdict["equivalent"] is None
    assert "misconfigured" in verdict["feedback"]


def test_verdict_carries_the_reading_and_engine_version():
    verdict = check(GELU, "sigma(cz)(1 + cz(1 - sigma(cz)))")
    assert verdict["canonical"] == "sigma(c*z)*(1 + c*z*(1 - sigma(c*z)))"
    assert verdict["latex"].startswith(r"\sigma\left(c\,z\right)")
    assert verdict["engine_version"] == grading.ENGINE_VERSION


def test_verdicts_are_deterministic_across_spec_recompiles():
    from grading.spec import clear_memo

    first = check(MU, "sum(w(x_n) x_n, n) / sum(w(x_n), n)")["feedback"]
    clear_memo()
    assert check(MU, "sum(w(x_n) x_n, n) / sum(w(x_n), n)")["feedback"] == first


def test_concurrent_checks_of_a_new_spec_agree():
    from concurrent.futures import ThreadPoolExecutor

    spec = dict(MU, expected="sum(w(x_n) q_kn x_n, n) / sum(w(x_n) q_kn, n, 1, N)")
    answers = ["sum(q_kn x_n w(x_n), n)/sum(q_kn w(x_n), n)", "sum(q_kn x_n, n)/sum(q_kn, n)"]
    with ThreadPoolExecutor(max_workers=8) as pool:
        verdicts = list(pool.map(lambda i: check(spec, answers[i % 2]), range(32)))
    assert [v["equivalent"] for v in verdicts] == [True, False] * 16
