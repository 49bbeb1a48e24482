"""Verdicts are cached by (spec, canonical answer): the same answer costs one check."""

import json

import pytest

import grading
import grading.api
from grading.cache import UNDECIDED_TIMEOUT, LRUCache
from tests.grading.grading_specs import GELU, MU


class RecordingCache:
    """Django's cache API: get(key) and set(key, value, timeout)."""

    def __init__(self):
        self.data = {}
        self.sets = []

    def get(self, key):
        return self.data.get(key)

    def set(self, key, value, timeout=None):
        json.dumps(value)  # what a shared cache can store
        self.sets.append((key, timeout))
        self.data[key] = value


def test_lru_get_set_and_eviction():
    cache = LRUCache(maxsize=2)
    cache.set("a", {"v": 1}, 60)
    cache.set("b", {"v": 2})
    assert cache.get("a") == {"v": 1}  # a is now the most recent
    cache.set("c", {"v": 3})
    assert cache.get("b") is None
    assert cache.get("a") == {"v": 1} and cache.get("c") == {"v": 3}
    assert len(cache) == 2


def test_the_same_answer_is_checked_once(monkeypatch):
    cache = RecordingCache()
    first = grading.check_expression(MU, "sum(q_kn x_n, n)/sum(q_kn, n)", cache=cache)
    assert len(cache.sets) == 1

    def no_second_check(*args, **kwargs):
        raise AssertionError("a cached verdict was checked again")

    monkeypatch.setattr(grading.api, "decide", no_second_check)
    # typed differently, same canonical form: served from the cache
    again = grading.check_expression(MU, "sum( q_{kn}  x_n ,n) / sum(q_{k,n}, n)", cache=cache)
    assert again["equivalent"] is False and again["mistake"] == first["mistake"] == 0
    assert again["feedback"] == first["feedback"]
    assert len(cache.sets) == 1


def test_a_cache_hit_shows_the_students_own_reading():
    cache = RecordingCache()
    grading.check_expression(GELU, "sigmoid(c z)", cache=cache)
    hit = grading.check_expression(GELU, "sigma(cz)", cache=cache)
    assert len(cache.sets) == 1
    assert hit["canonical"] == "sigma(c*z)"
    assert hit["latex"] == r"\sigma\left(c\,z\right)"


def test_keys_depend_on_spec_answer_and_engine_version(monkeypatch):
    key = grading.cache_key(GELU, "sigma(c*z)")
    assert key == grading.cache_key(dict(GELU), "sigma(c*z)")
    assert key != grading.cache_key(GELU, "sigma(z)")
    assert key != grading.cache_key({**GELU, "positive": []}, "sigma(c*z)")
    assert " " not in key and len(key) < 250
    monkeypatch.setattr(grading.api, "ENGINE_VERSION", "99")
    assert grading.cache_key(GELU, "sigma(c*z)") != key


def test_the_verdict_is_stored_under_the_public_key():
    cache = RecordingCache()
    verdict = grading.check_expression(GELU, "sigma(cz)", cache=cache)
    ((key, timeout),) = cache.sets
    assert key == grading.cache_key(GELU, verdict["canonical"])
    assert timeout and timeout > 0


def test_unreadable_answers_are_not_cached_and_undecided_verdicts_only_for_a_minute(monkeypatch):
    cache = RecordingCache()
    grading.check_expression(GELU, "sigma(", cache=cache)
    assert cache.sets == []
    monkeypatch.setattr(grading.api, "CHECK_SECONDS", 0.0)
    undecided = grading.check_expression(GELU, "sigma(cz) + 1", cache=cache)
    assert undecided["equivalent"] is None
    assert [timeout for _, timeout in cache.sets] == [UNDECIDED_TIMEOUT]


def test_an_undecided_verdict_leaves_the_in_process_cache_after_its_timeout(monkeypatch):
    cache = LRUCache()
    clock = iter([100.0, 159.0, 161.0])
    monkeypatch.setattr("grading.cache.time.monotonic", lambda: next(clock))
    cache.set("k", "undecided", UNDECIDED_TIMEOUT)  # expires at 160
    cache.set("forever", "right")
    assert (cache.get("k"), cache.get("k")) == ("undecided", None)
    assert cache.get("forever") == "right"


@pytest.mark.parametrize(
    "answer",
    [
        "sum(sum(sum(i j l, i, 1, 1000), j, 1, 1000), l, 1, 1000)",
        "sum(sum(i j, i, 1, 200), j, 1, 200)",
        "sum(i, i, 1, 5000)",
    ],
)
def test_sums_far_beyond_the_questions_ranges_are_wrong_at_once(answer):
    verdict = grading.check_expression(GELU, answer, cache=RecordingCache())
    assert verdict["equivalent"] is False
    assert "far beyond the question's ranges" in verdict["feedback"]


def test_isolated_checks_use_the_callers_cache():
    cache = RecordingCache()
    first = grading.check_expression_isolated(GELU, "sigma(cz)", cache=cache)
    assert len(cache.sets) == 1
    assert grading.check_expression_isolated(GELU, "sigma(c z)", cache=cache) == {
        **first,
        "latex": first["latex"],
        "canonical": first["canonical"],
    }
    assert len(cache.sets) == 1


@pytest.fixture
def fresh_default_cache(monkeypatch):
    cache = LRUCache()
    monkeypatch.setattr(grading.api, "default_cache", cache)
    return cache


def test_without_a_cache_the_in_process_lru_is_used(fresh_default_cache):
    grading.check_expression(GELU, "sigma(cz)")
    assert len(fresh_default_cache) == 1
