"""Which database errors are an outage (503, retry) and which stay a 500: only PostgreSQL out
of reach counts, not a conflict, a timeout or a cancelled query (quizapp/outage.py)."""

import psycopg
import pytest
from django.db import connection, utils
from psycopg import errors

from quizapp.outage import error_is_database_outage


def _as_django_raises_it(driver_error: Exception) -> Exception:
    """Django's error wrapping the driver's, as raised in a view (django.db.utils)."""
    try:
        with connection.wrap_database_errors:
            raise driver_error
    except utils.Error as wrapped:
        return wrapped
    raise AssertionError("not wrapped")


OUTAGES = [
    psycopg.OperationalError(
        'connection failed: connection to server at "127.0.0.1", port 5432 failed: '
        "Connection refused"
    ),
    psycopg.OperationalError("consuming input failed: server closed the connection unexpectedly"),
    psycopg.OperationalError("connection failed: FATAL:  sorry, too many clients already"),
    psycopg.OperationalError("the connection is closed"),
    psycopg.OperationalError("connection socket closed"),
    errors.ConnectionTimeout("connection timeout expired"),
    errors.AdminShutdown("terminating connection due to administrator command"),
    errors.CrashShutdown("terminating connection because of crash of another server process"),
    errors.CannotConnectNow("the database system is starting up"),
    errors.TooManyConnections("sorry, too many clients already"),
    errors.ConnectionFailure("connection failure"),
    errors.ConnectionDoesNotExist("connection does not exist"),
    errors.TransactionResolutionUnknown("connection lost during COMMIT"),
]

NOT_OUTAGES = [
    errors.SerializationFailure("could not serialize access due to concurrent update"),
    errors.DeadlockDetected("deadlock detected"),
    errors.LockNotAvailable("canceling statement due to lock timeout"),
    errors.QueryCanceled("canceling statement due to statement timeout"),
    errors.DiskFull("could not extend file: No space left on device"),
    errors.OutOfMemory("out of memory"),
    errors.IdleSessionTimeout("terminating connection due to idle-session timeout"),
    errors.DatabaseDropped("database was dropped"),
    errors.ProtocolViolation("invalid frontend message type"),
    errors.CancellationTimeout("cancellation timeout expired"),
    psycopg.InterfaceError("the cursor is closed"),
    errors.UniqueViolation("duplicate key value violates unique constraint"),
    errors.UndefinedTable('relation "quizapp_exam" does not exist'),
]


@pytest.mark.parametrize("driver_error", OUTAGES, ids=lambda e: type(e).__name__)
def test_postgresql_out_of_reach_is_an_outage(driver_error):
    assert error_is_database_outage(error=_as_django_raises_it(driver_error))


@pytest.mark.parametrize("driver_error", NOT_OUTAGES, ids=lambda e: type(e).__name__)
def test_a_database_error_with_the_server_up_is_not_an_outage(driver_error):
    assert not error_is_database_outage(error=_as_django_raises_it(driver_error))


@pytest.mark.parametrize(
    "error",
    [
        psycopg.OperationalError("connection refused"),  # not wrapped: not from a query
        utils.OperationalError("connection refused"),  # no driver error as its cause
        ConnectionRefusedError("redis"),
        RuntimeError("the disk is on fire"),
    ],
    ids=["bare-driver-error", "django-error-without-cause", "redis", "other"],
)
def test_anything_but_a_wrapped_driver_error_is_not_an_outage(error):
    assert not error_is_database_outage(error=error)
