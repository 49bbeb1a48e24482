"""Failed log-ins counted per username and address in the shared cache, to slow guessing.

Counting per username *and* address means someone guessing a student's password is stopped,
while the student, from their own address, is not locked out by a stranger's guesses.
"""

from django.core.cache import cache
from django.http import HttpRequest

MAX_FAILURES = 5
WINDOW_SECONDS = 5 * 60


def _key(request: HttpRequest, username: str) -> str:
    address = request.META.get("REMOTE_ADDR", "")
    return f"login-failures:{username.strip().casefold()}:{address}"


def login_blocked(request: HttpRequest, username: str) -> bool:
    return (cache.get(_key(request, username)) or 0) >= MAX_FAILURES


def login_failed(request: HttpRequest, username: str) -> None:
    key = _key(request, username)
    # add() starts the window on the first failure; later failures do not extend it.
    cache.add(key, 0, timeout=WINDOW_SECONDS)
    try:
        cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.set(key, 1, timeout=WINDOW_SECONDS)


def login_succeeded(request: HttpRequest, username: str) -> None:
    cache.delete(_key(request, username))
