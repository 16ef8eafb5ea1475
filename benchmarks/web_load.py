"""Load on the web app: concurrent clients posting compare requests of the example story.

    .venv/bin/python benchmarks/web_load.py                    # 50 clients, 60 s, the same story each time
    .venv/bin/python benchmarks/web_load.py --distinct         # every request a new variant (nothing cached)
    .venv/bin/python benchmarks/web_load.py --clients 10 --seconds 20

Goal (issue 6): 0 errors and p95 latency <= 2 s with 50 clients for 60 s on 2 cores. The server runs in its own
process (``newsparallax.web.serve``, uvicorn on loopback), the clients are asyncio tasks in this one, on the same
cores. The first request, which loads the models (once per server process), is timed on its own and not counted.
With the same story each time the server answers from its compare cache after the first computation (outputs
are deterministic, so that is exact); ``--distinct`` appends a numbered sentence to one article so that every
request is a new comparison, which measures what the CPU can compute.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from newsparallax.readers import read_many  # noqa: E402

STORY = ROOT / "examples" / "harbor-fire"
# The server as `parallax serve` runs it, with the access log off (50 clients would spend a core on it).
SERVER = """
import sys
from newsparallax.web import serve
serve(sys.argv[1], port=int(sys.argv[2]), log_level="warning")
"""


def records() -> list[dict[str, Any]]:
    articles, _ = read_many([str(STORY)])
    return [{"title": a.title, "text": a.text, "source": a.source, "published": a.published} for a in articles]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def start_server(port: int, db: str) -> subprocess.Popen[bytes]:
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "PYTHONPATH": str(ROOT / "src")}
    server = subprocess.Popen([sys.executable, "-c", SERVER, db, str(port)], env=env)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/openapi.json", timeout=1).status_code == 200:
                return server
        except httpx.HTTPError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit("the server did not start in 60 s")


def variant(body: list[dict[str, Any]], number: int) -> list[dict[str, Any]]:
    first = {**body[0], "text": body[0]["text"] + f"\n\nCorrection number {number} was appended to this story."}
    return [first, *body[1:]]


async def client(
    url: str, body: list[dict[str, Any]], until: float, distinct: bool, counter: list[int], out: list[Any]
) -> None:
    async with httpx.AsyncClient(timeout=600) as http:
        while time.monotonic() < until:
            articles = body
            if distinct:
                counter[0] += 1
                articles = variant(body, counter[0])
            start = time.monotonic()
            try:
                response = await http.post(url, json={"articles": articles})
                ok = response.status_code == 200
            except httpx.HTTPError:
                ok = False
            out.append((time.monotonic() - start, ok))


async def load(url: str, body: list[dict[str, Any]], clients: int, seconds: float, distinct: bool) -> list[Any]:
    results: list[Any] = []
    until = time.monotonic() + seconds
    counter = [0]
    await asyncio.gather(*(client(url, body, until, distinct, counter, results) for _ in range(clients)))
    return results


def percentile(values: list[float], share: float) -> float:
    return values[min(len(values) - 1, int(share * len(values)))]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60.0, help="how long the clients keep posting")
    parser.add_argument("--distinct", action="store_true", help="a new variant of the story in every request")
    args = parser.parse_args(argv)
    body = records()
    port = free_port()
    with tempfile.TemporaryDirectory() as tmp:
        server = start_server(port, str(Path(tmp) / "load.db"))
        try:
            url = f"http://127.0.0.1:{port}/api/compare"
            start = time.monotonic()
            first = httpx.post(url, json={"articles": variant(body, 0) if args.distinct else body}, timeout=300)
            warmup = time.monotonic() - start
            assert first.status_code == 200, first.text
            began = time.monotonic()
            results = asyncio.run(load(url, body, args.clients, args.seconds, args.distinct))
            elapsed = time.monotonic() - began
        finally:
            server.send_signal(signal.SIGINT)
            server.wait(timeout=30)
    latencies = sorted(t for t, _ in results)
    errors = sum(1 for _, ok in results if not ok)
    mode = "distinct stories (nothing cached)" if args.distinct else "the same story (cached after the first)"
    print(f"web load: {args.clients} clients for {args.seconds:.0f} s posting {len(body)} articles, {mode}")
    print(f"cores: {os.cpu_count()}; first request (models load, one comparison): {warmup:.2f} s")
    print(
        f"requests {len(results)}  errors {errors}  requests/s {len(results) / elapsed:.1f}  "
        f"p50 {statistics.median(latencies) * 1000:.0f} ms  p95 {percentile(latencies, 0.95) * 1000:.0f} ms  "
        f"max {latencies[-1] * 1000:.0f} ms  (wall {elapsed:.1f} s)"
    )
    return 0 if errors == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
