"""``make bench``: the storefront's catalogue reads under load, per catalogue size, on PostgreSQL.

For each size of ``--sizes`` (default 1,000 and 10,000 products; add 100,000 for the full run)
the harness uses a database of its own, ``<database>_<size>`` (``asal_bench_1000``, …), created
when missing and topped up idempotently by ``infra.bench_prepare`` in a subprocess: migrate,
generate the products (variants, media records, makers, translations, listings, stock) and one
certified production lot per product (``infra.bench_generate``: real signed certificates),
``VACUUM ANALYZE``, pick sample slugs, categories, search words and serials, and count the SQL
statements of one request of each document in-process (uncached and cached).

Then, in ``--rounds`` alternating rounds (every cell once per round, so a slow minute of a loaded
machine spreads over the cells instead of landing on one), for each size and mode (``uncached``:
``RESPONSE_CACHE_SECONDS=0``; ``cached``: the public response cache on), it starts the server as
production runs it (``python -m infra.serve``: gunicorn's synchronous workers over the preloaded
WSGI application, ``--workers`` processes, DEBUG off, the psycopg connection pool; ``--server
uvicorn`` and ``--connections persistent|per-request`` measure the alternatives) and, for each
document and concurrency (``--concurrency``, default 8 and 32), drives it from a separate load
process (``infra.bench_load``: a new connection per request) through a warm-up and ``--duration``
measured seconds. Around each measured run it reads ``/proc``: CPU time (utime + stime) of every
server process and of every PostgreSQL backend connected to the size's database, the peak resident
memory (``VmHWM``) of each worker, and its peak proportional set size (``Pss``: pages the workers
share, such as the application gunicorn's master loaded before forking, counted once).

The documents (``DOCUMENTS``) are the storefront's own (``tests/graphql/storefront_documents/``,
with Asal's provenance spread in, see ``infra/bench_documents/``): the listing
(``ProductsPage``), search (``ProductSearch``), a filtered listing (``ProductsPage`` with a
category and price filter and price sort), a category page (``CategoryShelf``), the product page
(``ProductPage``), and the certificate page a tag's QR code opens (``GET /p/<serial>``).

``--saleor-url URL`` (optional) also drives a running Saleor with the same documents, without
Asal's provenance and without the certificate page (Saleor has none), in the same rounds: its
samples are read from its own API; its CPU, memory and SQL are not visible from here.

The results print as a Markdown table for the README: per cell the median of the rounds and the
spread (min–max) of requests per second. Options: ``python -m infra.bench --help``;
``make bench BENCH_ARGS="--sizes 1000,10000,100000 --rounds 3"`` passes them.

The database comes from ``--database-url``, else ``BENCH_DATABASE_URL``, else ``asal_bench`` on the
local server, with ``_<size>`` appended; ``DATABASE_URL`` is deliberately not read, so a benchmark
never writes 100,000 generated products into the database a developer works in.
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
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from infra.bench_documents import Extension, document_text
from infra.bench_load import percentile

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/asal_bench"
CHANNEL = "intl-usd"
LANGUAGE = "ID"  # the storefront always sends one; the generated catalogue is translated to Indonesian
SALEOR_CHANNEL = "default-channel"
SALEOR_LANGUAGE = "EN"
PAGE = 20  # products per page, as the storefront asks
REQUESTS_PER_DOCUMENT = 200  # distinct requests (variables) prepared per document and cell
MODES = {"uncached": "0", "cached": "300"}  # RESPONSE_CACHE_SECONDS of the server
Samples = dict[str, Any]


@dataclass(frozen=True)
class Document:
    """One page the storefront loads: a GraphQL operation with its variables, or a plain GET."""

    name: str
    operation: str | None  # in tests/graphql/storefront_documents/; None for a plain page
    variables: Callable[[random.Random, Samples], dict[str, Any]] = lambda rnd, samples: {}
    extension: Extension | None = None
    path: Callable[[random.Random, Samples], str] | None = None  # a plain page's URL path
    on_saleor: bool = True

    @property
    def query(self) -> str:
        if self.operation is None:
            raise ValueError(f"{self.name} is a page, not a GraphQL document")
        return document_text(self.operation, self.extension)

    def request(self, rnd: random.Random, samples: Samples, *, saleor: bool = False) -> dict[str, Any]:
        """What the load process sends: method, path, body and headers (JSON-serialisable)."""
        if self.path is not None:
            return {
                "method": "GET",
                "path": self.path(rnd, samples),
                "headers": {"Accept": "text/html", "Accept-Language": "id,en;q=0.8"},
            }
        query = document_text(self.operation, None) if saleor else self.query  # type: ignore[arg-type]
        body = json.dumps({"query": query, "variables": self.variables(rnd, samples)})
        return {
            "method": "POST",
            "path": samples.get("graphql_path", "/graphql/"),
            "body": body,
            "headers": {"Content-Type": "application/json"},
            "graphql": True,
        }


def _base(samples: Samples) -> dict[str, Any]:
    return {"channel": samples.get("channel", CHANNEL), "languageCode": samples.get("language", LANGUAGE)}


DOCUMENTS = {
    "listing": Document(
        "listing",
        "ProductsPage",
        lambda rnd, s: {**_base(s), "first": PAGE},
        Extension("ProductCard", (), "CardProvenance"),
    ),
    "search": Document(
        "search",
        "ProductSearch",
        lambda rnd, s: {
            **_base(s),
            "search": rnd.choice(s["search"]),
            "sortBy": "RANK",
            "sortDirection": "DESC",
            "first": PAGE,
        },
        Extension("ProductCard", (), "CardProvenance"),
    ),
    "filtered": Document(
        "filtered",
        "ProductsPage",
        lambda rnd, s: {
            **_base(s),
            "first": PAGE,
            "filter": {"categories": [rnd.choice(s["categories"])["id"]], "price": {"gte": 5, "lte": 150}},
            "sortBy": {"field": "PRICE", "direction": "ASC"},
        },
        Extension("ProductCard", (), "CardProvenance"),
    ),
    "category": Document(
        "category",
        "CategoryShelf",
        lambda rnd, s: {**_base(s), "slug": rnd.choice(s["categories"])["slug"], "first": PAGE},
        Extension("ProductCard", (), "CardProvenance"),
    ),
    "product_page": Document(
        "product_page",
        "ProductPage",
        lambda rnd, s: {**_base(s), "slug": rnd.choice(s["slugs"])},
        Extension("ProductPage", ("product",), "PageProvenance"),
    ),
    "certificate_page": Document(
        "certificate_page", None, path=lambda rnd, s: f"/p/{rnd.choice(s['serials'])}", on_saleor=False
    ),
    # The smallest document: a baseline for the server's fixed cost per request (not run by default).
    "channels": Document("channels", "ChannelPicker"),
}
DEFAULT_DOCUMENTS = "listing,search,filtered,category,product_page,certificate_page"


# --- the database and the server, shared with infra.bench_checkout --------------------------------


def size_database_url(url: str, size: int, *, one_database: bool = False) -> str:
    """``…/asal_bench`` → ``…/asal_bench_10000``: each catalogue size keeps its own database."""
    if one_database:
        return url
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"{parts.path.rstrip('/')}_{size}"))


def _database_name(url: str) -> str:
    return urlsplit(url).path.lstrip("/")


def _database_ensure(url: str) -> None:
    """Create the benchmark database when it does not exist (PostgreSQL only)."""
    import psycopg

    parts = urlsplit(url)
    name = _database_name(url)
    # The query string holds Django's OPTIONS (e.g. ?server_side_binding=true), not psycopg's.
    admin = urlunsplit(parts._replace(scheme="postgresql", path="/postgres", query=""))
    with psycopg.connect(admin, autocommit=True) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            print(f"Creating database {name}…", flush=True)
            connection.execute(f'CREATE DATABASE "{name}"')  # name from our own setting, not user input


def _prepare(args: argparse.Namespace) -> list[str]:
    """Migrate and generate products (no lots) in this process; return sample product slugs.

    ``infra.bench_checkout`` prepares its database this way; ``infra.bench`` itself prepares each
    size in a subprocess (``infra.bench_prepare``), which also certifies a lot per product.
    """
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
    planner takes the listings of a channel for a handful and sorts them all for a page of 20;
    without the visibility map ``totalCount`` reads every product row instead of the primary key
    index. Either would measure a fresh database, not the shop.
    """
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


