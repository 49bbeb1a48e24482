"""The shared cache on Redis, made to degrade: while Redis cannot be reached, reads miss and
writes are dropped, so that what the cache only speeds up or counts (the write throttles, the
grading engine's verdicts) never turns an outage of Redis into a 500 for a student saving or
submitting. The database holds everything that must not be lost; grading catches up by the
sweep once Redis is back (docs/performance.md, "Fault drills").

Failed log-ins (django-axes) stay on a plain RedisCache (ReusingRedisCache): a lock-out that
silently stops counting would let guesses through, so there an outage is an error."""

import functools
import logging
import time
from collections.abc import Callable

from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import ConnectionError, TimeoutError

log = logging.getLogger(__name__)

UNREACHABLE = (ConnectionError, TimeoutError)
# One warning per process every so often, not one per request of a hall.
WARN_EVERY_SECONDS = 10.0


def _degrading(method: Callable, fallback: Callable) -> Callable:
    """`method`, answering `fallback(*args)` instead while Redis cannot be reached."""

    @functools.wraps(method)
    def degraded(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except UNREACHABLE as error:
            now = time.monotonic()
            if now - DegradingRedisCache._warned_at >= WARN_EVERY_SECONDS:
                DegradingRedisCache._warned_at = now
                log.warning("cache: Redis unreachable (%s); reads miss, writes dropped", error)
            return fallback(*args, **kwargs)

    return degraded


def _nothing(*args, **kwargs) -> bool:
    return False


class _ReusingClient(RedisCacheClient):
    """Django builds a new redis.Redis for every command, and its constructor registers some
    170 reply callbacks: about a fifth of a millisecond of CPU each time, twice per throttled
    request. One client per connection pool serves every command (redis.Redis is
    thread-safe: each command takes a connection from the pool)."""

    def __init__(self, servers, **options) -> None:
        super().__init__(servers, **options)
        self._clients: dict[int, object] = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        if id(pool) not in self._clients:  # pools live as long as the process
            self._clients[id(pool)] = self._client(connection_pool=pool)
        return self._clients[id(pool)]


class ReusingRedisCache(RedisCache):
    """Django's RedisCache, with one redis.Redis per connection pool (_ReusingClient)."""

    def __init__(self, server, params) -> None:
        super().__init__(server, params)
        self._class = _ReusingClient


class DegradingRedisCache(ReusingRedisCache):
    _warned_at = -WARN_EVERY_SECONDS

    # Reads miss...
    get = _degrading(RedisCache.get, lambda key, default=None, version=None: default)
    get_many = _degrading(RedisCache.get_many, lambda *args, **kwargs: {})
    has_key = _degrading(RedisCache.has_key, _nothing)
    # ...and writes are dropped: add and set_many say so, as when a value is not stored.
    set = _degrading(RedisCache.set, lambda *args, **kwargs: None)
    set_many = _degrading(RedisCache.set_many, lambda data, *args, **kwargs: list(data))
    add = _degrading(RedisCache.add, _nothing)
    touch = _degrading(RedisCache.touch, _nothing)
    delete = _degrading(RedisCache.delete, _nothing)
