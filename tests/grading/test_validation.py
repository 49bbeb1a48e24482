"""validate(): what a student sees while typing. Errors are plain words with the column."""

import pytest

import grading
from tests.grading.grading_specs import GELU, MU, POLY, VAR


def error(spec: dict, text: str) -> tuple[str, int | None]:
    result = grading.validate(spec, text)
    assert result["ok"] is False
    assert result["latex"] == "" and result["canonical"] == ""
    return result["error"], result["column"]


@pytest.mark.parametrize(
    ("spec", "text", "message", "column"),
    [
        (GELU, "(c z + 1", "unbalanced parenthesis at column 1: this `(` is never closed", 1),
        (GELU, "sigma(c z) (1 + c z (1 - sigma(c z))", "unbalanced parenthesis at column 12", 12),
        (GELU, "c z + 1)", "unbalanced parenthesis at column 8: no `(` before it", 8),
        (GELU, "foo(z)", "`foo` at column 1 is not a known function", 1),
        (
            GELU,
            "sigam(c z)",
            "`sigam` at column 1 is not a known function: did you mean `sigma`",
            1,
        ),
        (GELU, "2 y", "unknown name `y` at column 3", 3),
        (GELU, "ez", "unknown name `ez` at column 1: did you mean `e*z`?", 1),
        (GELU, "sigma(zc) + cy", "unknown name `cy` at column 13", 13),
        (GELU, "z +", "`+` at column 3 needs something after it", 3),
        (GELU, "* z", "`*` at column 1 has nothing before it", 1),
        (GELU, "z (+) c", "`+` at column 4 needs something after it", 4),
        (GELU, "sigma()", "empty parentheses at column 6", 6),
        (GELU, "z = 1", "unexpected `=` at column 3: type only the expression, without `=`", 3),
        (GELU, "|z|", "unexpected `|` at column 1: use abs(...) for an absolute value", 1),
        (GELU, "[z]", "unexpected `[` at column 1: use round parentheses ( ) for grouping", 1),
        (GELU, "z2", "a number right after a factor at column 2", 2),
        (GELU, "(c+z) 2", "a number right after a factor at column 7", 7),
        (GELU, "sin z", "`sin` at column 1 is a function: write sin(...)", 1),
        (GELU, "sigma", "`sigma` at column 1 is a function: write sigma(...)", 1),
        (GELU, r"\sigma(z)", "not LaTeX", 1),
        (GELU, "1/0", "division by zero at column 3", 3),
        (GELU, "z / (2 - 2)", "division by zero at column 5", 5),
        (GELU, "z^1000", "the exponent at column 3 is too large (at most 100)", 3),
        (GELU, "log(z, 2)", "`log` at column 1 takes exactly one argument", 1),
        (GELU, "1.2.3", "malformed number at column 1", 1),
        (GELU, "z.c", "unexpected `.` at column 2", 2),
        (GELU, "z, c", "unexpected `,` at column 2", 2),
        (GELU, "z_", "a subscript is missing after `_` at column 2", 2),
        (GELU, "z^", "`^` at column 2 needs something after it", 2),
        (GELU, "", "the answer is empty", None),
        (GELU, "   ", "the answer is empty", None),
        (MU, "x_n", "`x_n` at column 1 uses the index n outside a sum over n: write sum(...", 1),
        (MU, "sum(q_nk, n)", "write `q_kn` at column 5: the indices go in that order", 5),
        (MU, "sum(q_k, n)", "`q_k` at column 5 needs 2 indexes, like `q_kn`", 5),
        (MU, "sum(x_n)", "the sum at column 1 needs 2 or 4 arguments", 1),
        (MU, "sum(x_i, i)", "`i` at column 10 has no declared range: write sum(EXPR, i, 1, N)", 10),
        (MU, "sum(x_n, N)", "`N` at column 10 cannot be a summation index", 10),
        (MU, "sum(x_n, n, 1, N/2)", "the bound at column 16 must be a whole number", 16),
        (MU, "sum(x_n, 2)", "the second argument of the sum at column 1 must be an index", 1),
        (MU, "sum(x_n w, n)", "`w` at column 9 is a function: write w(...)", 9),
        (MU, "sum(y_n, n)", "unknown name `y_n` at column 5", 5),
        (MU, "n", "`n` at column 1 is an index: use it inside sum(..., n)", 1),
        (VAR, "sum(q_kn (x_n - mu_j)^2, n)", "unknown name `mu_j` at column 17", 17),
    ],
)
def test_errors_point_at_the_problem(spec, text, message, column):
    got, col = error(spec, text)
    assert message in got
    assert col == column


def test_the_unbalanced_column_is_the_unclosed_parenthesis():
    # The typical slip: one `)` short. The column is where the unclosed `(` is.
    text = "sigma(c z) (1 + c z (1 - sigma(c z))"
    _, column = error(GELU, text)
    assert text[column - 1] == "("


def test_a_valid_answer_reads_as_latex_and_canonical_form():
    result = grading.validate(GELU, "sigma(cz)(1 + cz(1 - sigma(cz)))")
    assert result == {
        "ok": True,
        "latex": r"\sigma\left(c\,z\right)\,\left(1 + c\,z\,"
        r"\left(1 - \sigma\left(c\,z\right)\right)\right)",
        "canonical": "sigma(c*z)*(1 + c*z*(1 - sigma(c*z)))",
        "error": None,
        "notes": ["`cz` is read as c·z"],
        "column": None,
    }


def test_same_answer_typed_differently_reads_the_same():
    forms = ["sigma(c z)", "sigma(cz)", "sigma(c*z)", "σ(c·z)", "sigmoid( c  z )"]
    assert len({grading.validate(GELU, f)["canonical"] for f in forms}) == 1


def test_defined_names_are_accepted():
    assert grading.validate(VAR, "sum(q_kn (x_n - mu_k)^2, n)")["ok"]
    assert grading.validate(VAR, "sum(q_kn (x_n - m_k)^2, n)")["ok"]


def test_text_that_is_not_a_string():
    assert grading.validate(POLY, None)["error"] == "the answer is empty"
    assert grading.validate(POLY, 12)["error"] == "the answer must be text"


def test_a_misconfigured_part_is_reported_not_raised():
    result = grading.validate({"expected": "x +"}, "x")
    assert result["ok"] is False
    assert result["error"].startswith("this part is misconfigured")


def test_many_validations_of_one_spec_compile_it_once():
    spec = dict(POLY, expected="x^3 - 1")  # a fresh spec
    grading.validate(spec, "x")
    compiled = grading.compile_spec(spec)
    for text in ["x^3", "x^3 - 1", "(x - 1)(x^2 + x + 1)"]:
        grading.validate(dict(spec), text)
    assert grading.compile_spec(dict(spec)) is compiled
