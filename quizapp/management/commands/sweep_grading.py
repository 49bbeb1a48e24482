from django.core.management.base import BaseCommand

from quizapp.services import sweep_stale


class Command(BaseCommand):
    help = "Queue again answers stuck in grading and submit exam attempts whose time is up."

    def handle(self, *args, **options) -> None:
        result = sweep_stale()
        self.stdout.write(
            f"{result['submitted']} overdue attempts submitted, "
            f"{result['requeued']} answers queued again."
        )
