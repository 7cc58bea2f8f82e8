"""``make bench``'s load generator: a process of its own, so its CPU is never the server's.

``infra.bench`` starts ``python -m infra.bench_load`` once per cell and writes a JSON job to its
standard input: the server's host and port, the requests to send (method, path, body, headers;
picked at random for every request), the concurrency, the warm-up and the measured seconds.
Each of ``concurrency`` threads opens a new connection per request, as a browser without a CDN
in front would after its keep-alive ran out, sends it with ``http.client`` and reads the whole
answer. After the warm-up the process prints ``GO`` (the harness samples the server's and
PostgreSQL's CPU then), and after the measured run one JSON line: requests, errors, the first
error, p50/p95/p99 latency and the load process's own CPU time, so a saturated client shows
(a Python client near 100% of a core measures itself, not the server).

An answer is an error when its status is not 200, or, for GraphQL, when its JSON carries
``errors``. Standard library only: it runs the same against Asal or a Saleor elsewhere.
"""

from __future__ import annotations

import http.client
import json
import os
import random
import sys
import threading
import time
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Tally:
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    first_error: str = ""
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, seconds: float, error: str | None) -> None:
        with self.lock:
            self.latencies.append(seconds)
            if error:
                self.errors += 1
                self.first_error = self.first_error or error


def percentile(values: list[float], fraction: float) -> float:
    """The nearest-rank percentile of ``values`` (NaN for none)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))] if ordered else float("nan")


def send(host: str, port: int, request: dict[str, Any], timeout: float = 30.0) -> str | None:
    """One request on a new connection; ``None`` when it succeeded, else what went wrong."""
    connection = http.client.HTTPConnection(host, port, timeout=timeout)
    try:
        body = request.get("body")
        headers = {"Connection": "close", **request.get("headers", {})}
        connection.request(request["method"], request["path"], body=body, headers=headers)
        response = connection.getresponse()
        data = response.read()
        if response.status != 200:
            return f"HTTP {response.status}: {data[:200]!r}"
        if request.get("graphql") and b'"errors"' in data:
            errors = json.loads(data).get("errors")
            if errors:
                return json.dumps(errors)[:300]
        return None
    except (OSError, http.client.HTTPException, ValueError) as exc:
        return f"{type(exc).__name__}: {exc}"
    finally:
        connection.close()


def run(job: dict[str, Any], seconds: float, tally: Tally) -> None:
    """``job["concurrency"]`` threads sending random requests of ``job["requests"]`` for ``seconds``."""
    until = time.monotonic() + seconds
    requests = job["requests"]

    def client(seed: int) -> None:
        rnd = random.Random(seed)  # noqa: S311 - picks which request to send, not a secret
        while time.monotonic() < until:
            request = rnd.choice(requests)
            started = time.perf_counter()
            error = send(job["host"], job["port"], request)
            tally.record(time.perf_counter() - started, error)

    threads = [threading.Thread(target=client, args=(seed,)) for seed in range(job["concurrency"])]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def summary(tally: Tally, wall: float, cpu: float) -> dict[str, Any]:
    lat = tally.latencies
    return {
        "requests": len(lat),
        "seconds": wall,
        "rps": len(lat) / wall if wall else 0.0,
        "p50_ms": percentile(lat, 0.50) * 1000,
        "p95_ms": percentile(lat, 0.95) * 1000,
        "p99_ms": percentile(lat, 0.99) * 1000,
        "errors": tally.errors,
        "first_error": tally.first_error,
        "load_cpu_share": cpu / wall if wall else 0.0,
    }


def main() -> None:
    job = json.loads(sys.stdin.read())
    if job.get("warmup", 0) > 0:
        run(job, job["warmup"], Tally())
    print("GO", flush=True)
    tally = Tally()
    cpu_before, wall_before = sum(os.times()[:2]), time.monotonic()
    run(job, job["duration"], tally)
    wall, cpu = time.monotonic() - wall_before, sum(os.times()[:2]) - cpu_before
    print(json.dumps(summary(tally, wall, cpu)), flush=True)


if __name__ == "__main__":
    main()
