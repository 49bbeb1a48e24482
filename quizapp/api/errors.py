"""Every error under /api/ is JSON: `{"detail": "..."}` or `{field: [messages]}`, never HTML.

The services' refusals keep the status they carry (quizapp/services/errors.py: InvalidInput
422, AttemptClosed 409, NotAllowed 403). PostgreSQL out of reach (quizapp/outage.py) is a
JSON 503 with `Retry-After`, logged as one warning line. Any other unexpected exception is
logged with its traceback and answered with a JSON 500.
"""

import logging

from django.http import HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler
from rest_framework.views import set_rollback

from quizapp.outage import RETRY_AFTER_SECONDS, error_is_database_outage, outage_log
from quizapp.services import AttemptClosed, InvalidInput, NotAllowed, QuizError, TooBusy

log = logging.getLogger(__name__)


class Unprocessable(exceptions.APIException):
    status_code = status.HTTP_422_UNPROCESSABLE_ENTITY
    default_detail = "This input cannot be read."
    default_code = "unprocessable"


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "This change conflicts with the current state."
    default_code = "conflict"


class Busy(exceptions.APIException):
    status_code = status.HTTP_429_TOO_MANY_REQUESTS
    default_detail = "Too many answers are waiting for grading."
    default_code = "busy"


class Unavailable(exceptions.APIException):
    status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    default_detail = "The database is unavailable for a moment; try again in a few seconds."
    default_code = "unavailable"
    # DRF's handler turns `wait` into the Retry-After header (as for a throttled request).
    wait = RETRY_AFTER_SECONDS


_REFUSALS: dict[int, type[exceptions.APIException]] = {
    error.status_code: api_error
    for error, api_error in [
        (InvalidInput, Unprocessable),
        (AttemptClosed, Conflict),
        (NotAllowed, exceptions.PermissionDenied),
        (TooBusy, Busy),
    ]
}


def exception_handler(exc: Exception, context: dict) -> Response:
    if error_is_database_outage(error=exc):
        response = drf_exception_handler(Unavailable(), context)  # rolls back, as for any
        view = context.get("view")
        outage_log(error=exc, where=type(view).__name__ if view else "the API", response=response)
        return response
    if isinstance(exc, QuizError):
        exc = _REFUSALS.get(exc.status_code, exceptions.ValidationError)(exc.message)
    response = drf_exception_handler(exc, context)
    if response is None:
        log.error("unexpected error in %s", context.get("view"), exc_info=exc)
        set_rollback()
        response = Response(
            {"detail": "Something went wrong on our side; it has been logged."},
            status=status.HTTP_500_INTERNAL_SERVER_ERROR,
        )
    return response


@csrf_exempt  # else a POST to an unknown address gets the CSRF middleware's HTML 403
def not_found(request: HttpRequest, path: str = "") -> JsonResponse:
    """The last URL pattern under /api/: an unknown address is a JSON 404, not Django's page."""
    return JsonResponse({"detail": "No such API endpoint."}, status=status.HTTP_404_NOT_FOUND)
