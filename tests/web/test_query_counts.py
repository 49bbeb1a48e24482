"""The list pages cost a fixed number of queries, whatever the number of attempts behind them."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from quizapp.models import Attempt
from quizapp.services import answer_save, attempt_start, attempt_submit

pytestmark = pytest.mark.django_db


def _history(*, student, exam, count: int) -> Attempt:
    """`count` more practice and exam attempts, the exams answered and submitted; the
    latest practice attempt."""
    latest = None
    for _ in range(count):
        latest = attempt_start(student=student, exam=exam, mode="practice")
        submitted = attempt_start(student=student, exam=exam, mode="exam")
        for response in submitted.responses.select_related("part"):
            if response.part.kind == "expression":
                answer_save(attempt=submitted, part_id=response.part_id, answer="2 x")
        attempt_submit(attempt=submitted)
    return latest


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


# Two of each count are the session and the user, one the header's badge of parts due.
PAGES = [
    ("/", 8),
    ("/exams/small/", 9),
    ("/exams/small/progress/", 12),
    ("attempt", 8),
    ("results", 5),
]


@pytest.mark.parametrize(("page", "queries"), PAGES)
def test_a_page_costs_the_same_queries_for_one_attempt_or_four(
    alice, student, small_exam, page, queries
):
    for count in (1, 3):
        latest = _history(student=student, exam=small_exam, count=count)
        finished = Attempt.objects.filter(student=student, mode="exam").latest("pk")
        url = {"attempt": f"/attempts/{latest.pk}/", "results": f"/attempts/{finished.pk}/results/"}
        assert _queries(alice, url.get(page, page)) == queries
