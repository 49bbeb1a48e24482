"""Loading an exam file into the database, in place and all or nothing."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import yaml
from django.conf import settings
from django.db import transaction

from quizapp.bank.schema import BankError, check_exam_header, check_question
from quizapp.models import Exam, Option, Part, Question, Topic


@dataclass
class LoadReport:
    exam: Exam
    created: int = 0
    updated: int = 0
    # Rows in the database that the file no longer has: kept, since attempts point at them.
    kept: list[str] = field(default_factory=list)


def read_bank(path: Path) -> dict:
    try:
        with open(path, encoding="utf-8") as source:
            data = yaml.safe_load(source)
    except OSError as error:
        raise BankError(f"{path}: cannot be read: {error.strerror}") from error
    except yaml.YAMLError as error:
        raise BankError(f"{path}: not valid YAML: {error}") from error
    if not isinstance(data, dict):
        raise BankError(f"{path}: expected a mapping with `exam` and `questions`")
    return data


def check_bank(data: dict, fixtures_dir: Path | None = None) -> None:
    fixtures_dir = fixtures_dir or Path(settings.FIXTURES_DIR)
    check_exam_header(data.get("exam"))
    questions = data.get("questions")
    if not isinstance(questions, list) or not questions:
        raise BankError("questions: expected a non-empty list")
    numbers = [q.get("number") for q in questions if isinstance(q, dict)]
    duplicates = sorted({n for n in numbers if numbers.count(n) > 1})
    if duplicates:
        raise BankError(f"questions: numbers {duplicates} appear more than once")
    for index, question in enumerate(questions):
        check_question(question, f"questions[{index}]", fixtures_dir)


def load_bank(
    data: dict,
    *,
    fixtures_dir: Path | None = None,
    progress: Callable[[int, int, int], None] | None = None,
) -> LoadReport:
    """Check the whole file, then write it in one transaction: nothing is half-loaded."""
    check_bank(data, fixtures_dir)
    header = data["exam"]
    with transaction.atomic():
        exam, _ = Exam.objects.update_or_create(
            slug=header["slug"],
            defaults={
                "title": header["title"],
                "course": header["course"],
                "date": _as_date(header["date"]),
                "duration_minutes": header["duration_minutes"],
                "instructions": header["instructions"],
                # A file is a finished exam unless it says otherwise.
                "published": header.get("published", True),
            },
        )
        report = LoadReport(exam=exam)
        questions = data["questions"]
        for index, entry in enumerate(questions, start=1):
            _load_question(exam, entry, report)
            if progress:
                progress(index, len(questions), entry["number"])
        numbers = {entry["number"] for entry in questions}
        for stale in exam.questions.exclude(number__in=numbers).filter(retired=False):
            report.kept.append(f"question {stale.number}")
        exam.questions.exclude(number__in=numbers).update(retired=True)
    return report


def _as_date(value: datetime.date | str) -> datetime.date:
    return value if isinstance(value, datetime.date) else datetime.date.fromisoformat(value)


def _load_question(exam: Exam, entry: dict, report: LoadReport) -> None:
    topic, _ = Topic.objects.get_or_create(exam=exam, name=entry["topic"])
    question, created = Question.objects.update_or_create(
        exam=exam,
        number=entry["number"],
        defaults={
            "topic": topic,
            "kind": entry["kind"],
            "prompt": entry["prompt"],
            "figure": entry.get("figure") or "",
            "solution": entry.get("solution", ""),
            "reconstructed": list(entry.get("reconstructed", [])),
            "corrected": [dict(note) for note in entry.get("corrected", [])],
            "retired": False,
        },
    )
    if created:
        report.created += 1
    else:
        report.updated += 1
    labels = []
    for position, part_entry in enumerate(entry["parts"]):
        label = part_entry.get("label", "")
        labels.append(label)
        part, _ = Part.objects.update_or_create(
            question=question,
            label=label,
            defaults={
                "position": position,
                "kind": part_entry["kind"],
                "points": Decimal(str(part_entry["points"])),
                "prompt": part_entry.get("prompt", ""),
                "answer": part_entry.get("answer") or {},
                "retired": False,
            },
        )
        _load_options(part, part_entry.get("options", []))
    for stale in question.parts.exclude(label__in=labels).filter(retired=False):
        report.kept.append(f"question {question.number} part {stale.label!r}")
    question.parts.exclude(label__in=labels).update(retired=True)


def _load_options(part: Part, entries: list[dict]) -> None:
    # Options keep their ids by position, so answers already given still name the same option.
    existing = list(part.options.order_by("position", "id"))
    for position, entry in enumerate(entries):
        values = {
            "position": position,
            "text": entry["text"],
            "correct": bool(entry.get("correct", False)),
            "feedback": entry.get("feedback", ""),
            "retired": False,
        }
        if position < len(existing):
            option = existing[position]
            for name, value in values.items():
                setattr(option, name, value)
            option.save()
        else:
            Option.objects.create(part=part, **values)
    # Options the file no longer has: retired where students chose them, else deleted.
    extra = Option.objects.filter(pk__in=[o.pk for o in existing[len(entries) :]])
    extra.filter(responses__isnull=False).update(retired=True)
    extra.filter(responses__isnull=True).delete()
