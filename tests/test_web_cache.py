"""The web app's answer cache and compute limiter, without models: bounded size, one computation per key,
at most N at a time, errors shared but not kept, a client giving up cancels nothing."""

from __future__ import annotations

import asyncio
import threading
import time

import pytest

pytest.importorskip("fastapi", reason="the web extra is not installed (pip install -e '.[web]')")

from newsparallax.web.cache import AnswerCache, Limiter


def test_web_cache_evicts_the_least_recently_used_past_its_size() -> None:
    cache = AnswerCache(max_bytes=10)
    cache.put("a", b"1234")
    cache.put("b", b"5678")
    assert cache.get("a") == b"1234"  # "a" is now the most recent
    cache.put("c", b"abcd")
    assert (cache.get("b"), cache.get("a"), cache.get("c")) == (None, b"1234", b"abcd")
    assert cache.size == 8 and len(cache) == 2
    cache.put("huge", b"x" * 11)
    assert cache.get("huge") is None and len(cache) == 2, "an answer bigger than the cache is not kept"
    cache.put("a", b"12")
    assert cache.size == 6 and (cache.hits, cache.misses) == (3, 2)


def test_web_cache_limiter_computes_once_per_key_and_bounds_concurrency() -> None:
    limiter = Limiter(concurrency=2)
    lock = threading.Lock()
    calls: list[str] = []
    active = peak = 0

    def work(key: str) -> str:
        nonlocal active, peak
        with lock:
            calls.append(key)
            active += 1
            peak = max(peak, active)
        time.sleep(0.05)
        with lock:
            active -= 1
        return key.upper()

    async def scenario() -> list[str]:
        keys = ["a", "a", "a", "b", "c", "d", "b"]
        return await asyncio.gather(*(limiter.run(k, lambda k=k: work(k)) for k in keys))  # type: ignore[misc]

    assert asyncio.run(scenario()) == ["A", "A", "A", "B", "C", "D", "B"]
    assert sorted(calls) == ["a", "b", "c", "d"], "equal keys share one computation"
    assert peak == 2, "never more than `concurrency` at once"
    assert limiter.running == 0


def test_web_cache_limiter_shares_errors_and_forgets_them() -> None:
    limiter = Limiter(concurrency=1)
    attempts: list[int] = []

    def failing() -> str:
        attempts.append(1)
        time.sleep(0.02)
        raise ValueError("bad input")

    async def scenario() -> list[BaseException | str]:
        return await asyncio.gather(*(limiter.run("k", failing) for _ in range(3)), return_exceptions=True)

    results = asyncio.run(scenario())
    assert all(isinstance(r, ValueError) for r in results) and len(attempts) == 1
    with pytest.raises(ValueError, match="bad input"):
        asyncio.run(limiter.run("k", failing))
    assert len(attempts) == 2, "a failure is not kept: the next request tries again"


def test_web_cache_a_client_giving_up_does_not_cancel_the_computation() -> None:
    limiter = Limiter(concurrency=1)
    done = threading.Event()

    def work() -> str:
        time.sleep(0.1)
        done.set()
        return "answer"

    async def scenario() -> str:
        impatient = asyncio.create_task(limiter.run("k", work))
        patient = asyncio.create_task(limiter.run("k", work))
        await asyncio.sleep(0.02)
        impatient.cancel()
        return await patient

    assert asyncio.run(scenario()) == "answer" and done.is_set()
