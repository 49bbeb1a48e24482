"""Every form of the calculator syntax, with how it is read (its canonical form)."""

import pytest

import grading

# A part with a bit of everything: scalars, Greek names, indexed names, a declared function.
SPEC = {
    "expected": "x",
    "variables": ["x", "y", "z", "c", "a", "b", "t", "alpha", "theta", "lambda",
                  "x_n", "q_kn", "mu_k", "sigma_k"],
    "functions": ["w"],
    "indices": {"n": [1, "N"], "k": [1, "K"]},
    "free_indices": ["k"],
}  # fmt: skip


def read(text: str) -> str:
    result = grading.validate(SPEC, text)
    assert result["ok"], result["error"]
    return result["canonical"]


READINGS = [
    # numbers
    ("2", "2"),
    ("2.5", "2.5"),
    (".5", "0.5"),
    ("2.50", "2.5"),
    ("1e-3", "0.001"),
    ("1E3", "1000"),
    ("2.5e1", "25"),
    # arithmetic, precedence, associativity
    ("x + y", "x + y"),
    ("x - y", "x - y"),
    ("x * y", "x*y"),
    ("x / y", "x/y"),
    ("a - (b - c)", "a - (b - c)"),
    ("a - b - c", "a - b - c"),
    ("a / (b c)", "a/(b*c)"),
    ("a / b c", "a/b*c"),
    ("1/2x", "1/2*x"),
    ("a + b*c", "a + b*c"),
    ("(a + b) c", "(a + b)*c"),
    # powers
    ("x^2", "x^2"),
    ("x**2", "x^2"),
    ("x^-1", "x^-1"),
    ("2^3^2", "2^3^2"),
    ("(2^3)^2", "(2^3)^2"),
    ("x^(y+1)", "x^(y + 1)"),
    ("e^(-x^2)", "e^-x^2"),
    # unary minus and plus
    ("-x", "-x"),
    ("-x^2", "-x^2"),
    ("(-x)^2", "(-x)^2"),
    ("-(x + y)", "-(x + y)"),
    ("--x", "--x"),
    ("+x", "x"),
    ("2*-x", "2*-x"),
    # implicit multiplication
    ("2x", "2*x"),
    ("2 x", "2*x"),
    ("2(x+1)", "2*(x + 1)"),
    ("(a+b)(a-b)", "(a + b)*(a - b)"),
    ("c z", "c*z"),
    ("x y z", "x*y*z"),
    ("2x^2", "2*x^2"),
    ("x(y)", "x*y"),
    # two declared variables glued
    ("cz", "c*z"),
    ("abc", "a*b*c"),
    ("e^-cz", "e^-(c*z)"),
    ("csigma(z)", "c*sigma(z)"),
    ("sum(cx_n, n)", "sum(c*x_n, n, 1, N)"),
    # Greek names, spelled and in Unicode
    ("alpha", "alpha"),
    ("α", "alpha"),
    ("θ + λ", "theta + lambda"),
    ("λx", "lambda*x"),
    ("μ_k", "mu_k"),
    ("σ(t)", "sigma(t)"),
    # constants
    ("pi", "pi"),
    ("π", "pi"),
    ("2pi", "2*pi"),
    ("e", "e"),
    ("e^x", "e^x"),
    # subscripts: all the same name
    ("sum(q_kn, n)", "sum(q_kn, n, 1, N)"),
    ("sum(q_{kn}, n)", "sum(q_kn, n, 1, N)"),
    ("sum(q_{k,n}, n)", "sum(q_kn, n, 1, N)"),
    ("sum(q_{k, n}, n)", "sum(q_kn, n, 1, N)"),
    ("mu_k", "mu_k"),
    ("mu_{k}", "mu_k"),
    ("x_1", "x_1"),
    ("x_{12}", "x_{12}"),
    ("x_12", "x_{12}"),
    ("sigma_k^2", "sigma_k^2"),
    ("sigma_k^2 + 1", "sigma_k^2 + 1"),
    # functions
    ("exp(x)", "exp(x)"),
    ("log(x)", "log(x)"),
    ("ln(x)", "log(x)"),
    ("sqrt(x)", "sqrt(x)"),
    ("abs(x)", "abs(x)"),
    ("sin(x) + cos(x) + tan(x)", "sin(x) + cos(x) + tan(x)"),
    ("tanh(x)", "tanh(x)"),
    ("sigma(t)", "sigma(t)"),
    ("sigmoid(t)", "sigma(t)"),
    ("sigma (t)", "sigma(t)"),
    ("sigma(c z)(1 - sigma(c z))", "sigma(c*z)*(1 - sigma(c*z))"),
    ("w(x)", "w(x)"),
    ("sin(x)^2", "sin(x)^2"),
    # sums
    ("sum(x_n, n)", "sum(x_n, n, 1, N)"),
    ("sum(x_n, n, 1, N)", "sum(x_n, n, 1, N)"),
    ("sum(x_n, n, 2, N-1)", "sum(x_n, n, 2, N - 1)"),
    ("sum(w(x_n) q_kn, n)", "sum(w(x_n)*q_kn, n, 1, N)"),
    ("sum(sum(q_kn, k), n)", "sum(sum(q_kn, k, 1, K), n, 1, N)"),
    ("sum(n, n)", "sum(n, n, 1, N)"),
    ("sum(i^2, i, 1, 10)", "sum(i^2, i, 1, 10)"),
    ("sum(x_i, i, 1, N)", "sum(x_i, i, 1, N)"),
    ("k", "k"),
    ("N + K", "N + K"),
    # Unicode operators and superscripts
    ("x·y", "x*y"),
    ("x×y", "x*y"),
    ("x−y", "x - y"),
    ("x²", "x^2"),
    ("x³ + y²", "x^3 + y^2"),
    ("x⁻¹", "x^-1"),
    ("(x+1)²", "(x + 1)^2"),
]