CONNECTIONS = ("pool", "persistent", "per-request")


def server_connection_env(args: argparse.Namespace) -> dict[str, str]:
    """The server's database connection settings for ``--connections``.

    ``pool``: the psycopg pool production uses (``DB_POOL``); ``persistent``: Django's persistent
    connections for ``--conn-max-age`` seconds; ``per-request``: a connection per request.
    """
    connections = getattr(args, "connections", "pool")
    if connections == "pool":
        return {"DB_POOL": "1", "DB_CONN_MAX_AGE": "0"}
    if connections == "persistent":
        return {"DB_POOL": "0", "DB_CONN_MAX_AGE": str(args.conn_max_age)}
    return {"DB_POOL": "0", "DB_CONN_MAX_AGE": "0"}


def server_description(args: argparse.Namespace) -> str:
    """How the bench's server ran, for the report's header."""
    server = getattr(args, "server", "gunicorn")
    kind = "gunicorn sync" if server == "gunicorn" else "uvicorn"
    connections = getattr(args, "connections", "pool")
    if connections == "persistent":
        connections = f"persistent connections (DB_CONN_MAX_AGE={args.conn_max_age})"
    elif connections == "pool":
        connections = "psycopg pool"
    else:
        connections = "a connection per request"
    return f"{args.workers} {kind} workers, {connections}"


