from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from quizapp.bank.loader import load_bank, read_bank
from quizapp.bank.schema import BankError


class Command(BaseCommand):
    help = "Load (or update in place) an exam bank from its YAML file."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path)

    def handle(self, *args, path: Path, verbosity: int, **options) -> None:
        def progress(done: int, total: int, number: int) -> None:
            if verbosity >= 1:
                self.stderr.write(f"\r  question {number:>3}  [{done}/{total}]", ending="")

        try:
            report = load_bank(
                read_bank(path), fixtures_dir=path.resolve().parent, progress=progress
            )
        except BankError as error:
            raise CommandError(f"{path}: nothing was loaded. {error}") from error
        if verbosity >= 1:
            self.stderr.write("")
        self.stdout.write(
            self.style.SUCCESS(
                f"{report.exam.slug}: {report.created} questions created, {report.updated} updated."
            )
        )
        for stale in report.kept:
            self.stdout.write(
                self.style.WARNING(
                    f"{stale} is no longer in the file: retired, kept for past attempts."
                )
            )
