"""What every page's header shows."""

from django.http import HttpRequest
from django.utils import timezone
from django.utils.functional import SimpleLazyObject

from quizapp.services.reviews import review_due_count


def reviews_due(request: HttpRequest) -> dict:
    """The number of parts due for review, for the header's badge. Lazy: counted only when
    a page shows it (htmx fragments do not)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "reviews_due": SimpleLazyObject(lambda: review_due_count(student=user, now=timezone.now()))
    }
