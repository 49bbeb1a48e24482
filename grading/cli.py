"""Command line: `python -m grading check ...` and `python -m grading lint EXAM.yaml`.

    python -m grading check --expected "x^2-1" --answer "(x-1)(x+1)" [--vars x,y]
    python -m grading check --batch < lines.jsonl
    python -m grading lint fixtures/cs433-2024.yaml

`check` prints one JSON object per check: {"equivalent": true|false|null, "error": null|str,
"latex": str}. Without --vars (or "vars" in a batch line) the variables are the names the
expected expression uses, and any other name in the answer is an error. Exit code 0 when
the checks ran (whatever their verdicts), 2 on bad usage.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any, TextIO

from .api import check_expression, validate_spec
from .spec import SpecError, discovery_table
from .syntax import ParseError


def check_one(expected: Any, answer: Any, variables: Any = None) -> dict[str, Any]:
    if not isinstance(expected, str) or not isinstance(answer, str):
        return {"equivalent": None, "error": "`expected` and `answer` must be strings", "latex": ""}
    if isinstance(variables, str):
        variables = [v for v in variables.replace(" ", ",").split(",") if v]
    if variables is not None and not (
        isinstance(variables, list) and all(isinstance(v, str) for v in variables)
    ):
        return {"equivalent": None, "error": "`vars` must be a list of names", "latex": ""}
    try:
        table, _ = discovery_table(expected, variables)
    except (ParseError, SpecError) as err:
        message = err.message if isinstance(err, ParseError) else str(err)
        return {"equivalent": None, "error": f"expected: {message}", "latex": ""}
    names = variables or sorted(table.scalars)
    verdict = check_expression({"expected": expected, "variables": names}, answer)
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
            result = check_one(item.get("expected"), item.get("answer"), item.get("vars"))
        stdout.write(json.dumps(result) + "\n")
        stdout.flush()


def _lint(path: str, stdout: TextIO) -> int:
    import yaml

    with open(path, encoding="utf-8") as f:
        exam = yaml.safe_load(f)
    problems = 0
    for question in (exam or {}).get("questions") or []:
        for part in question.get("parts") or []:
            if part.get("kind") != "expression":
                continue
            where = f"question {question.get('number')}{part.get('label') or ''}"
            for problem in validate_spec(part.get("answer") or {}):
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
    check.add_argument("--batch", action="store_true", help="read JSON lines from standard input")
    lint = commands.add_parser("lint", help="check the expression parts of an exam YAML file")
    lint.add_argument("path")
    args = parser.parse_args(argv)
    if args.command == "lint":
        return _lint(args.path, stdout)
    if args.batch:
        if args.expected is not None or args.answer is not None or args.vars is not None:
            parser.error("--batch reads everything from standard input")
        _batch(stdin, stdout)
        return 0
    if args.expected is None or args.answer is None:
        parser.error("check needs --expected and --answer (or --batch)")
    variables = [v for v in args.vars.split(",") if v.strip()] if args.vars else None
    stdout.write(json.dumps(check_one(args.expected, args.answer, variables)) + "\n")
    return 0
