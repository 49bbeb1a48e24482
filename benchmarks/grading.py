"""Benchmark of the grading engine on the exam's expression parts, against the naive approach.

    python benchmarks/grading.py [--repeat 5] [--naive-limit 10] [--cpu]

Measures checks per second and p50/p99 latency of `grading.check_expression`:
  cold      a new spec memo and an empty cache before every check (the first check of a part)
  uncached  the part already compiled, the answer not yet seen (a hall typing new answers)
  cached    the verdict already cached (a hall typing the same answer)
  isolated  uncached, through `check_expression_isolated` (a forked, limited child)
and, side by side in the same run, the naive approach
`sympy.simplify(sympify(expected) - sympify(answer)) == 0` on the answers SymPy's parser
can read, each in a forked child with a time limit (SymPy's simplify has no time limit of
its own); then the precision cases of issue 14 (tiny values, near-equal constants,
cancellation, narrow domains), each with the verdict it must get. Prints Markdown tables.

The parts are read from fixtures/cs433-2024.yaml when it is there and PyYAML can read it,
else from the built-in table below (the same four parts).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import grading  # noqa: E402
import grading.api  # noqa: E402
from grading.cache import LRUCache  # noqa: E402
from grading.isolation import run_isolated  # noqa: E402
from grading.spec import clear_memo  # noqa: E402

GMM = {
    "variables": ["x_n", "q_kn"],
    "functions": ["w"],
    "positive_functions": ["w"],
    "indices": {"n": [1, "N"], "k": [1, "K"]},
    "free_indices": ["k"],
    "constraints": ["q_kn >= 0", "sum(q_kn, k) = 1"],
}
MEAN = "sum(w(x_n) q_kn x_n, n) / sum(w(x_n) q_kn, n)"

# name -> (spec, typical answers: right forms first, then wrong ones)
BUILT_IN = {
    "34a": (
        {
            "expected": "sigma(c z) (1 + c z (1 - sigma(c z)))",
            "variables": ["z", "c"],
            "positive": ["c"],
            "mistakes": [
                {
                    "expected": "sigma(c z) + z sigma(c z) (1 - sigma(c z))",
                    "feedback": "chain rule",
                },
                {"expected": "c z sigma(c z) (1 - sigma(c z))", "feedback": "product"},
            ],
        },
        [
            "sigma(c z) (1 + c z (1 - sigma(c z)))",
            "sigma(cz) + cz sigma(cz)(1-sigma(cz))",
            "sigma(c z) + c z exp(-c z)/(1+exp(-c z))^2",
            "1/(1+e^(-cz)) + c z e^(-c z)/(1 + e^(-c z))^2",
            "sigma(c*z)*(1 + c*z*(1 - sigma(c*z)))",
            "sigma(c z) + z sigma(c z) (1 - sigma(c z))",
            "c z sigma(c z) (1 - sigma(c z))",
            "sigma(c z)(1 - sigma(c z))",
            "sigma(z) (1 + z (1 - sigma(z)))",
        ],
    ),
    "35": (
        {
            **GMM,
            "expected": MEAN,
            "mistakes": [{"expected": "sum(q_kn x_n, n) / sum(q_kn, n)", "feedback": "weights"}],
        },
        [
            MEAN,
            "sum(q_kn x_n w(x_n), n)/sum(q_kn w(x_n), n)",
            "sum(w(x_n) q_kn x_n / sum(w(x_n) q_kn, n), n)",
            "sum(q_kn x_n, n) / sum(q_kn, n)",
            "sum(w(x_n) q_kn x_n, n) / sum(q_kn, n)",
            "sum(w(x_n) x_n, n) / sum(w(x_n), n)",
        ],
    ),
    "36": (
        {
            **GMM,
            "variables": ["x_n", "q_kn", "mu_k", "m_k"],
            "expected": "sum(w(x_n) q_kn (x_n - mu_k)^2, n) / sum(w(x_n) q_kn, n)",
            "defined": {"mu_k": MEAN},
            "mistakes": [
                {"expected": "sum(q_kn (x_n - mu_k)^2, n) / sum(q_kn, n)", "feedback": "weights"}
            ],
        },
        [
            "sum(w(x_n) q_kn (x_n - mu_k)^2, n) / sum(w(x_n) q_kn, n)",
            f"sum(w(x_n) q_kn (x_n - {MEAN})^2, n) / sum(w(x_n) q_kn, n)",
            "sum(w(x_n) q_kn x_n^2, n) / sum(w(x_n) q_kn, n) - mu_k^2",
            "sum(q_kn (x_n - mu_k)^2, n) / sum(q_kn, n)",
            "sum(w(x_n) q_kn (x_n - mu_k)^2, n) / sum(q_kn, n)",
            "sum(w(x_n) q_kn (x_n - m_k)^2, n) / sum(w(x_n) q_kn, n)",
        ],
    ),
    "37": (
        {
            **GMM,
            "expected": "sum(w(x_n) q_kn, n) / sum(w(x_n), n)",
            "mistakes": [{"expected": "sum(q_kn, n) / N", "feedback": "unweighted"}],
        },
        [
            "sum(w(x_n) q_kn, n) / sum(w(x_n), n)",
            "sum(w(x_n) q_kn, n)/sum(sum(w(x_n) q_kn, k), n)",
            "sum(w(x_n) q_kn, n) / N",
            "sum(q_kn, n) / N",
            "sum(q_kn, n) / sum(w(x_n), n)",
        ],
    ),
}


# The classes of issue 14, each with the verdict it must get: (class, spec, answer, verdict).
POLY13 = (
    "14336000000 x^13 + 250265600000 x^12 + 1862860800000 x^11 + 7623925760000 x^10"
    " + 18290677760000 x^9 + 24744757985280 x^8 + 14567212351488 x^7 - 3267871272960 x^6"
    " - 6408053107200 x^5 + 670406720000 x^4 + 1179708800000 x^3 - 429244800000 x^2"
    " + 56696000000 x - 2680000000"
)
ROOTS = "(930249+416020 sqrt(5))^(1/30) - (930249-416020 sqrt(5))^(1/30)"
PRECISION = [
    ("tiny values", {"expected": "exp(-21)"}, "exp(-22)", False),
    ("tiny values", {"expected": "0"}, "exp(-30)", False),
    ("tiny values", {"expected": "x exp(-30)", "variables": ["x"]}, "0", False),
    (
        "near-equal constants",
        {"expected": "2^((1/5.1) t)", "variables": ["t"]},
        "2^(0.196078431373 t)",
        False,
    ),
    ("near-equal constants", {"expected": "2^((1/5.1) t)", "variables": ["t"]}, "2^(t/5.1)", True),
    (
        "cancellation",
        {"expected": POLY13, "variables": ["x"]},
        "512 (2x+5)^7 (5x-1)^5 (70x+67)",
        True,
    ),
    ("cancellation", {"expected": "1"}, ROOTS, True),
    (
        "cancellation",
        {"expected": "exp(2x)", "variables": ["x"]},
        "(exp(x) + 10^9)^2 - 10^18 - 2*10^9 exp(x)",
        True,
    ),
    ("narrow domain", {"expected": "6((x-2)^3)^k", "variables": ["x", "k"]}, "6 (x-2)^(3k)", True),
    (
        "narrow domain",
        {"expected": "sqrt(x-3) sqrt(x-5)", "variables": ["x"]},
        "sqrt((x-3)(x-5))",
        True,
    ),
]


def measure_precision(repeat: int) -> list[tuple[str, str, str, bool, bool | None, float]]:
    """Each issue-14 case, cold (new spec memo, empty cache): its verdict and median time."""
    rows = []
    for name, spec, text, right in PRECISION:
        times, verdict = [], None
        for _ in range(repeat):
            clear_memo()
            dt, result = timed(grading.check_expression, spec, text, cache=LRUCache())
            times.append(dt * 1000)
            verdict = result["equivalent"]
        rows.append((name, spec["expected"], text, right, verdict, statistics.median(times)))
    return rows


def short(text: str, width: int = 38) -> str:
    return text if len(text) <= width else text[: width - 3] + "..."


def load_parts() -> tuple[str, dict[str, tuple[dict, list[str]]]]:
    """The parts to measure: the bank's expression parts (with the built-in answers of the
    part with the same reference answer, plus the bank's own mistakes), or the built-ins."""
    path = ROOT / "fixtures" / "cs433-2024.yaml"
    try:
        import yaml

        exam = yaml.safe_load(path.read_text(encoding="utf-8"))
        parts = {}
        for question in exam["questions"]:
            for part in question.get("parts") or []:
                if part.get("kind") != "expression":
                    continue
                spec = part["answer"]
                name = f"{question['number']}{part.get('label') or ''}"
                known = next(
                    (a for s, a in BUILT_IN.values() if s["expected"] == spec["expected"]),
                    [spec["expected"]],
                )
                mistakes = [m["expected"] for m in spec.get("mistakes") or []]
                parts[name] = (spec, list(dict.fromkeys(known + mistakes)))
        if parts:
            return str(path.relative_to(ROOT)), parts
    except Exception as err:
        print(f"(could not read the bank: {err}; using the built-in parts)", file=sys.stderr)
    return "built-in table", BUILT_IN


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