def size_env(database_url: str) -> dict[str, str]:
    """The environment of one size's processes: its database, and cache keys of its own.

    Kept counts, kept search matches and cached responses are keyed by their statement or
    document, not by the database: with ``REDIS_URL`` shared by every size, one size's server
    would read another's. ``CACHE_KEY_PREFIX`` (Django's ``KEY_PREFIX``) gets the database's name.
    """
    prefix = os.environ.get("CACHE_KEY_PREFIX", "")
    return {"DATABASE_URL": database_url, "CACHE_KEY_PREFIX": f"{prefix}{_database_name(database_url)}"}


def _server_start(
    args: argparse.Namespace,
    port: int,
    mode: str = "uncached",
    database_url: str | None = None,
    ready_within: float = 60,
) -> subprocess.Popen[bytes]:
    """The server as production runs it, in a session of its own (its process group is the server's)."""
    env = dict(
        os.environ,
        DJANGO_DEBUG="0",
        RESPONSE_CACHE_SECONDS=MODES[mode],
        **server_connection_env(args),
    )
    if database_url:
        env.update(size_env(database_url))
    command = [
        sys.executable, "-m", "infra.serve", "--server", args.server, "--host", "127.0.0.1",
        "--port", str(port), "--workers", str(args.workers),
    ]  # fmt: skip
    server = subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True)  # noqa: S603
    deadline = time.monotonic() + ready_within
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
    raise SystemExit(f"The server did not answer /health/ within {ready_within:.0f} s.")


def _server_stop(server: subprocess.Popen[bytes]) -> None:
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


def _percentile(values: list[float], fraction: float) -> float:
    return percentile(values, fraction)


# --- /proc: CPU of the server's processes and of PostgreSQL's backends, peak memory ---------------

TICK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _processes() -> Iterator[tuple[int, list[str]]]:
    """(pid, the fields of ``/proc/<pid>/stat`` after the command name) of every process."""
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                with open(f"/proc/{entry.name}/stat", encoding="utf-8") as handle:
                    stat = handle.read()
            except OSError:
                continue  # exited meanwhile
            yield int(entry.name), stat[stat.rindex(")") + 2 :].split()


