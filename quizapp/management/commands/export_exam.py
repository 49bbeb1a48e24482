from django.core.management.base import BaseCommand, CommandError, CommandParser

from quizapp.bank.formats import FORMATS, bank_export
from quizapp.models import Exam


class Command(BaseCommand):
    help = "Write an exam bank to standard output, in the YAML file format or as Moodle XML."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slug")
        parser.add_argument("--format", choices=FORMATS, default="yaml")

    def handle(self, *args, slug: str, format: str, **options) -> None:
        try:
            exam = Exam.objects.get(slug=slug)
        except Exam.DoesNotExist as error:
            known = ", ".join(Exam.objects.values_list("slug", flat=True)) or "none"
            raise CommandError(f"No exam {slug!r}. Loaded exams: {known}.") from error
        exported = bank_export(exam, format=format)
        self.stdout.write(exported.value, ending="")
        # On stderr, so that `> bank.xml` keeps only the file.
        for note in exported.notes:
            self.stderr.write(self.style.WARNING(note))
