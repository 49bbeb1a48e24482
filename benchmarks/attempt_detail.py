"""SQL queries and median time of an attempt at the whole exam bank, as a page and in the API.

    DJANGO_SETTINGS_MODULE=tests.settings DATABASE_URL=postgres://... \\
        python manage.py load_exam fixtures/cs433-2024.yaml
    DJANGO_SETTINGS_MODULE=tests.settings DATABASE_URL=postgres://... PYTHONPATH=. \\
        python benchmarks/attempt_detail.py

Starts a practice attempt for a user of its own (`bench-attempt`) in that database, then
prints, for GET /attempts/<id>/ and GET /api/attempts/<id>/, the queries of one request and
the median of 15.
"""

import statistics
import time

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from rest_framework.authtoken.models import Token  # noqa: E402
from rest_framework.test import APIClient  # noqa: E402

from quizapp.accounts import upsert_user  # noqa: E402
from quizapp.models import Exam  # noqa: E402
from quizapp.services import attempt_start  # noqa: E402


def main() -> None:
    setup_test_environment()  # the test client's hosts
    user = upsert_user("bench-attempt", "bench-attempt-password-1")
    exam = Exam.objects.get(slug="cs433-2024")
    attempt = attempt_start(student=user, exam=exam, mode="practice")
    page = Client()
    page.force_login(user)
    api = APIClient()
    token, _ = Token.objects.get_or_create(user=user)
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    requests = [
        ("page /attempts/<id>/", lambda: page.get(f"/attempts/{attempt.pk}/")),
        ("API /api/attempts/<id>/", lambda: api.get(f"/api/attempts/{attempt.pk}/")),
    ]
    for name, get in requests:
        get()  # warm: templates, schema, connections
        queries: list[str] = []

        def count(execute, sql, params, many, context, queries=queries):
            queries.append(sql)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(count):
            assert get().status_code == 200
        times = []
        for _ in range(15):
            start = time.perf_counter()
            get()
            times.append(time.perf_counter() - start)
        print(f"{name}: {len(queries)} queries, median {statistics.median(times) * 1000:.0f} ms")


if __name__ == "__main__":
    main()