def _cpu_ms(fields: list[str]) -> float:
    return (int(fields[11]) + int(fields[12])) * 1000 / TICK  # utime + stime (stat fields 14, 15)


class CpuSampler:
    """CPU time spent by the server's processes and by the PostgreSQL backends of one database.

    A thread reads ``/proc`` every ``interval`` seconds between ``start`` and ``stop`` and keeps
    each process's first and last reading: a backend that exits during the run (a connection
    closed) still counts up to its last reading, and one born during the run counts from zero.

    Every ``PSS_EVERY`` samples it also reads each server process's proportional set size (``Pss``
    of ``/proc/<pid>/smaps_rollup``: its private pages plus its share of the pages it shares, such
    as the application the gunicorn master loaded before forking) and keeps the largest: what a
    worker really adds to the machine's memory, where ``VmHWM`` counts every shared page in full.
    """

    PSS_EVERY = 5

    def __init__(self, group: int | None, database: str | None, interval: float = 0.1) -> None:
        self.group, self.database, self.interval = group, database, interval
        self.kinds: dict[int, str] = {}  # pid → "app", "pg" or "" (neither)
        self.first: dict[int, float] = {}
        self.last: dict[int, float] = {}
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.samples = 0
        self.peak_pss_mb = 0.0

    def _kind(self, pid: int, fields: list[str]) -> str:
        if self.group is not None and int(fields[2]) == self.group:
            return "app"
        if self.database is None:
            return ""
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as handle:
                title = handle.read().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            return ""
        return "pg" if title.startswith("postgres:") and f" {self.database} " in title else ""

    def sample(self, *, initial: bool = False) -> None:
        memory = self.samples % self.PSS_EVERY == 0
        self.samples += 1
        for pid, fields in _processes():
            if pid not in self.kinds:
                self.kinds[pid] = self._kind(pid, fields)
                if self.kinds[pid]:
                    self.first[pid] = _cpu_ms(fields) if initial else 0.0
            if self.kinds[pid]:
                self.last[pid] = _cpu_ms(fields)
            if memory and self.kinds[pid] == "app":
                self.peak_pss_mb = max(self.peak_pss_mb, process_pss_mb(pid))

    def _run(self) -> None:
        while not self.stopping.wait(self.interval):
            self.sample()

    def start(self) -> None:
        self.sample(initial=True)
        self.thread.start()

    def stop(self) -> tuple[float, float]:
        """(server CPU ms, PostgreSQL CPU ms) since ``start``."""
        self.stopping.set()
        self.thread.join()
        self.sample()
        totals = {"app": 0.0, "pg": 0.0}
        for pid, first in self.first.items():
            totals[self.kinds[pid]] += self.last[pid] - first
        return totals["app"], totals["pg"]


def process_pss_mb(pid: int) -> float:
    """The proportional set size of a process in MB (0 when it is gone or unreadable)."""
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="utf-8") as handle:
            for line in handle:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def server_peak_rss_mb(group: int) -> float:
    """The largest peak resident set (``VmHWM``) of the server's processes, in MB."""
    peak = 0.0
    for pid, fields in _processes():
        if int(fields[2]) != group:
            continue
        try:
            with open(f"/proc/{pid}/status", encoding="utf-8") as handle:
                for line in handle:
                    if line.startswith("VmHWM:"):
                        peak = max(peak, int(line.split()[1]) / 1024)
        except OSError:
            continue
    return peak


# --- the cells ------------------------------------------------------------------------------------


@dataclass
class Target:
    """A server under test: Asal on a size's database, or a Saleor given by URL."""

    label: str  # "Asal" or "Saleor"
    size: int | None
    host: str
    port: int
    samples: Samples
    queries: dict[str, list[Any]] = field(default_factory=dict)  # document → [SQL count, error]
    group: int | None = None  # the server's process group, when it runs here
    database: str | None = None


