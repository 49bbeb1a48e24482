from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from quizapp.bank.formats import bank_import
from quizapp.bank.schema import BankError


class Command(BaseCommand):
    help = (
        "Import (or update in place) an exam bank from a YAML file or a Moodle XML file, "
        "recognised from its content. A file that cannot be imported is refused whole."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path)
        parser.add_argument("--slug", help="The exam's slug, instead of the one in the file.")

    def handle(self, *args, path: Path, slug: str | None, verbosity: int, **options) -> None:
        try:
            content = path.read_bytes()
        except OSError as error:
            raise CommandError(f"{path}: cannot be read: {error.strerror}") from error
        try:
            report = bank_import(content, slug=slug, fixtures_dir=path.resolve().parent)
        except BankError as error:
            raise CommandError(f"{path}: nothing was imported. {error}") from error
        exam = report.load.exam
        self.stdout.write(
            self.style.SUCCESS(
                f"{exam.slug} ({report.format}): {report.load.created} questions created, "
                f"{report.load.updated} updated."
            )
        )
        for note in report.notes:
            self.stdout.write(self.style.WARNING(note))
        for stale in report.load.kept:
            self.stdout.write(
                self.style.WARNING(
                    f"{stale} is no longer in the file: retired, kept for past attempts."
                )
            )
        if not exam.published:
            self.stdout.write(f"{exam.slug} is not published: publish it in the admin.")