# Wall-clock time by default; `--cpu` measures this process's CPU time instead, steadier on
# a shared machine (forked children are not counted: the isolated and naive rows then show
# only the parent's share).
CLOCK = time.perf_counter


def timed(fn: Callable[..., dict], *args, **kwargs) -> tuple[float, dict]:
    start = CLOCK()
    result = fn(*args, **kwargs)
    return CLOCK() - start, result


def measure_engine(parts, repeat: int) -> dict[str, dict]:
    rows: dict[str, dict] = {
        m: {"times": [], "undecided": 0, "verdicts": []}
        for m in ("cold", "uncached", "cached", "isolated")
    }
    for _ in range(repeat):
        for spec, answers in parts.values():
            for text in answers:
                clear_memo()
                grading.api.default_cache.clear()
                dt, verdict = timed(grading.check_expression, spec, text, cache=LRUCache())
                rows["cold"]["times"].append(dt)
                rows["cold"]["verdicts"].append(verdict["equivalent"])
            grading.compile_spec(spec)
            grading.check_expression(spec, spec["expected"], cache=LRUCache())  # samples drawn
            for text in answers:
                dt, verdict = timed(grading.check_expression, spec, text, cache=LRUCache())
                rows["uncached"]["times"].append(dt)
                rows["uncached"]["verdicts"].append(verdict["equivalent"])
                dt, verdict = timed(grading.check_expression_isolated, spec, text, cache=LRUCache())
                rows["isolated"]["times"].append(dt)
                rows["isolated"]["verdicts"].append(verdict["equivalent"])
    shared = LRUCache()
    for spec, answers in parts.values():
        for text in answers:
            grading.check_expression(spec, text, cache=shared)
    for _ in range(repeat * 40):
        for spec, answers in parts.values():
            for text in answers:
                dt, verdict = timed(grading.check_expression, spec, text, cache=shared)
                rows["cached"]["times"].append(dt)
                rows["cached"]["verdicts"].append(verdict["equivalent"])
    for row in rows.values():
        row["undecided"] = sum(v is None for v in row["verdicts"])
    return rows