def load_run(
    target: Target, requests: list[dict[str, Any]], concurrency: int, duration: float, warmup: float
) -> dict[str, Any]:
    """One cell: the load process's figures plus the server's and PostgreSQL's CPU and memory."""
    job = {
        "host": target.host,
        "port": target.port,
        "requests": requests,
        "concurrency": concurrency,
        "duration": duration,
        "warmup": warmup,
    }
    load = subprocess.Popen(
        [sys.executable, "-m", "infra.bench_load"],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert load.stdin is not None and load.stdout is not None
    load.stdin.write(json.dumps(job))
    load.stdin.close()
    if load.stdout.readline().strip() != "GO":
        load.wait()
        raise SystemExit("The load process failed before its measured run.")
    sampler = CpuSampler(target.group, target.database)
    sampler.start()
    line = load.stdout.readline()
    app_ms, pg_ms = sampler.stop()
    load.wait()
    if not line:
        raise SystemExit("The load process ended without its figures.")
    result: dict[str, Any] = json.loads(line)
    count = max(result["requests"], 1)
    nan = float("nan")
    result["app_cpu_ms"] = app_ms / count if target.group else nan
    result["pg_cpu_ms"] = pg_ms / count if target.database else nan
    result["rss_mb"] = server_peak_rss_mb(target.group) if target.group else nan
    result["pss_mb"] = sampler.peak_pss_mb if target.group and sampler.peak_pss_mb else nan
    return result


@dataclass(frozen=True)
class Cell:
    target: str  # "Asal" or "Saleor"
    size: int | None
    document: str
    mode: str
    concurrency: int


def _requests(document: Document, samples: Samples, *, saleor: bool, seed: int) -> list[dict[str, Any]]:
    rnd = random.Random(seed)  # noqa: S311 - picks sample variables, not a secret
    count = REQUESTS_PER_DOCUMENT if (document.path or document.variables(rnd, samples) != {}) else 1
    return [document.request(rnd, samples, saleor=saleor) for _ in range(count)]


def _peak(values: Iterable[float | None]) -> float:
    """The largest of the measured values (None and NaN are not measured); NaN when none was."""
    measured = [value for value in values if value is not None and value == value]  # NaN != NaN
    return max(measured, default=float("nan"))


def aggregate(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """The median of each figure over the rounds, the req/s spread, and errors summed."""

    def median(key: str) -> float:
        values = [run[key] for run in runs if run[key] == run[key]]  # NaN != NaN
        return statistics.median(values) if values else float("nan")

    rates = [run["rps"] for run in runs]
    return {
        "rounds": len(runs),
        "rps": statistics.median(rates),
        "rps_min": min(rates),
        "rps_max": max(rates),
        **{
            key: median(key)
            for key in ("p50_ms", "p95_ms", "p99_ms", "app_cpu_ms", "pg_cpu_ms", "load_cpu_share")
        },
        **{key: _peak(run.get(key) for run in runs) for key in ("rss_mb", "pss_mb")},
        "errors": sum(run["errors"] for run in runs),
        "first_error": next((run["first_error"] for run in runs if run["first_error"]), ""),
    }


def _figure(value: float, digits: int = 0) -> str:
    return "–" if value != value else f"{value:.{digits}f}"


def table(results: dict[Cell, dict[str, Any]], queries: dict[tuple[str, int | None, str, str], Any]) -> str:
    """The Markdown table of every cell, in the order they were run."""
    lines = [
        "| target | products | document | mode | conc. | req/s (min–max) | p50 ms | p95 ms | p99 ms | errors "
        "| SQL/req | app CPU ms/req | PG CPU ms/req | peak RSS MB/worker | peak PSS MB/worker |",
        "|---|---:|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for cell, row in results.items():
        sql = queries.get((cell.target, cell.size, cell.mode, cell.document))
        spread = f" ({row['rps_min']:.1f}–{row['rps_max']:.1f})" if row["rounds"] > 1 else ""
        lines.append(
            f"| {cell.target} | {'?' if cell.size is None else cell.size} | {cell.document} | {cell.mode} "
            f"| {cell.concurrency} | {row['rps']:.1f}{spread} | {_figure(row['p50_ms'])} "
            f"| {_figure(row['p95_ms'])} | {_figure(row['p99_ms'])} | {row['errors']} "
            f"| {sql[0] if sql else '–'} | {_figure(row['app_cpu_ms'], 1)} | {_figure(row['pg_cpu_ms'], 1)} "
            f"| {_figure(row['rss_mb'])} | {_figure(row['pss_mb'])} |"
        )
    return "\n".join(lines)


# --- preparing a size, and Saleor's samples ------------------------------------------------------


def prepare_size(database_url: str, size: int, documents: list[str], modes: list[str]) -> dict[str, Any]:
    """Run ``infra.bench_prepare`` for one size in a subprocess; its samples and SQL counts."""
    _database_ensure(database_url)
    env = dict(os.environ, DJANGO_DEBUG="0", **size_env(database_url))
    env.setdefault("DJANGO_SETTINGS_MODULE", "infra.settings")
    command = [
        sys.executable, "-m", "infra.bench_prepare", "--products", str(size),
        "--documents", ",".join(documents), "--modes", ",".join(modes),
    ]  # fmt: skip
    completed = subprocess.run(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True, check=False)  # noqa: S603
    lines = completed.stdout.strip().splitlines()
    if completed.returncode != 0 or not lines:
        raise SystemExit(f"Preparing {size} products failed (exit code {completed.returncode}).")
    prepared: dict[str, Any] = json.loads(lines[-1])
    return prepared


SALEOR_SAMPLES = """
query BenchSamples($channel: String!) {
  products(channel: $channel, first: 100) { edges { node { slug name category { id slug } } } }
}
"""


def saleor_samples(url: str, channel: str) -> Samples:
    """Product slugs, categories and search words read from a running Saleor's own API."""
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname or "127.0.0.1", parts.port or 80, timeout=30)
    body = json.dumps({"query": SALEOR_SAMPLES, "variables": {"channel": channel}})
    connection.request(
        "POST", parts.path or "/graphql/", body=body, headers={"Content-Type": "application/json"}
    )
    data = json.loads(connection.getresponse().read())
    nodes = [edge["node"] for edge in data["data"]["products"]["edges"]]
    if not nodes:
        raise SystemExit(f"Saleor at {url} lists no products in channel {channel}.")
    categories = {node["category"]["slug"]: node["category"] for node in nodes if node.get("category")}
    return {
        "channel": channel,
        "language": SALEOR_LANGUAGE,
        "graphql_path": parts.path or "/graphql/",
        "slugs": [node["slug"] for node in nodes],
        "categories": list(categories.values()),
        "search": sorted({word.lower() for node in nodes for word in node["name"].split() if len(word) > 3})[
            :50
        ],
    }


# --- the command ----------------------------------------------------------------------------------


def _arguments(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m infra.bench", description=__doc__.split("\n")[0])
    parser.add_argument(
        "--database-url",
        "--db",
        dest="database_url",
        default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE_URL),
        help="the bench's database URL; each size uses <its name>_<size> (unless --one-database)",
    )
    parser.add_argument(
        "--sizes",
        default="1000,10000",
        help="comma-separated catalogue sizes (default 1000,10000; add 100000)",
    )
    parser.add_argument("--duration", type=float, default=8.0, help="measured seconds per cell (default 8)")
    parser.add_argument("--warmup", type=float, default=2.0, help="warm-up seconds per cell (default 2)")
    parser.add_argument("--concurrency", default="8,32", help="comma-separated client threads (default 8,32)")
    parser.add_argument(
        "--rounds", type=int, default=1, help="alternating rounds; medians reported (default 1)"
    )
    server_arguments(parser)
    parser.add_argument(
        "--modes",
        default="uncached,cached",
        help="comma-separated, of: uncached, cached (the response cache)",
    )
    parser.add_argument(
        "--documents", default=DEFAULT_DOCUMENTS, help=f"comma-separated, of: {', '.join(DOCUMENTS)}"
    )
    parser.add_argument(
        "--saleor-url", help="also drive a running Saleor's GraphQL endpoint, e.g. http://host:8000/graphql/"
    )
    parser.add_argument(
        "--saleor-channel", default=SALEOR_CHANNEL, help=f"Saleor's channel (default {SALEOR_CHANNEL})"
    )
    parser.add_argument("--json", type=Path, help="also write every cell's figures to this file")
    parser.add_argument(
        "--one-database",
        action="store_true",
        help="use --database-url as it is, for one size (the harness's own test runs in the test database)",
    )
    return parser.parse_args(argv)


def _names(text: str, known: dict[str, Any] | tuple[str, ...], what: str) -> list[str]:
    names = [name.strip() for name in text.split(",") if name.strip()]
    unknown = [name for name in names if name not in known]
    if not names or unknown:
        raise SystemExit(f"Unknown {what}: {', '.join(unknown) or '(none)'} (known: {', '.join(known)}).")
    return names


def server_arguments(parser: argparse.ArgumentParser) -> None:
    """The server options ``infra.bench`` and ``infra.bench_checkout`` share."""
    parser.add_argument("--workers", type=int, default=2, help="server worker processes (default 2)")
    parser.add_argument(
        "--server",
        choices=("gunicorn", "uvicorn"),
        default="gunicorn",
        help="gunicorn's sync WSGI workers, as production (default), or uvicorn's ASGI ones",
    )
    parser.add_argument(
        "--connections",
        choices=CONNECTIONS,
        default="pool",
        help="the psycopg pool, as production (default), Django's persistent connections, or one per request",
    )
    parser.add_argument(
        "--conn-max-age",
        type=int,
        default=60,
        help="DB_CONN_MAX_AGE with --connections persistent (default 60)",
    )


def main(argv: list[str] | None = None) -> dict[Cell, dict[str, Any]]:
    args = _arguments(argv)
    documents = _names(args.documents, DOCUMENTS, "documents")
    modes = _names(args.modes, tuple(MODES), "modes")
    sizes = [int(size) for size in args.sizes.split(",") if size.strip()]
    levels = [int(level) for level in args.concurrency.split(",") if level.strip()]
    if args.one_database and len(sizes) != 1:
        raise SystemExit("--one-database takes one size.")
    os.environ.setdefault("ASAL_VAR_DIR", str(ROOT / "var" / "bench"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "infra.settings")
    Path(os.environ["ASAL_VAR_DIR"], "static").mkdir(parents=True, exist_ok=True)  # quiets WhiteNoise

    targets: list[Target] = []
    for size in sizes:
        url = size_database_url(args.database_url, size, one_database=args.one_database)
        print(f"Preparing {size} products in {_database_name(url)}…", flush=True)
        prepared = prepare_size(url, size, documents, modes)
        targets.append(
            Target(
                "Asal",
                size,
                "127.0.0.1",
                0,
                prepared["samples"],
                prepared["queries"],
                database=_database_name(url),
            )
        )
    if args.saleor_url:
        parts = urlsplit(args.saleor_url)
        samples = saleor_samples(args.saleor_url, args.saleor_channel)
        targets.append(Target("Saleor", None, parts.hostname or "127.0.0.1", parts.port or 80, samples))

    queries = {
        (target.label, target.size, mode, name): target.queries[mode][name]
        for target in targets
        if target.queries
        for mode in modes
        for name in documents
    }
    runs: dict[Cell, list[dict[str, Any]]] = {}
    failures: list[str] = []
    # The JSON is rewritten after every cell, so a long run interrupted still leaves its figures.
    on_cell = (lambda: _json_write(args.json, runs, queries)) if args.json else None
    for round_number in range(1, args.rounds + 1):
        for target in targets:
            for mode in modes if target.label == "Asal" else ("uncached",):
                try:
                    _round_target(args, target, mode, documents, levels, round_number, runs, on_cell)
                except SystemExit as failure:  # a server that never came up: the other cells still run
                    failures.append(
                        f"round {round_number}, {target.label} {target.size or ''} {mode}: {failure}"
                    )
                    print(f"  skipped: {failure}", flush=True)
    results = {cell: aggregate(cell_runs) for cell, cell_runs in runs.items()}
    print()
    print(table(results, queries))
    _notes(args, results, queries)
    for failure in failures:
        print(f"\nNot measured: {failure}")
    errors = any(row["errors"] for row in results.values()) or any(
        error for _count, error in queries.values()
    )
    if errors or failures:
        raise SystemExit(1)
    return results


def _json_write(
    path: Path, runs: dict[Cell, list[dict[str, Any]]], queries: dict[tuple[str, int | None, str, str], Any]
) -> None:
    rows = [
        {
            **cell.__dict__,
            **aggregate(cell_runs),
            "sql": queries.get((cell.target, cell.size, cell.mode, cell.document)),
        }
        for cell, cell_runs in runs.items()
    ]
    path.write_text(json.dumps(rows, indent=1), encoding="utf-8")


def _round_target(
    args: argparse.Namespace,
    target: Target,
    mode: str,
    documents: list[str],
    levels: list[int],
    round_number: int,
    runs: dict[Cell, list[dict[str, Any]]],
    on_cell: Callable[[], None] | None = None,
) -> None:
    server = None
    if target.label == "Asal":
        target.port = _free_port()
        url = size_database_url(args.database_url, target.size, one_database=args.one_database)  # type: ignore[arg-type]
        print(
            f"Round {round_number}: {target.size} products, {mode}: {server_description(args)} "
            f"on 127.0.0.1:{target.port}…",
            flush=True,
        )
        server = _server_start(args, target.port, mode, database_url=url, ready_within=300)
        target.group = server.pid
    try:
        for name in documents:
            document = DOCUMENTS[name]
            if target.label == "Saleor" and not document.on_saleor:
                continue
            requests = _requests(document, target.samples, saleor=target.label == "Saleor", seed=round_number)
            for level in levels:
                result = load_run(target, requests, level, args.duration, args.warmup)
                cell = Cell(target.label, target.size, name, mode, level)
                runs.setdefault(cell, []).append(result)
                if on_cell is not None:
                    on_cell()
                print(
                    f"  {target.label} {target.size or ''} {name} {mode} c={level}: "
                    f"{result['rps']:.1f} req/s, p95 {result['p95_ms']:.0f} ms, {result['errors']} errors",
                    flush=True,
                )
    finally:
        if server is not None:
            _server_stop(server)


def _notes(
    args: argparse.Namespace,
    results: dict[Cell, dict[str, Any]],
    queries: dict[tuple[str, int | None, str, str], Any],
) -> None:
    for (label, size, mode, name), (_count, error) in queries.items():
        if error:
            print(f"\n{label} {size} {name} ({mode}), counted in-process: {error}")
    for cell, row in results.items():
        if row["first_error"]:
            print(
                f"\n{cell.target} {cell.size} {cell.document} ({cell.mode}, c={cell.concurrency}): "
                f"{row['first_error']}"
            )
    busy = [cell for cell, row in results.items() if row["load_cpu_share"] > 0.8]
    if busy:
        print(
            f"\nThe load process used more than 80% of a core in {len(busy)} cells "
            f"(e.g. {busy[0].document} c={busy[0].concurrency}): there, the client may limit req/s."
        )
    print(
        f"\n{args.rounds} round(s) of {args.duration:g} s per cell after {args.warmup:g} s of warm-up; "
        f"medians, req/s spread min–max. PostgreSQL, {server_description(args)}, DEBUG off, "
        f"the load process opening a new connection per request, {os.cpu_count()} CPUs. "
        "App CPU: the server's processes; PG CPU: the backends of the size's database."
    )


if __name__ == "__main__":
    main()
