from django.core.management.base import BaseCommand, CommandError, CommandParser

from quizapp.bank.exporter import dump_bank, export_bank
from quizapp.models import Exam


class Command(BaseCommand):
    help = "Write an exam bank to standard output in the YAML file format."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slug")

    def handle(self, *args, slug: str, **options) -> None:
        try:
            exam = Exam.objects.get(slug=slug)
        except Exam.DoesNotExist as error:
            known = ", ".join(Exam.objects.values_list("slug", flat=True)) or "none"
            raise CommandError(f"No exam {slug!r}. Loaded exams: {known}.") from error
        self.stdout.write(dump_bank(export_bank(exam)), ending="")
