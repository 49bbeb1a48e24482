"""Command line: `python -m grading check ...` and `python -m grading lint EXAM.yaml`.

    python -m grading check --expected "x^2-1" --answer "(x-1)(x+1)" [--vars x,y]
    python -m grading check --expected "n(n+1)(2n+1)/6" --answer "sum(k^2, k, 1, n)" \
        --indices k=1..n
    python -m grading check --batch < lines.jsonl
    python -m grading lint fixtures/cs433-2024.yaml

`check` prints one JSON object per check: {"equivalent": true|false|null, "error": null|str,
"latex": str}. What a part's `answer` mapping declares can be declared here too, with the
same meaning (docs/exam-format.md): --vars, --positive, --functions, --positive-functions,
--indices (`n=1..N`; the names in the bounds are sizes), --free-indices, --constraint and
--define (both repeatable); a batch line may carry the same keys as a part's mapping
("vars" or "variables", "positive", "indices" as a mapping or as `n=1..N`, ...). Without
variables, they are the names the expected expression uses that nothing else declares, and
any other name in the answer is an error. Exit code 0 when the checks ran (whatever their
verdicts), 2 on bad usage.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any, TextIO

from .api import check_cases, check_expression, validate_spec
from .declare import defined_from_lines, indices_from_text, names_from_text
from .spec import SpecError, compile_spec, discover_variables

LISTS = ("positive", "functions", "positive_functions", "free_indices", "constraints")


def build_spec(expected: Any, declared: dict[str, Any]) -> dict[str, Any]:
    """A part's `answer` mapping from command-line or batch-line declarations. Raises
    SpecError."""
    spec: dict[str, Any] = {"expected": expected}
    variables = declared.get("variables", declared.get("vars"))
    if variables is not None:
        spec["variables"] = names_from_text(variables)
    for key in LISTS:
        if declared.get(key) is not None:
            spec[key] = names_from_text(declared[key]) if key != "constraints" else declared[key]
    if declared.get("indices") is not None:
        spec["indices"] = indices_from_text(declared["indices"])
    if declared.get("defined") is not None:
        spec["defined"] = defined_from_lines(declared["defined"])
    if spec.get("variables") is None:
        spec["variables"] = discover_variables({**spec, "variables": []})
    elif not (
        isinstance(spec["variables"], list) and all(isinstance(v, str) for v in spec["variables"])
    ):
        raise SpecError("`vars` must be a list of names")
    return spec


def check_one(expected: Any, answer: Any, declared: dict[str, Any] | None = None) -> dict[str, Any]:
    if not isinstance(expected, str) or not isinstance(answer, str):
        return {"equivalent": None, "error": "`expected` and `answer` must be strings", "latex": ""}
    try:
        spec = build_spec(expected, declared or {})
        compile_spec(spec)
    except SpecError as err:
        return {"equivalent": None, "error": f"expected: {err}", "latex": ""}
    verdict = check_expression(spec, answer)
    return {
        "equivalent": verdict["equivalent"],
        "error": verdict["error"],
        "latex": verdict["latex"],
    }


def _batch(stdin: TextIO, stdout: TextIO) -> None:
    for number, line in enumerate(stdin, start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
            if not isinstance(item, dict):
                raise ValueError("not a JSON object")
        except ValueError as err:
            result = {"equivalent": None, "error": f"line {number}: {err}", "latex": ""}
        else:
            declared = {k: v for k, v in item.items() if k not in ("expected", "answer")}
            result = check_one(item.get("expected"), item.get("answer"), declared)
        stdout.write(json.dumps(result) + "\n")
        stdout.flush()


def _lint(path: str, stdout: TextIO) -> int:
    import yaml

    with open(path, encoding="utf-8") as f:
        exam = yaml.safe_load(f)
    problems = 0
    for question in (exam or {}).get("questions") or []:
        for part in question.get("parts") or []:
            kind, answer = part.get("kind"), part.get("answer") or {}
            if kind == "expression":
                found = validate_spec(answer)
            elif kind == "numeric" and isinstance(answer, dict):
                found = check_cases(answer, kind="numeric")
            else:
                continue
            where = f"question {question.get('number')}{part.get('label') or ''}"
            for problem in found:
                problems += 1
                stdout.write(f"{where}: {problem}\n")
    stdout.write(f"{problems} problem(s)\n")
    return 1 if problems else 0


def main(
    argv: list[str] | None = None, stdin: TextIO | None = None, stdout: TextIO | None = None
) -> int:
    stdin, stdout = stdin or sys.stdin, stdout or sys.stdout
    parser = argparse.ArgumentParser(prog="python -m grading", description=__doc__.split("\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="check answers against expected expressions")
    check.add_argument("--expected", help="the reference expression")
    check.add_argument("--answer", help="the answer to check")
    check.add_argument(
        "--vars", help="comma-separated variable names (default: those of --expected)"
    )
    check.add_argument("--positive", help="names that are positive, such as c,q_kn")
    check.add_argument("--functions", help="declared functions, such as w")
    check.add_argument("--positive-functions", help="declared functions that are positive")
    check.add_argument("--indices", help="index ranges, such as n=1..N,k=1..K (N, K are sizes)")
    check.add_argument("--free-indices", help="indices left free, such as k")
    check.add_argument(
        "--constraint",
        action="append",
        dest="constraints",
        help="such as 'q_kn >= 0' or 'sum(q_kn, k) = 1' (repeatable)",
    )
    check.add_argument(
        "--define",
        action="append",
        dest="defined",
        help="a defined name, as 'mu_k=sum(x_n, n)/N' (repeatable)",
    )
    check.add_argument("--batch", action="store_true", help="read JSON lines from standard input")
    lint = commands.add_parser(
        "lint", help="check the expression parts and kept test cases of an exam YAML file"
    )
    lint.add_argument("path")
    args = parser.parse_args(argv)
    if args.command == "lint":
        return _lint(args.path, stdout)
    keys = (
        "vars",
        "positive",
        "functions",
        "positive_functions",
        "indices",
        "free_indices",
        "constraints",
        "defined",
    )
    declared = {k: getattr(args, k) for k in keys if getattr(args, k) is not None}
    if args.batch:
        if args.expected is not None or args.answer is not None or declared:
            parser.error("--batch reads everything from standard input")
        _batch(stdin, stdout)
        return 0
    if args.expected is None or args.answer is None:
        parser.error("check needs --expected and --answer (or --batch)")
    stdout.write(json.dumps(check_one(args.expected, args.answer, declared)) + "\n")
    return 0
