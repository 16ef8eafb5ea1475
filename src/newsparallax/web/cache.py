"""Keeping a busy server responsive: a bounded cache of answers and a limit on simultaneous computations.

A comparison takes seconds of CPU. Outputs are deterministic, so equal requests have equal answers: the
answer (its JSON bytes) is kept in an LRU cache bounded by total size, and equal requests that arrive while
it is being computed wait for that one computation instead of starting their own. Computations run in the
thread pool, at most ``concurrency`` at a time; the rest wait on the event loop, holding no thread, so pages
and cached answers keep flowing while the CPU is busy.
"""

from __future__ import annotations

import asyncio
import os
import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any, TypeVar

from starlette.concurrency import run_in_threadpool

T = TypeVar("T")
CACHE_BYTES = 64_000_000


def default_concurrency() -> int:
    # The analyses are mostly Python holding the GIL; threads beyond the cores only add switching.
    return max(1, min(4, os.cpu_count() or 1))


class AnswerCache:
    """Least recently used answers, evicted once their total size passes ``max_bytes``. Thread-safe."""

    def __init__(self, max_bytes: int = CACHE_BYTES) -> None:
        self.max_bytes = max_bytes
        self._items: OrderedDict[str, bytes] = OrderedDict()
        self._size = 0
        self._lock = threading.Lock()
        self.hits = self.misses = 0

    def get(self, key: str) -> bytes | None:
        with self._lock:
            value = self._items.get(key)
            if value is None:
                self.misses += 1
                return None
            self._items.move_to_end(key)
            self.hits += 1
            return value

    def put(self, key: str, value: bytes) -> None:
        if len(value) > self.max_bytes:
            return  # bigger than the whole cache: keeping it would evict everything else
        with self._lock:
            old = self._items.pop(key, None)
            self._size += len(value) - (len(old) if old is not None else 0)
            self._items[key] = value
            while self._size > self.max_bytes:
                _, evicted = self._items.popitem(last=False)
                self._size -= len(evicted)

    def __len__(self) -> int:
        return len(self._items)

    @property
    def size(self) -> int:
        return self._size


class Limiter:
    """Runs blocking computations in the thread pool, ``concurrency`` at a time, one per key at a time.

    The asyncio objects belong to one event loop; a server has one, but a test may drive the same app from
    several (one per client), so they are made again when the running loop changes.
    """

    def __init__(self, concurrency: int | None = None) -> None:
        self.concurrency = concurrency or default_concurrency()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._slots = asyncio.Semaphore(self.concurrency)
        self._running: dict[str, asyncio.Task[Any]] = {}

    def _bind(self) -> None:
        loop = asyncio.get_running_loop()
        if loop is not self._loop:
            self._loop, self._slots, self._running = loop, asyncio.Semaphore(self.concurrency), {}

    async def run(self, key: str, compute: Callable[[], T]) -> T:
        """``compute()``'s result; a request for a key already being computed waits for that computation.

        The computation is a task of its own, not part of any one request: a client that gives up does not
        cancel it for the others waiting on it.
        """
        self._bind()
        task = self._running.get(key)
        if task is None:
            task = asyncio.get_running_loop().create_task(self._limited(compute))
            self._running[key] = task
            task.add_done_callback(lambda done: self._finished(key, done))
        result: T = await asyncio.shield(task)
        return result

    async def _limited(self, compute: Callable[[], T]) -> T:
        async with self._slots:
            return await run_in_threadpool(compute)

    def _finished(self, key: str, task: asyncio.Task[Any]) -> None:
        if self._running.get(key) is task:
            del self._running[key]
        if not task.cancelled():
            task.exception()  # retrieved here, so an error nobody waited for is not reported as unhandled

    @property
    def running(self) -> int:
        return len(self._running)
