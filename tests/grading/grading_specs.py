"""The exam's expression parts (as in fixtures/cs433-2024.yaml, questions 34a-37), shared by
the grading tests. Kept here so that the engine's tests do not depend on the bank file."""

GMM = {
    "variables": ["x_n", "q_kn"],
    "functions": ["w"],
    "positive_functions": ["w"],
    "indices": {"n": [1, "N"], "k": [1, "K"]},
    "free_indices": ["k"],
    "constraints": ["q_kn >= 0", "sum(q_kn, k) = 1"],
}

GELU = {
    "expected": "sigma(c z) (1 + c z (1 - sigma(c z)))",
    "variables": ["z", "c"],
    "positive": ["c"],
    "mistakes": [
        {"expected": "sigma(c z) + z sigma(c z) (1 - sigma(c z))",
         "feedback": "The chain rule is missing a factor c."},
        {"expected": "c z sigma(c z) (1 - sigma(c z))",
         "feedback": "phi(z) = z sigma(cz) is a product: use the product rule."},
        {"expected": "sigma(z) (1 + z (1 - sigma(z)))",
         "feedback": "Keep the c inside sigma."},
    ],
}  # fmt: skip

MU = {
    **GMM,
    "expected": "sum(w(x_n) q_kn x_n, n) / sum(w(x_n) q_kn, n)",
    "mistakes": [
        {"expected": "sum(q_kn x_n, n) / sum(q_kn, n)", "feedback": "You dropped the weights."},
        {"expected": "sum(w(x_n) q_kn x_n, n) / sum(q_kn, n)",
         "feedback": "The weights must appear in the denominator too."},
    ],
}  # fmt: skip

VAR = {
    **GMM,
    "variables": ["x_n", "q_kn", "mu_k", "m_k"],
    "expected": "sum(w(x_n) q_kn (x_n - mu_k)^2, n) / sum(w(x_n) q_kn, n)",
    "defined": {"mu_k": "sum(w(x_n) q_kn x_n, n) / sum(w(x_n) q_kn, n)"},
    "mistakes": [
        {"expected": "sum(q_kn (x_n - mu_k)^2, n) / sum(q_kn, n)",
         "feedback": "You dropped the weights."},
        {"expected": "sum(w(x_n) q_kn (x_n - mu_k)^2, n) / sum(q_kn, n)",
         "feedback": "The weights must appear in the denominator too."},
        {"expected": "sum(w(x_n) q_kn (x_n - m_k)^2, n) / sum(w(x_n) q_kn, n)",
         "feedback": "The update uses the new mean, not the previous one."},
    ],
}  # fmt: skip

PI = {
    **GMM,
    "expected": "sum(w(x_n) q_kn, n) / sum(w(x_n), n)",
    "mistakes": [
        {"expected": "sum(w(x_n) q_kn, n) / N",
         "feedback": "You dropped the weights from the denominator."},
        {"expected": "sum(q_kn, n) / N", "feedback": "This is the unweighted GMM update."},
    ],
}  # fmt: skip

POLY = {"expected": "x^2 - 1", "variables": ["x"]}
