"""Create (or reset) the accounts of an exam hall for benchmarks/exam_hall.py, in seconds.

    DATABASE_URL=... .venv/bin/python benchmarks/hall_accounts.py --students 600

Accounts `hall-0001` ... `hall-0600` share one password (`--password`), hashed once with the
site's hasher and stored as is for every account: fine for a benchmark, never for real
people. A proctor account (`hall-proctor`, an instructor) lets the benchmark watch the
grading through the API. `--reset` deletes the hall's previous attempts first.
"""

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "quizapp.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth.hashers import make_password  # noqa: E402
from django.contrib.auth.models import User  # noqa: E402
from django.db import transaction  # noqa: E402
from knox.models import AuthToken  # noqa: E402

from quizapp.accounts import upsert_user  # noqa: E402
from quizapp.models import Attempt  # noqa: E402

PREFIX = "hall-"
PROCTOR = "hall-proctor"


def student_name(number: int) -> str:
    return f"{PREFIX}{number:04d}"


def hall_create(*, students: int, password: str, reset: bool) -> dict[str, int]:
    names = [student_name(n) for n in range(1, students + 1)]
    encoded = make_password(password)
    with transaction.atomic():
        existing = set(User.objects.filter(username__in=names).values_list("username", flat=True))
        User.objects.bulk_create(
            User(username=name, password=encoded) for name in names if name not in existing
        )
        User.objects.filter(username__in=existing).update(password=encoded, is_active=True)
        deleted = 0
        if reset:
            hall = User.objects.filter(username__startswith=PREFIX)
            # Tokens too: every run logs in afresh, as a hall does.
            AuthToken.objects.filter(user__in=hall).delete()
            deleted, _ = Attempt.objects.filter(student__in=hall).delete()
    upsert_user(PROCTOR, password, instructor=True)
    return {"created": len(names) - len(existing), "updated": len(existing), "deleted": deleted}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--students", type=int, default=600)
    parser.add_argument("--password", default="hall-password-2026")
    parser.add_argument("--reset", action="store_true", help="delete the hall's attempts")
    args = parser.parse_args()
    began = time.perf_counter()
    counts = hall_create(students=args.students, password=args.password, reset=args.reset)
    print(
        f"{args.students} hall accounts ({counts['created']} created, {counts['updated']} "
        f"updated, {counts['deleted']} rows of old attempts deleted) and {PROCTOR} "
        f"in {time.perf_counter() - began:.1f} s"
    )


if __name__ == "__main__":
    main()
