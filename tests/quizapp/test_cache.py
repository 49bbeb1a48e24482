"""The shared cache degrades while Redis is unreachable: reads miss, writes are dropped, and
nothing raises (quizapp/cache.py)."""

import socket

import pytest

from quizapp.cache import DegradingRedisCache


def _unreachable_redis() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"redis://127.0.0.1:{port}/0"  # nothing listens there now: refused at once


@pytest.fixture
def cache(monkeypatch) -> DegradingRedisCache:
    monkeypatch.setattr(DegradingRedisCache, "_warned_at", float("-inf"))  # warn afresh
    return DegradingRedisCache(_unreachable_redis(), {"OPTIONS": {"socket_connect_timeout": 1}})


def test_reads_miss_while_redis_is_down(cache):
    assert cache.get("throttle_user_1", default="miss") == "miss"
    assert cache.get_many(["a", "b"]) == {}
    assert cache.has_key("a") is False
    assert cache.get_or_set("a", "computed") == "computed"


def test_writes_are_dropped_while_redis_is_down(cache, caplog):
    cache.set("a", [1, 2], 60)
    assert cache.add("a", 1) is False
    assert cache.set_many({"a": 1, "b": 2}) == ["a", "b"]
    assert cache.touch("a") is False
    assert cache.delete("a") is False
    assert "Redis unreachable" in caplog.text


def test_one_redis_client_serves_every_command(monkeypatch):
    """Django's RedisCache builds a redis.Redis per command; ours keeps one per pool, and the
    commands still reach Redis."""
    from django.conf import settings

    if not settings.REDIS_URL:
        pytest.skip("needs Redis: run it with `make test`")
    made = []
    cache = DegradingRedisCache(settings.REDIS_URL, {"KEY_PREFIX": "test-reuse"})
    original = cache._cache._client

    def counting_client(**kwargs):
        made.append(kwargs)
        return original(**kwargs)

    monkeypatch.setattr(cache._cache, "_client", counting_client)
    cache.set("a", [1, 2], 60)
    assert cache.get("a") == [1, 2]
    assert cache.add("a2", 0, 60) is True
    assert cache.incr("a2") == 1
    cache.delete_many(["a", "a2"])
    assert cache.get("a") is None
    assert len(made) == 1
