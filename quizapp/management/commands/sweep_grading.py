from django.core.management.base import BaseCommand

from quizapp.services import grading_sweep


class Command(BaseCommand):
    help = "Queue again answers stuck in grading and submit exam attempts whose time is up."

    def handle(self, *args, **options) -> None:
        result = grading_sweep()
        self.stdout.write(
            f"{result['submitted']} overdue attempts submitted, "
            f"{result['requeued']} answers queued again."
        )
