"""Writing an exam back out in the file format, so that export(load(file)) == file."""

from decimal import Decimal

import yaml

from quizapp.bank.schema import CORRECTION_KEYS
from quizapp.models import Exam, Part


class _BankDumper(yaml.SafeDumper):
    """Multi-line text as block scalars, so a diff of the file reads like prose."""


def _represent_text(dumper: yaml.SafeDumper, text: str) -> yaml.ScalarNode:
    style = "|" if "\n" in text else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style=style)


_BankDumper.add_representer(str, _represent_text)


def _number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def _part_entry(part: Part) -> dict:
    entry: dict = {"label": part.label, "kind": part.kind, "points": _number(part.points)}
    if part.prompt:
        entry["prompt"] = part.prompt
    if part.kind == Part.Kind.CHOICE:
        entry["options"] = [
            {
                "text": o.text,
                "correct": o.correct,
                **({"feedback": o.feedback} if o.feedback else {}),
            }
            for o in part.options.all()
            if not o.retired
        ]
    else:
        entry["answer"] = part.answer
    return entry


def _correction(entry: dict) -> dict:
    # In the file's order (the database's JSON keeps its own).
    return {key: entry[key] for key in CORRECTION_KEYS}


def export_bank(exam: Exam) -> dict:
    questions = (
        exam.questions.filter(retired=False)
        .select_related("topic")
        .prefetch_related("parts__options")
    )
    return {
        "exam": {
            "slug": exam.slug,
            "title": exam.title,
            "course": exam.course,
            "date": exam.date,
            "duration_minutes": exam.duration_minutes,
            "instructions": exam.instructions,
            **({} if exam.published else {"published": False}),
        },
        "questions": [
            {
                "number": q.number,
                "topic": q.topic.name,
                "kind": q.kind,
                "prompt": q.prompt,
                **({"figure": q.figure} if q.figure else {}),
                **({"solution": q.solution} if q.solution else {}),
                **({"reconstructed": q.reconstructed} if q.reconstructed else {}),
                **({"corrected": [_correction(c) for c in q.corrected]} if q.corrected else {}),
                "parts": [_part_entry(p) for p in q.parts.all() if not p.retired],
            }
            for q in questions
        ],
    }


def dump_bank(data: dict) -> str:
    return yaml.dump(
        data, Dumper=_BankDumper, sort_keys=False, allow_unicode=True, width=100, indent=2
    )
