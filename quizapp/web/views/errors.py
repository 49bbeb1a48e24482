"""The site's 500 handler (`handler500` in quizapp/urls.py): PostgreSQL out of reach is a 503
with `Retry-After` and a fixed page; anything else is Django's 500 page."""

import sys

from django.http import HttpRequest, HttpResponse
from django.views import defaults

from quizapp.outage import RETRY_AFTER_SECONDS, error_is_database_outage, outage_log

# Inline and constant: the templates' context processors and the session may need the very
# database that is down. Nothing from the request goes into it.
UNAVAILABLE_PAGE = """<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Back in a moment</title></head>
<body>
<h1>Back in a moment</h1>
<p>The database is unavailable for a moment; reload this page in a few seconds.</p>
</body>
</html>
"""


def server_error(request: HttpRequest) -> HttpResponse:
    # Django calls the handler while it handles the exception (django.core.handlers.exception).
    error = sys.exc_info()[1]
    if error is None or not error_is_database_outage(error=error):
        return defaults.server_error(request)
    response = HttpResponse(UNAVAILABLE_PAGE, status=503, content_type="text/html; charset=utf-8")
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    match = getattr(request, "resolver_match", None)
    outage_log(error=error, where=match.view_name if match else "a page", response=response)
    return response
