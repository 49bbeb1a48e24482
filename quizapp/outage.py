"""Is PostgreSQL unreachable for a moment (restarting, failing over, full of connections)?

Such an error is answered 503 with `Retry-After` by the API (quizapp/api/errors.py) and by
the pages (quizapp/web/views/errors.py), and logged as one warning line: a restart fails
every request for a few seconds, and a traceback for each would bury anything else.

Only the database's *availability* counts. psycopg 3 raises `OperationalError` for much
else that is not an outage and must stay a logged 500 (or be handled where it happens): a
serialization failure or deadlock (40xxx), a lock timeout (55P03), a cancelled query or
statement timeout (57014), a full disk (53100). Its `InterfaceError` is never a connection
failure (a closed cursor, a missing dumper): psycopg 2 said "connection already closed"
with it, psycopg 3 says "the connection is closed" with an `OperationalError`.
"""

import logging

import psycopg
from django.db import utils
from django.http.response import HttpResponseBase

RETRY_AFTER_SECONDS = 5

# What the server answers while it stops, crashes, starts or has no connection to spare.
_OUTAGE_SQLSTATES = {
    "08000",  # connection_exception
    "08001",  # sqlclient_unable_to_establish_sqlconnection
    "08003",  # connection_does_not_exist
    "08004",  # sqlserver_rejected_establishment_of_sqlconnection
    "08006",  # connection_failure
    "08007",  # transaction_resolution_unknown: the connection died during the commit
    "53300",  # too_many_connections
    "57P01",  # admin_shutdown: pg_ctl stop, a restart
    "57P02",  # crash_shutdown: another backend crashed, the server restarts
    "57P03",  # cannot_connect_now: starting up or shutting down
}
# psycopg's own errors without a SQLSTATE that say nothing about the server's availability.
_CLIENT_SIDE_NON_OUTAGES = (psycopg.errors.CancellationTimeout, psycopg.errors.PipelineAborted)

log = logging.getLogger(__name__)


def error_is_database_outage(*, error: BaseException) -> bool:
    """True for a Django database error raised because PostgreSQL could not be reached."""
    if not isinstance(error, utils.OperationalError):
        return False
    # Django wraps the driver's error and keeps it as the cause (django.db.utils).
    cause = error.__cause__
    if not isinstance(cause, psycopg.OperationalError):
        return False
    if cause.sqlstate is None:
        # Raised by psycopg itself, not sent by the server: the connection could not be
        # made (refused, timed out, "too many clients" while connecting), or its socket
        # closed under it ("server closed the connection unexpectedly").
        return not isinstance(cause, _CLIENT_SIDE_NON_OUTAGES)
    return cause.sqlstate in _OUTAGE_SQLSTATES


def outage_log(*, error: BaseException, where: str, response: HttpResponseBase) -> None:
    """One warning line per refused request (the driver's first line, no traceback), in place
    of Django's ERROR line for a 5xx response (or its traceback, for a page's)."""
    # django.utils.log.log_response skips a response marked as logged.
    response._has_been_logged = True
    cause = error.__cause__ or error
    first_line = next(iter(str(cause).strip().splitlines()), "")
    log.warning("database unavailable in %s: %s: %s", where, type(cause).__name__, first_line)
