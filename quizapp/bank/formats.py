"""An exam bank in and out of the formats it is kept in: the YAML file and Moodle XML.

Whatever the format, the file becomes the YAML file's dict and goes through
`loader.load_bank`: the same checks, one transaction, nothing half-loaded.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from django.conf import settings

from quizapp.bank.exporter import dump_bank, export_bank
from quizapp.bank.loader import LoadReport, load_bank
from quizapp.bank.moodle import (
    Converted,
    bank_to_moodle,
    check_slug,
    looks_like_xml,
    moodle_to_bank,
)
from quizapp.bank.schema import BankError
from quizapp.models import Exam

FORMATS = ("yaml", "moodle-xml")


@dataclass
class ImportReport:
    load: LoadReport
    format: str
    notes: list[str] = field(default_factory=list)


def bank_read(content: bytes, *, slug: str | None = None) -> Converted:
    """The file's dict, its format recognised from the content (BankError if unreadable)."""
    if slug is not None:
        check_slug(slug)
    if looks_like_xml(content):
        converted = moodle_to_bank(content, slug=slug)
        header = converted.value["exam"]
        # What Moodle does not carry stays as it is on an exam already loaded.
        known = Exam.objects.filter(slug=header["slug"]).first()
        if known:
            header.update(
                course=known.course,
                date=known.date,
                duration_minutes=known.duration_minutes,
                published=known.published,
            )
        return converted
    try:
        data = yaml.safe_load(content)
    except yaml.YAMLError as error:
        raise BankError(f"neither Moodle XML nor valid YAML: {error}") from error
    if not isinstance(data, dict):
        raise BankError("expected Moodle XML (<quiz>) or YAML with `exam` and `questions`")
    if slug and isinstance(data.get("exam"), dict):
        data["exam"]["slug"] = slug
    return Converted(data)


def bank_import(
    content: bytes,
    *,
    slug: str | None = None,
    fixtures_dir: Path | None = None,
    progress: Callable[[int, int, int], None] | None = None,
) -> ImportReport:
    """Check the whole file, then load it in one transaction (BankError names the problem)."""
    converted = bank_read(content, slug=slug)
    kind = "moodle-xml" if looks_like_xml(content) else "yaml"
    if kind == "moodle-xml":
        # A Moodle file's figures are named after (and checked against) the project's own.
        fixtures_dir = None
    report = load_bank(converted.value, fixtures_dir=fixtures_dir, progress=progress)
    return ImportReport(load=report, format=kind, notes=converted.notes)


def bank_export(exam: Exam, *, format: str = "yaml") -> Converted:
    """The exam as text in `format` (one of FORMATS), with notes on what it could not hold."""
    data = export_bank(exam)
    if format == "moodle-xml":
        return bank_to_moodle(data, fixtures_dir=Path(settings.FIXTURES_DIR))
    if format == "yaml":
        return Converted(dump_bank(data))
    raise ValueError(f"unknown format {format!r}: one of {', '.join(FORMATS)}")