def naive_readable(spec: dict, text: str):
    """The naive baseline reads calculator text with SymPy's own parser. That parser
    evaluates Python: acceptable here only because these are our own, trusted texts."""
    import sympy
    from sympy.parsing.sympy_parser import (
        convert_xor,
        implicit_multiplication_application,
        parse_expr,
        standard_transformations,
    )

    names = {v: sympy.Symbol(v) for v in spec.get("variables") or []}
    names["sigma"] = sympy.Lambda(sympy.Symbol("t"), 1 / (1 + sympy.exp(-sympy.Symbol("t"))))
    names["e"] = sympy.E
    transformations = standard_transformations + (implicit_multiplication_application, convert_xor)
    expected = parse_expr(spec["expected"], local_dict=names, transformations=transformations)
    answer = parse_expr(text, local_dict=names, transformations=transformations)
    if not isinstance(expected, sympy.Expr) or not isinstance(answer, sympy.Expr):
        raise ValueError("not an expression")
    return expected, answer


def naive_check(expected, answer) -> bool:
    import sympy

    return bool(sympy.simplify(expected - answer) == 0)


def measure_naive(parts, limit: float) -> tuple[dict, list[tuple[dict, str]]]:
    row = {"times": [], "undecided": 0, "verdicts": []}
    readable = []
    for spec, answers in parts.values():
        for text in answers:
            try:
                pair = naive_readable(spec, text)
            except Exception:
                continue
            readable.append((spec, text))
            start = time.perf_counter()
            status, result = run_isolated(
                naive_check, pair, wall_seconds=limit, cpu_seconds=int(limit) + 1, memory_mb=2048
            )
            row["times"].append(time.perf_counter() - start)
            row["verdicts"].append(result if status == "ok" else None)
            row["undecided"] += status != "ok"
    return row, readable


