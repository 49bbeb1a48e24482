"""The shared cache on Redis, made to degrade: while Redis cannot be reached, reads miss and
writes are dropped, so that what the cache only speeds up or counts (the write throttles, the
grading engine's verdicts) never turns an outage of Redis into a 500 for a student saving or
submitting. The database holds everything that must not be lost; grading catches up by the
sweep once Redis is back (docs/performance.md, "Fault drills").

Failed log-ins (django-axes) stay on Django's own RedisCache: a lock-out that silently stops
counting would let guesses through, so there an outage is an error."""

import logging
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError, TimeoutError

log = logging.getLogger(__name__)

UNREACHABLE = (ConnectionError, TimeoutError)
# One warning per process every so often, not one per request of a hall.
WARN_EVERY_SECONDS = 10.0


class DegradingRedisCache(RedisCache):
    _warned_at = -WARN_EVERY_SECONDS

    def _unreachable(self, error: Exception) -> None:
        now = time.monotonic()
        if now - DegradingRedisCache._warned_at >= WARN_EVERY_SECONDS:
            DegradingRedisCache._warned_at = now
            log.warning("cache: Redis unreachable (%s); reads miss, writes dropped", error)

    def get(self, key, default=None, version=None):
        try:
            return super().get(key, default, version)
        except UNREACHABLE as error:
            self._unreachable(error)
            return default

    def get_many(self, keys, version=None):
        try:
            return super().get_many(keys, version)
        except UNREACHABLE as error:
            self._unreachable(error)
            return {}

    def has_key(self, key, version=None):
        try:
            return super().has_key(key, version)
        except UNREACHABLE as error:
            self._unreachable(error)
            return False

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return super().add(key, value, timeout, version)
        except UNREACHABLE as error:
            self._unreachable(error)
            return False

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            super().set(key, value, timeout, version)
        except UNREACHABLE as error:
            self._unreachable(error)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return super().set_many(data, timeout, version)
        except UNREACHABLE as error:
            self._unreachable(error)
            return list(data)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return super().touch(key, timeout, version)
        except UNREACHABLE as error:
            self._unreachable(error)
            return False

    def delete(self, key, version=None):
        try:
            return super().delete(key, version)
        except UNREACHABLE as error:
            self._unreachable(error)
            return False
