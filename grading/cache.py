"""Verdict caching: keys, and a small in-process LRU with Django's cache API.

A verdict depends only on the engine version, the spec and the canonical form of the
answer, so a hall of students typing the same answer costs one check. Any object with
`get(key)` and `set(key, value, timeout)` can hold verdicts (Django's cache does); values are
plain JSON-able dicts.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections import OrderedDict
from typing import Any, Protocol

DEFAULT_TIMEOUT = 7 * 24 * 3600  # seconds; keys change with the engine version anyway
UNDECIDED_TIMEOUT = 60  # seconds: "could not decide" is tried again after a while


class VerdictCache(Protocol):
    def get(self, key: str) -> Any: ...

    def set(self, key: str, value: Any, timeout: float | None = ...) -> Any: ...


def cache_key(engine_version: str, spec_key: str, canonical: str) -> str:
    """A short key, safe for memcached and Redis (no spaces, under 250 characters)."""
    digest = hashlib.sha256(f"{spec_key}\0{canonical}".encode()).hexdigest()[:40]
    return f"grading:{engine_version}:{digest}"


class LRUCache:
    """A thread-safe in-process cache, evicting the least recently used entries; an entry
    set with a `timeout` (seconds) is gone after it."""

    def __init__(self, maxsize: int = 4096) -> None:
        self.maxsize = maxsize
        self._data: OrderedDict[str, tuple[float | None, Any]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: str, default: Any = None) -> Any:
        with self._lock:
            if key not in self._data:
                return default
            expires, value = self._data[key]
            if expires is not None and time.monotonic() >= expires:
                del self._data[key]
                return default
            self._data.move_to_end(key)
            return value

    def set(self, key: str, value: Any, timeout: float | None = None) -> None:
        with self._lock:
            expires = time.monotonic() + timeout if timeout is not None else None
            self._data[key] = (expires, value)
            self._data.move_to_end(key)
            while len(self._data) > self.maxsize:
                self._data.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._data.clear()

    def __len__(self) -> int:
        return len(self._data)


default_cache = LRUCache()
