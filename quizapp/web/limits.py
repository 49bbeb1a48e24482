"""The pages' rate limits: the API's throttle classes, applied to a page's POSTs, so that
signing up or starting an attempt costs the same whichever face is used."""

from collections.abc import Callable
from functools import wraps

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from rest_framework.throttling import BaseThrottle


def page_throttled(*throttles: type[BaseThrottle]) -> Callable:
    """Refuse a POST past any of `throttles` with a 429 page saying when to try again."""

    def decorate(view: Callable) -> Callable:
        @wraps(view)
        def limited(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if request.method == "POST":
                for throttle in (cls() for cls in throttles):
                    if not throttle.allow_request(request, None):
                        wait = max(1, round(throttle.wait() or 1))
                        reply = render(request, "quizapp/too_many.html", {"wait": wait}, status=429)
                        reply["Retry-After"] = str(wait)
                        return reply
            return view(request, *args, **kwargs)

        return limited

    return decorate