def line(name: str, row: dict, note: str = "") -> str:
    times = row["times"]
    if not times:
        return f"| {name} | 0 | - | - | - | - | - | {note} |"
    rate = len(times) / sum(times)
    ms = [t * 1000 for t in times]
    return (
        f"| {name} | {len(times)} | {rate:,.0f} | {statistics.median(ms):.2f} | "
        f"{percentile(ms, 99):.2f} | {max(ms):.2f} | {row['undecided']} | {note} |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=5, help="rounds over all answers")
    parser.add_argument("--naive-limit", type=float, default=10.0, help="seconds per naive check")
    parser.add_argument("--cpu", action="store_true", help="CPU time of this process, not wall")
    args = parser.parse_args()
    if args.cpu:
        global CLOCK
        CLOCK = time.process_time
    source, parts = load_parts()
    n_answers = sum(len(a) for _, a in parts.values())
    rows = measure_engine(parts, args.repeat)
    naive, readable = measure_naive(parts, args.naive_limit)
    subset = {"times": [], "undecided": 0, "verdicts": []}
    for _ in range(args.repeat):
        for spec, text in readable:
            clear_memo()
            dt, verdict = timed(grading.check_expression, spec, text, cache=LRUCache())
            subset["times"].append(dt)
            subset["undecided"] += verdict["equivalent"] is None
    print(
        f"Grading engine {grading.ENGINE_VERSION}: {len(parts)} expression parts "
        f"({', '.join(parts)}) from the {source}, {n_answers} typical answers; "
        f"{'CPU time of this process' if args.cpu else 'wall-clock time'}.\n"
    )
    print("| approach | checks | checks/s | p50 ms | p99 ms | max ms | undecided | note |")
    print("|---|---:|---:|---:|---:|---:|---:|---|")
    print(line("engine, cold", rows["cold"], "new spec memo and empty cache each check"))
    print(line("engine, uncached", rows["uncached"], "spec compiled, answer not seen before"))
    print(line("engine, cached", rows["cached"], "verdict in the cache"))
    print(line("engine, isolated", rows["isolated"], "uncached, in a forked limited child"))
    print(
        line(
            "engine, cold, naive-readable subset", subset, f"{len(readable)} of {n_answers} answers"
        )
    )
    print(
        line(
            "naive sympify + simplify",
            naive,
            f"same {len(readable)} answers; limit {args.naive_limit:g} s each",
        )
    )
    engine_verdicts = [
        grading.check_expression(spec, text, cache=LRUCache())["equivalent"]
        for spec, text in readable
    ]
    differ = sum(a != b for a, b in zip(engine_verdicts, naive["verdicts"], strict=True))
    if readable:
        print(f"\nNaive verdicts that differ from the engine's: {differ} of {len(readable)}.")
    if naive["times"] and subset["times"]:
        speedup = (len(subset["times"]) / sum(subset["times"])) / (
            len(naive["times"]) / sum(naive["times"])
        )
        print(f"Throughput, engine cold over naive, same answers: {speedup:,.0f}x.")
    precision = measure_precision(args.repeat)
    right = sum(verdict is want for *_, want, verdict, _ in precision)
    print(f"\nIssue 14 cases, cold: {right} of {len(precision)} verdicts right.\n")
    print("| class | expected | answer | must be | engine | ms (median, cold) |")
    print("|---|---|---|---|---|---:|")
    for name, expected, text, want, verdict, ms in precision:
        shown = {True: "true", False: "false", None: "undecided"}
        print(
            f"| {name} | `{short(expected)}` | `{short(text)}` | {shown[want]} | "
            f"{shown[verdict]} | {ms:.1f} |"
        )
    limit_ms = grading.api.CHECK_SECONDS * 1000
    worst = max(max(r["times"]) for r in [*rows.values(), subset] if r["times"]) * 1000
    print(f"\nSlowest engine check: {worst:.1f} ms (time limit {limit_ms:.0f} ms).")


if __name__ == "__main__":
    main()
