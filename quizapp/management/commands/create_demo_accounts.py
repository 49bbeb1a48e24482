import os

from django.core.management.base import BaseCommand

from quizapp.accounts import upsert_user

DEMO_ACCOUNTS = [
    ("student", "DEMO_STUDENT_PASSWORD", "practise-cs433", False),
    ("instructor", "DEMO_INSTRUCTOR_PASSWORD", "teach-cs433", True),
]


class Command(BaseCommand):
    help = "Create (or reset) the demo accounts `student` and `instructor`."

    def handle(self, *args, **options) -> None:
        for username, variable, default, instructor in DEMO_ACCOUNTS:
            password = os.environ.get(variable, default)
            upsert_user(username, password, instructor=instructor)
            role = "instructor (staff, Instructors group)" if instructor else "student"
            self.stdout.write(f"  {username:<11} password: {password:<16} {role}")
