"""Kept test cases (`answer["tests"]`): each sample answer must get the verdict it keeps,
checked by the engine alone (the admin and `grading lint` both ask it)."""

import pytest

import grading
from grading.declare import names_from_text
from grading.spec import spec_hash

SPEC = {
    "expected": "2 x",
    "variables": ["x"],
    "mistakes": [{"expected": "x^2", "feedback": "That is f itself."}],
}
NUMERIC = {"value": 0.5, "tolerance": 1e-9}


@pytest.mark.parametrize(
    ("verdict", "name"),
    [
        ({"equivalent": True, "error": None, "mistake": None}, "correct"),
        ({"equivalent": False, "error": None, "mistake": None}, "wrong"),
        ({"equivalent": False, "error": None, "mistake": 0}, "mistake"),
        ({"equivalent": None, "error": "unexpected `)`", "mistake": None}, "unreadable"),
        ({"equivalent": None, "error": None, "mistake": None}, "undecided"),
    ],
)
def test_a_verdict_is_named_in_one_word(verdict, name):
    assert grading.verdict_name(verdict) == name


@pytest.mark.parametrize(
    "cases",
    [
        [{"answer": "x + x", "verdict": "correct"}],
        [{"answer": "3 x", "verdict": "wrong"}],
        [{"answer": "x x", "verdict": "mistake"}],
        [{"answer": "2 x (", "verdict": "unreadable"}],
        [],
    ],
)
def test_cases_that_get_their_verdict_pass(cases):
    assert grading.check_cases({**SPEC, "tests": cases}) == []


@pytest.mark.parametrize(
    ("kind", "spec", "cases", "problems"),
    [
        (
            "expression",
            SPEC,
            [{"answer": "x + x", "verdict": "correct"}, {"answer": "3 x", "verdict": "correct"}],
            [
                "test 2 (`3 x`): expected correct, got wrong (Not equivalent: at x = 1 your "
                "expression gives 3.00, the expected one 2.00.)"
            ],
        ),
        (
            "expression",
            SPEC,
            [{"answer": "x^2", "verdict": "wrong"}],
            ["test 1 (`x^2`): expected wrong, got mistake (That is f itself.)"],
        ),
        (
            "numeric",
            NUMERIC,
            [{"answer": "1/2", "verdict": "correct"}, {"answer": "half", "verdict": "wrong"}],
            [
                "test 2 (`half`): expected wrong, got unreadable (`half` is not a number: type "
                "for example 0.5, 1/2, 1e-3 or -inf)"
            ],
        ),
        ("expression", SPEC, {"answer": "x"}, ["`tests` must be a list of {answer, verdict}"]),
        (
            "expression",
            SPEC,
            [{"answer": "x", "verdict": "right"}, {"answer": " ", "verdict": "wrong"}, ["x"]],
            [
                "test 1: verdict 'right' is not one of correct, wrong, mistake, unreadable, "
                "undecided",
                "test 2: `answer` must be a non-empty text",
                "test 3 must have exactly `answer` and `verdict`",
            ],
        ),
    ],
)
def test_a_case_that_gets_another_verdict_is_named_with_the_verdict_it_got(
    kind, spec, cases, problems
):
    assert grading.check_cases({**spec, "tests": cases}, kind=kind) == problems


def test_validate_spec_reports_failing_cases_and_knows_the_key():
    spec = {**SPEC, "tests": [{"answer": "3 x", "verdict": "correct"}]}
    assert [p.split(" (", 1)[0] for p in grading.validate_spec(spec)] == ["test 1"]


def test_keeping_a_case_leaves_the_spec_hash_and_cached_verdicts_alone():
    kept = {**SPEC, "tests": [{"answer": "x + x", "verdict": "correct"}]}
    assert spec_hash(kept) == spec_hash(SPEC)
    assert grading.cache_key(kept, "2*x") == grading.cache_key(SPEC, "2*x")


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("x, y z", ["x", "y", "z"]),
        ("q_{k,n}, x_n", ["q_{k,n}", "x_n"]),
        ("a,,b ", ["a", "b"]),
        ("", []),
    ],
)
def test_declared_names_are_read_from_text_with_braced_subscripts_whole(text, names):
    assert names_from_text(text) == names
