"""The API's lists cost a fixed number of queries, whatever the number of attempts behind them."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from quizapp.models import Attempt
from quizapp.services import answer_save, attempt_start, attempt_submit

pytestmark = pytest.mark.django_db


def _more_history(*, student, exam, count: int) -> None:
    for _ in range(count):
        attempt_start(student=student, exam=exam, mode="practice")
        submitted = attempt_start(student=student, exam=exam, mode="exam")
        numeric = submitted.responses.get(part__kind="numeric")
        answer_save(attempt=submitted, part_id=numeric.part_id, answer="0.5")
        attempt_submit(attempt=submitted)


# One of each count is the token with its user (quizapp.tokens).
LISTS = [
    ("/api/exams/", 3),
    ("/api/exams/small/", 3),
    ("/api/attempts/", 4),
    ("/api/me/progress/", 7),
    ("latest attempt", 6),
]


@pytest.mark.parametrize(("url", "queries"), LISTS)
def test_a_list_costs_the_same_queries_for_one_attempt_or_four(
    api, student, small_exam, url, queries
):
    for count in (1, 3):
        _more_history(student=student, exam=small_exam, count=count)
        latest = Attempt.objects.filter(student=student).latest("pk")
        with CaptureQueriesContext(connection) as captured:
            reply = api.get(f"/api/attempts/{latest.pk}/" if url == "latest attempt" else url)
        assert reply.status_code == 200
        assert len(captured) == queries
