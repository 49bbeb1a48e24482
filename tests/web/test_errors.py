"""The pages' error handler (quizapp/web/views/errors.py): PostgreSQL out of reach is a 503
with Retry-After and a fixed page; any other failure is still a 500."""

import psycopg
import pytest
from django.db import connection
from django.test import Client

from quizapp.web.views import exams
from quizapp.web.views.errors import UNAVAILABLE_PAGE


@pytest.fixture
def alice_sees_errors(alice: Client) -> Client:
    """Alice's client answers with the error pages instead of raising in the test."""
    alice.raise_request_exception = False
    return alice


def test_a_page_during_a_database_outage_is_a_503_with_retry_after(
    alice_sees_errors, database_down
):
    reply = alice_sees_errors.get("/exams/small/", {"q": "<script>alert(1)</script>"})
    assert reply.status_code == 503
    assert reply["Retry-After"] == "5"
    assert reply.content.decode() == UNAVAILABLE_PAGE  # nothing from the request in it


def test_a_page_during_a_database_outage_logs_one_warning_line(
    alice_sees_errors, database_down, caplog
):
    alice_sees_errors.get("/")
    assert [record.levelname for record in caplog.records] == ["WARNING"]
    assert "database unavailable in home" in caplog.text
    assert caplog.records[0].exc_info is None


def test_a_serialization_failure_is_not_an_outage_and_stays_a_500(
    alice_sees_errors, small_exam, monkeypatch
):
    def conflict(**kwargs):
        with connection.wrap_database_errors:
            raise psycopg.errors.SerializationFailure("could not serialize access")

    monkeypatch.setattr(exams, "exam_cards", conflict)
    reply = alice_sees_errors.get("/")
    assert reply.status_code == 500
    assert "Retry-After" not in reply
