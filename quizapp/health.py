"""`/healthz`: can this process reach its database and Redis? For load balancers, compose
and `make stack`; it says which dependency failed, never how (no hosts, no credentials)."""

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from redis import Redis
from redis.exceptions import RedisError

# A health check that hangs is worse than one that fails: the balancer's timeout is short.
REDIS_TIMEOUT_SECONDS = 2


def _database() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:
        return False


def _redis() -> bool | None:
    if not settings.REDIS_URL:
        return None  # grading runs in-process: nothing to reach
    client = Redis.from_url(
        settings.REDIS_URL,
        socket_timeout=REDIS_TIMEOUT_SECONDS,
        socket_connect_timeout=REDIS_TIMEOUT_SECONDS,
    )
    try:
        return bool(client.ping())
    except RedisError:
        return False
    finally:
        client.close()


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    checks = {"database": _database(), "redis": _redis()}
    healthy = all(ok is not False for ok in checks.values())
    body = {
        "status": "ok" if healthy else "unavailable",
        **{
            name: "skipped" if ok is None else "ok" if ok else "down" for name, ok in checks.items()
        },
    }
    return JsonResponse(body, status=200 if healthy else 503)
