"""Random text, and random grammar-shaped text, into the engine: it never raises, always
answers in its documented shape, and reading is stable (the canonical form reads back as
itself). Deadlines are generous: no timing is asserted here."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import grading
from tests.grading.grading_specs import GELU, VAR

SETTINGS = settings(max_examples=300, deadline=2000, suppress_health_check=[HealthCheck.too_slow])

ATOMS = ["z", "c", "cz", "x_n", "q_kn", "mu_k", "m_k", "N", "K", "k", "n", "e", "pi", "σ",
         "1", "2", "0.5", ".5", "1e-3", "0", "100", "zz", "foo", "_", "sigma"]  # fmt: skip
FUNCTIONS = ["sigma", "exp", "log", "sqrt", "abs", "sin", "tanh", "w", "foo", "sigmoid", "σ"]
OPERATORS = ["+", "-", "*", "/", "^", "**", " ", "", "·", "−", "×"]
NOISE = ["(", ")", ",", "_", "{", "}", ".", "'", "=", "²", "⁻", "__import__", "x.__class__"]


def _grammar_text():
    atom = st.sampled_from(ATOMS)

    def extend(inner):
        return st.one_of(
            st.tuples(inner, st.sampled_from(OPERATORS), inner).map("".join),
            st.tuples(st.sampled_from(["-", "+", ""]), inner).map("".join),
            inner.map(lambda s: f"({s})"),
            st.tuples(st.sampled_from(FUNCTIONS), inner).map(lambda t: f"{t[0]}({t[1]})"),
            st.tuples(inner, st.sampled_from(["n", "k", "i"])).map(
                lambda t: f"sum({t[0]}, {t[1]})"
            ),
            inner.map(lambda s: f"sum({s}, i, 1, N)"),
            st.tuples(inner, st.sampled_from(["^2", "²", "^-1", "_k", "^x_n"])).map("".join),
        )

    return st.recursive(atom, extend, max_leaves=12)


GRAMMAR = _grammar_text()
SOUP = st.lists(st.sampled_from(ATOMS + FUNCTIONS + OPERATORS + NOISE), max_size=40).map("".join)


def _assert_validation_shape(result: dict) -> None:
    assert set(result) == {"ok", "latex", "canonical", "error", "notes", "column"}
    if result["ok"]:
        assert result["error"] is None and result["latex"] and result["canonical"]
    else:
        assert isinstance(result["error"], str) and result["error"]
        assert result["column"] is None or result["column"] >= 1


@SETTINGS
@given(st.text(max_size=600))
def test_random_text_never_raises(text):
    _assert_validation_shape(grading.validate(GELU, text))


@SETTINGS
@given(SOUP)
def test_token_soup_never_raises(text):
    _assert_validation_shape(grading.validate(VAR, text))


@SETTINGS
@given(GRAMMAR)
def test_grammar_shaped_text_reads_stably(text):
    for spec in (GELU, VAR):
        result = grading.validate(spec, text)
        _assert_validation_shape(result)
        if result["ok"]:
            again = grading.validate(spec, result["canonical"])
            assert again["ok"], (result["canonical"], again["error"])
            assert again["canonical"] == result["canonical"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(GRAMMAR)
def test_grammar_shaped_answers_get_a_verdict(text):
    for spec in (GELU, VAR):
        verdict = grading.check_expression(spec, text, cache=grading.LRUCache())
        assert verdict["equivalent"] in (True, False, None)
        assert verdict["score"] in (0.0, 1.0)
        assert (verdict["score"] == 1.0) == (verdict["equivalent"] is True)
        if verdict["error"]:
            assert verdict["equivalent"] is None


@SETTINGS
@given(st.text(max_size=120))
def test_random_numbers_never_raise(text):
    result = grading.validate_numeric({"value": 0}, text)
    assert result["ok"] in (True, False)
    verdict = grading.grade_numeric({"value": 0}, text)
    assert verdict["equivalent"] in (True, False, None)
