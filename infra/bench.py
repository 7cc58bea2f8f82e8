"""``make bench``: the storefront's listing and product-page documents under load, on PostgreSQL.

Steps: create (or reuse) the database ``asal_bench``, migrate, top the generated catalogue up to
5,000 products, ``VACUUM ANALYZE`` it, count SQL statements per request in-process, start
``uvicorn infra.asgi:application`` with 2 workers on a free loopback port, warm up, then run each
document from 8 client threads for a fixed time and print requests per second, p50/p95 latency,
errors and queries per request. Each mode (``--modes``) gets its own server: ``uncached`` runs
with ``RESPONSE_CACHE_SECONDS=0``, ``cached`` with the public response cache on
(``graphql_schema/core/response_cache.py``), so after the warm-up its requests are cache hits.

The documents are the storefront's own listing (``ProductsPage`` with its ``ProductCard``
fragment) and product page (``ProductPage``) from ``tests/graphql/storefront_documents/``, with
Asal's provenance spread into the product's selection (``infra/bench_documents/``, which says why
the bench reads them from the tests). ``--documents`` picks which to run (the ``DOCUMENTS`` table
below gives each its variables).
Options: ``python -m infra.bench --help``; ``make bench BENCH_ARGS="--duration 5"`` passes them.

The database comes from ``--database-url``, else ``BENCH_DATABASE_URL``, else ``asal_bench`` on the
local server; ``DATABASE_URL`` is deliberately not read, so a benchmark never writes 5,000
generated products into the database a developer works in. The results print as a Markdown
table for the README's performance section.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from infra.bench_documents import Extension, document_text

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/asal_bench"
CHANNEL = "intl-usd"
LANGUAGE = "ID"  # the storefront always sends one; the generated catalogue is translated to Indonesian


@dataclass(frozen=True)
class Document:
    name: str
    operation: str  # in tests/graphql/storefront_documents/
    variables: Callable[[random.Random, list[str]], dict[str, Any]]
    extension: Extension | None = None

    @property
    def query(self) -> str:
        return document_text(self.operation, self.extension)


DOCUMENTS = {
    "product_list": Document(
        "product_list",
        "ProductsPage",
        lambda rnd, slugs: {"channel": CHANNEL, "languageCode": LANGUAGE, "first": 20},
        Extension("ProductCard", (), "CardProvenance"),
    ),
    "product_page": Document(
        "product_page",
        "ProductPage",
        lambda rnd, slugs: {"channel": CHANNEL, "languageCode": LANGUAGE, "slug": rnd.choice(slugs)},
        Extension("ProductPage", ("product",), "PageProvenance"),
    ),
    # The smallest document: a baseline for the server's fixed cost per request.
    "channels": Document("channels", "ChannelPicker", lambda rnd, slugs: {}),
}


@dataclass
class Result:
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


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m infra.bench", description=__doc__.split("\n")[0])
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE_URL))
    parser.add_argument("--products", type=int, default=5000, help="generated catalogue size (default 5000)")
    parser.add_argument("--duration", type=float, default=15.0, help="seconds per document (default 15)")
    parser.add_argument(
        "--warmup", type=float, default=3.0, help="seconds of warm-up per document (default 3)"
    )
    parser.add_argument("--concurrency", type=int, default=8, help="client threads (default 8)")
    parser.add_argument("--workers", type=int, default=2, help="uvicorn worker processes (default 2)")
    parser.add_argument(
        "--conn-max-age", type=int, default=60, help="DB_CONN_MAX_AGE for the server (default 60)"
    )
    parser.add_argument(
        "--modes",
        default="uncached,cached",
        help="comma-separated, of: uncached, cached (the public response cache off or on)",
    )
    parser.add_argument(
        "--documents",
        default="product_list,product_page",
        help=f"comma-separated, of: {', '.join(DOCUMENTS)}",
    )
    return parser.parse_args()


def _database_ensure(url: str) -> None:
    """Create the benchmark database when it does not exist (PostgreSQL only)."""
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    # The query string holds Django's OPTIONS (e.g. ?server_side_binding=true), not psycopg's.
    admin = urlunsplit(parts._replace(scheme="postgresql", path="/postgres", query=""))
    with psycopg.connect(admin, autocommit=True) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            print(f"Creating database {name}…")
            connection.execute(f'CREATE DATABASE "{name}"')  # name from our own setting, not user input


def _prepare(args: argparse.Namespace) -> list[str]:
    """Migrate and generate in this process; return product slugs for the product-page document."""
    import django
    from django.core.management import call_command

    django.setup()
    from infra.demo.generate import catalogue_generate
    from storefront.catalog.models import Product

    call_command("migrate", "--noinput", verbosity=0)
    started = time.monotonic()
    added = catalogue_generate(products=args.products, progress=lambda line: print(f"  {line}", flush=True))
    if added:
        print(f"Generated {added} products in {time.monotonic() - started:.1f} s.")
    print(f"Catalogue: {Product.objects.count()} products.")
    _statistics_refresh()
    return list(
        Product.objects.filter(slug__startswith="gen1-").order_by("?").values_list("slug", flat=True)[:500]
    )


def _statistics_refresh() -> None:
    """``VACUUM ANALYZE`` the database, as autovacuum would have done after thousands of new rows.

    A local server may run with autovacuum off (the test services do). Without statistics the
    planner takes the 5,000 listings of a channel for a handful and sorts them all for a page of
    20 (25 ms a query instead of 2); without the visibility map ``totalCount`` reads every
    product row instead of the primary key index. Either would measure a fresh database, not
    the shop.
    """
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")


MODES = {"uncached": "0", "cached": "300"}  # RESPONSE_CACHE_SECONDS of the server


def _queries_per_request(
    documents: list[Document], slugs: list[str], mode: str = "uncached"
) -> dict[str, tuple[int, str]]:
    """SQL statements one request runs (transaction control excluded), and any GraphQL error."""
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    settings.RESPONSE_CACHE_SECONDS = int(MODES[mode])
    client = Client()
    counts = {}
    for document in documents:
        payload = {"query": document.query, "variables": document.variables(random.Random(0), slugs)}  # noqa: S311
        client.post("/graphql/", data=json.dumps(payload), content_type="application/json")  # warm caches
        with CaptureQueriesContext(connection) as context:
            response = client.post("/graphql/", data=json.dumps(payload), content_type="application/json")
        statements = [
            q["sql"]
            for q in context.captured_queries
            if not q["sql"]
            .upper()
            .startswith(("SAVEPOINT", "RELEASE SAVEPOINT", "BEGIN", "COMMIT", "ROLLBACK"))
        ]
        body = response.json() if response.status_code in (200, 400) else {}
        error = json.dumps(body.get("errors"))[:300] if body.get("errors") else ""
        if response.status_code != 200:
            error = error or f"HTTP {response.status_code}"
        counts[document.name] = (len(statements), error)
    return counts


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _server_start(args: argparse.Namespace, port: int, mode: str = "uncached") -> subprocess.Popen[bytes]:
    env = dict(
        os.environ,
        DJANGO_DEBUG="0",
        DB_CONN_MAX_AGE=str(args.conn_max_age),
        RESPONSE_CACHE_SECONDS=MODES[mode],
    )
    command = [
        sys.executable, "-m", "uvicorn", "infra.asgi:application", "--host", "127.0.0.1", "--port", str(port),
        "--workers", str(args.workers), "--no-access-log", "--log-level", "warning",
    ]  # fmt: skip
    server = subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True)  # noqa: S603
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"The server exited with code {server.returncode} before it was ready.")
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", "/health/")
            if connection.getresponse().status == 200:
                return server
        except OSError:
            time.sleep(0.2)
    _server_stop(server)
    raise SystemExit("The server did not answer /health/ within 60 s.")


def _server_stop(server: subprocess.Popen[bytes]) -> None:
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


def _client(port: int, document: Document, slugs: list[str], until: float, result: Result, seed: int) -> None:
    rnd = random.Random(seed)  # noqa: S311 - picks product slugs, not a secret
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    query = document.query
    while time.monotonic() < until:
        body = json.dumps({"query": query, "variables": document.variables(rnd, slugs)})
        started = time.perf_counter()
        error = None
        try:
            connection.request("POST", "/graphql/", body=body, headers={"Content-Type": "application/json"})
            response = connection.getresponse()
            data = response.read()
            if response.status != 200:
                error = f"HTTP {response.status}"
            elif b'"errors"' in data:
                error = json.dumps(json.loads(data).get("errors"))[:300]
        except (OSError, http.client.HTTPException) as exc:
            error = f"{type(exc).__name__}: {exc}"
            connection.close()
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        result.record(time.perf_counter() - started, error)
    connection.close()


def _load(port: int, document: Document, slugs: list[str], seconds: float, concurrency: int) -> Result:
    result = Result()
    until = time.monotonic() + seconds
    threads = [
        threading.Thread(target=_client, args=(port, document, slugs, until, result, seed))
        for seed in range(concurrency)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return result


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))] if ordered else float("nan")


def main() -> None:
    args = _arguments()
    names = [name.strip() for name in args.documents.split(",") if name.strip()]
    unknown = [name for name in names if name not in DOCUMENTS]
    if unknown:
        raise SystemExit(f"Unknown documents: {', '.join(unknown)} (known: {', '.join(DOCUMENTS)}).")
    documents = [DOCUMENTS[name] for name in names]
    os.environ["DATABASE_URL"] = args.database_url
    os.environ.setdefault("ASAL_VAR_DIR", str(ROOT / "var" / "bench"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "infra.settings")
    os.environ["DJANGO_DEBUG"] = "0"
    _database_ensure(args.database_url)
    slugs = _prepare(args)
    modes = [mode.strip() for mode in args.modes.split(",") if mode.strip()]
    if not modes or any(mode not in MODES for mode in modes):
        raise SystemExit(f"--modes takes a comma-separated list of: {', '.join(MODES)}.")
    queries = {mode: _queries_per_request(documents, slugs, mode) for mode in modes}
    rows = []
    for mode in modes:
        port = _free_port()
        print(
            f"Starting uvicorn infra.asgi:application ({args.workers} workers, {mode}) on 127.0.0.1:{port}…",
            flush=True,
        )
        server = _server_start(args, port, mode)
        try:
            for document in documents:
                _load(port, document, slugs, args.warmup, args.concurrency)
                print(
                    f"Running {document.name} ({mode}) for {args.duration:.0f} s at concurrency "
                    f"{args.concurrency}…",
                    flush=True,
                )
                result = _load(port, document, slugs, args.duration, args.concurrency)
                rows.append((mode, document, result))
        finally:
            _server_stop(server)
    print()
    print("| document | mode | requests | req/s | p50 ms | p95 ms | errors | SQL queries/request |")
    print("|---|---|---:|---:|---:|---:|---:|---:|")
    for mode, document, result in rows:
        count = len(result.latencies)
        p50 = statistics.median(result.latencies) * 1000 if count else float("nan")
        p95 = _percentile(result.latencies, 0.95) * 1000
        print(
            f"| {document.name} | {mode} | {count} | {count / args.duration:.1f} | {p50:.0f} | {p95:.0f} | "
            f"{result.errors} | {queries[mode][document.name][0]} |"
        )
    for mode, document, result in rows:
        error = result.first_error or queries[mode][document.name][1]
        if error:
            print(f"\n{document.name} ({mode}): first error: {error}")
    print(
        f"\nPostgreSQL {urlsplit(args.database_url).path.lstrip('/')}, {args.workers} uvicorn workers, "
        f"DEBUG off, DB_CONN_MAX_AGE={args.conn_max_age}, {args.concurrency} client threads, "
        f"{os.cpu_count()} CPUs."
    )
    if any(result.errors for _mode, _document, result in rows):
        raise SystemExit(1)


if __name__ == "__main__":
    main()
