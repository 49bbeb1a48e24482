"""Requests refused before any view runs, with a 4xx and a message instead of a 500.

- A body over DATA_UPLOAD_MAX_MEMORY_SIZE: 413 (Django would raise RequestDataTooBig deep in
  a view, which the API's handler answered with a 500).
- A NUL byte in the path, the query or a form field: 400. PostgreSQL refuses NUL in text,
  so such an answer or slug would end as a 500. JSON bodies are checked by DRF's fields
  (`\\u0000` is refused by every CharField) and by quizapp.api.parsers.
"""

from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse, JsonResponse

TOO_LARGE = "This request is too large (at most {size} bytes)."
NUL = "The request contains a NUL character, which no field accepts."


def _refuse(request: HttpRequest, message: str, status: int) -> HttpResponse:
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": message}, status=status)
    return HttpResponse(message, status=status, content_type="text/plain; charset=utf-8")


def _content_length(request: HttpRequest) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


def _has_nul(request: HttpRequest) -> bool:
    if "\x00" in request.path:
        return True
    fields = [request.GET]
    if request.method == "POST" and request.content_type in (
        "application/x-www-form-urlencoded",
        "multipart/form-data",
    ):
        fields.append(request.POST)
    return any(
        "\x00" in key or any("\x00" in value for value in values)
        for data in fields
        for key, values in data.lists()
    )


class RequestGuard:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        if limit is not None and _content_length(request) > limit:
            return _refuse(request, TOO_LARGE.format(size=limit), 413)
        try:
            if _has_nul(request):
                return _refuse(request, NUL, 400)
        except RequestDataTooBig:
            return _refuse(request, TOO_LARGE.format(size=limit), 413)
        return self.get_response(request)