@pytest.mark.parametrize(("text", "canonical"), READINGS)
def test_reading(text, canonical):
    assert read(text) == canonical


@pytest.mark.parametrize(("text", "_"), READINGS)
def test_canonical_form_reads_back_as_itself(text, _):
    canonical = read(text)
    assert read(canonical) == canonical


@pytest.mark.parametrize(
    ("text", "latex"),
    [
        ("sum(q_{kn}, n)", r"\sum_{n=1}^{N} q_{kn}"),
        ("1/2", r"\frac{1}{2}"),
        ("sigma(t)", r"\sigma\left(t\right)"),
        ("alpha^2", r"\alpha^{2}"),
        ("sqrt(x)", r"\sqrt{x}"),
        ("abs(x)", r"\left|x\right|"),
        ("2x", r"2\,x"),
        ("2*3", r"2 \cdot 3"),
        ("x*2^y", r"x \cdot 2^{y}"),
        ("1e-3", r"1 \cdot 10^{-3}"),
        ("sigma_k^2", r"\sigma_{k}^{2}"),
        ("(x+1)^2", r"\left(x + 1\right)^{2}"),
        ("-(x+y)", r"-\left(x + y\right)"),
        ("pi", r"\pi"),
        ("ln(x)", r"\ln\left(x\right)"),
        ("w(x)", r"w\left(x\right)"),
        ("e^(-c z)", r"e^{-c\,z}"),
    ],
)
def test_latex(text, latex):
    assert grading.validate(SPEC, text)["latex"] == latex


@pytest.mark.parametrize(
    ("text", "note"),
    [
        ("cz", "`cz` is read as c·z"),
        ("1/2x", "`1/2x` is read as (1/2)·x; write 1/(2x) if you meant that"),
        ("1e-3", "`1e-3` is read as 1·10^-3"),
        ("e^x", "`e` is Euler's number, e ≈ 2.718"),
    ],
)
def test_notes_say_how_the_text_was_read(text, note):
    assert note in grading.validate(SPEC, text)["notes"]


def test_no_notes_for_plain_text():
    assert grading.validate(SPEC, "c z + 1")["notes"] == []


def test_a_glued_word_that_is_a_name_is_not_split():
    spec = {"expected": "cz", "variables": ["c", "z", "cz"]}
    assert grading.validate(spec, "cz")["canonical"] == "cz"
    assert grading.validate(spec, "c z")["canonical"] == "c*z"


def test_declared_variables_shadow_constants():
    spec = {"expected": "e + pi", "variables": ["e", "pi"]}
    result = grading.validate(spec, "e pi")
    assert result["latex"] == r"e\,\pi"
    assert result["notes"] == []  # not Euler's number: a variable
    assert grading.check_expression(spec, "pi + e")["equivalent"] is True
    assert grading.check_expression(spec, "2.718281828459045 + pi")["equivalent"] is False


def test_sigma_as_a_declared_variable_is_not_the_logistic_function():
    spec = {"expected": "sigma x", "variables": ["sigma", "x"]}
    assert grading.validate(spec, "sigma(x)")["canonical"] == "sigma*x"
