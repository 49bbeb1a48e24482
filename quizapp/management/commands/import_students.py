"""`manage.py import_students roster.csv`: see quizapp/services/roster.py."""

import csv
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from quizapp.services import QuizError
from quizapp.services.roster import roster_import, roster_read


class Command(BaseCommand):
    help = (
        "Create or update students from a CSV roster (username, email, name; optional "
        "extra_time as a percentage) and print a set-password link for each account "
        "without a password."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("roster", type=Path)
        parser.add_argument(
            "--base-url", default="http://127.0.0.1:8000", help="Where students open the site."
        )
        parser.add_argument(
            "--links", type=Path, help="Write the links to this CSV instead of printing them."
        )

    def handle(self, *args, roster: Path, base_url: str, links: Path | None, **options) -> None:
        try:
            with roster.open(newline="", encoding="utf-8-sig") as source:
                report = roster_import(rows=roster_read(source=source), base_url=base_url)
        except OSError as problem:
            raise CommandError(f"{roster}: {problem.strerror}") from problem
        except UnicodeDecodeError as problem:
            raise CommandError(f"{roster}: not UTF-8 text") from problem
        except QuizError as problem:
            raise CommandError(f"{roster}: {problem.message}; nothing was imported") from problem
        self.stdout.write(
            f"{len(report.created)} created, {len(report.updated)} updated, "
            f"{len(report.links)} need a password"
        )
        if links:
            with links.open("w", newline="", encoding="utf-8") as out:
                writer = csv.writer(out)
                writer.writerow(["username", "link"])
                writer.writerows(report.links)
            self.stdout.write(f"links written to {links}")
        else:
            for username, link in report.links:
                self.stdout.write(f"{username}\t{link}")
