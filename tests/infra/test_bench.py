"""``make bench``'s documents are the storefront's and stay valid for the live schema; its load
process, CPU sampler and table work; and the whole harness runs end to end on a tiny catalogue."""

from __future__ import annotations

import http.server
import json
import math
import random
import threading
from collections.abc import Iterator

import pytest
from django.conf import settings
from graphql import parse, validate

from graphql_schema.schema import schema
from infra import bench
from infra.bench import DOCUMENTS, Cell, CpuSampler, Target, aggregate, load_run, size_database_url, table
from infra.bench_load import percentile
from tests.graphql.compat.storefront import operation_document, saleor_schema, selection_paths

GRAPHQL_DOCUMENTS = sorted(name for name, document in DOCUMENTS.items() if document.operation)
SAMPLES = {
    "slugs": ["some-slug"],
    "search": ["basket"],
    "categories": [{"id": "Q2F0ZWdvcnk6MQ==", "slug": "baskets"}],
    "serials": ["ASL-7K3M9-QX2HD"],
}


@pytest.mark.parametrize("name", GRAPHQL_DOCUMENTS)
def test_bench_document_is_valid_for_the_live_schema(name: str) -> None:
    """A benchmark of a document the API refuses would time error responses."""
    document = DOCUMENTS[name]
    errors = validate(schema._schema, parse(document.query))
    assert [error.message for error in errors] == []
    variables = document.variables(random.Random(0), SAMPLES)
    assert all(value is not None for value in variables.values())


@pytest.mark.parametrize("name", GRAPHQL_DOCUMENTS)
def test_bench_document_is_the_storefront_document_plus_provenance(name: str) -> None:
    """The bench builds on the test documents instead of keeping a copy: take away Asal's
    provenance and what is left is exactly the storefront's request (what Saleor is sent)."""
    document = DOCUMENTS[name]
    sent = selection_paths(parse(document.query), schema._schema)
    storefront = selection_paths(operation_document(document.operation), saleor_schema())
    saleor_request = json.loads(document.request(random.Random(0), SAMPLES, saleor=True)["body"])

    added = sorted(set(sent) - set(storefront))
    assert set(storefront) <= set(sent)
    assert all(".provenance." in path for path in added)
    assert bool(added) == (document.extension is not None)
    assert selection_paths(parse(saleor_request["query"]), saleor_schema()) == storefront


def test_the_certificate_page_is_the_page_a_tag_opens() -> None:
    request = DOCUMENTS["certificate_page"].request(random.Random(0), SAMPLES)
    assert request["method"] == "GET"
    assert request["path"] == "/p/ASL-7K3M9-QX2HD"
    assert not DOCUMENTS["certificate_page"].on_saleor


def test_each_size_has_its_own_database() -> None:
    assert size_database_url("postgres://u@h:5432/asal_bench", 1000) == "postgres://u@h:5432/asal_bench_1000"
    assert size_database_url("postgres://u@h/asal_bench?x=1", 10) == "postgres://u@h/asal_bench_10?x=1"


def test_percentile_reads_the_sorted_samples() -> None:
    samples = [float(n) for n in range(100, 0, -1)]
    assert percentile(samples, 0.5) == 51.0
    assert percentile(samples, 0.95) == 96.0
    assert percentile(samples, 0.99) == 100.0


def test_rounds_give_the_median_and_the_spread() -> None:
    def run(rps: float, p95: float) -> dict[str, object]:
        return {
            "rps": rps, "p50_ms": 1.0, "p95_ms": p95, "p99_ms": 9.0, "app_cpu_ms": 2.0, "pg_cpu_ms": math.nan,
            "load_cpu_share": 0.1, "rss_mb": 100.0, "errors": 0, "first_error": "",
        }  # fmt: skip

    row = aggregate([run(10.0, 30.0), run(30.0, 10.0), run(20.0, 20.0)])
    assert (row["rps"], row["rps_min"], row["rps_max"], row["p95_ms"]) == (20.0, 10.0, 30.0, 20.0)
    assert math.isnan(row["pg_cpu_ms"])
    text = table(
        {Cell("Asal", 1000, "listing", "uncached", 8): row}, {("Asal", 1000, "uncached", "listing"): [7, ""]}
    )
    assert (
        "| Asal | 1000 | listing | uncached | 8 | 20.0 (10.0–30.0) | 1 | 20 | 9 | 0 | 7 | 2.0 | – | 100 |"
        in text
    )


class _Handler(http.server.BaseHTTPRequestHandler):
    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        answer = b'{"errors": [{"message": "no"}]}' if b"fail" in body else b'{"data": {}}'
        self.send_response(200)
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)

    def log_message(self, *_args: object) -> None:
        pass


@pytest.fixture
def http_server() -> Iterator[int]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1]
    server.shutdown()


def test_the_load_process_counts_requests_and_graphql_errors(http_server: int) -> None:
    """The load runs in a process of its own; an answer with ``errors`` counts as an error."""
    target = Target("Saleor", None, "127.0.0.1", http_server, {})
    ok = {"method": "POST", "path": "/graphql/", "body": "{}", "headers": {}, "graphql": True}
    failing = {**ok, "body": '{"fail": 1}'}

    result = load_run(target, [ok], concurrency=2, duration=0.5, warmup=0.1)
    assert result["requests"] > 0 and result["errors"] == 0
    assert result["p50_ms"] <= result["p95_ms"] <= result["p99_ms"]
    assert 0 <= result["load_cpu_share"] < 2
    assert math.isnan(result["app_cpu_ms"])  # a server elsewhere: its CPU is not visible

    result = load_run(target, [failing], concurrency=1, duration=0.3, warmup=0)
    assert result["errors"] == result["requests"] > 0
    assert "no" in result["first_error"]


def test_the_cpu_sampler_counts_a_process_group() -> None:
    """CPU burnt by a child in the sampled process group shows; other processes' does not."""
    import os
    import subprocess
    import sys

    child = subprocess.Popen(
        [sys.executable, "-c", "import time\nwhile time.process_time() < 0.6: pass"],
        start_new_session=True,
    )
    sampler = CpuSampler(child.pid, None, interval=0.05)
    sampler.start()
    child.wait()
    app_ms, pg_ms = sampler.stop()
    assert 450 < app_ms < 3000
    assert pg_ms == 0
    assert 0 < sampler.peak_pss_mb < 1000  # read while it ran (a bare interpreter: a few MB)
    assert bench.server_peak_rss_mb(os.getpgrp()) > 0


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_the_harness_runs_end_to_end_on_a_tiny_catalogue(tmp_path) -> None:
    """``python -m infra.bench`` on 12 products, both modes, every document, a fifth of a second each, in
    the test database: the catalogue is generated (lots and certificates included), the SQL of
    each document counted without errors, the server and the load process start, and every cell
    comes back without errors and with its costs measured."""
    database = settings.DATABASES["default"]
    password = f":{database['PASSWORD']}" if database.get("PASSWORD") else ""
    url = (
        f"postgres://{database['USER']}{password}@{database['HOST'] or '127.0.0.1'}:"
        f"{database['PORT'] or 5432}/{database['NAME']}"
    )
    output = tmp_path / "cells.json"
    results = bench.main(
        [
            "--database-url", url, "--one-database", "--sizes", "12", "--duration", "0.2", "--warmup", "0.05",
            "--concurrency", "2", "--workers", "1", "--json", str(output),
        ]
    )  # fmt: skip

    documents = bench.DEFAULT_DOCUMENTS.split(",")
    assert {(cell.document, cell.mode) for cell in results} == {
        (name, mode) for name in documents for mode in ("uncached", "cached")
    }
    for cell, row in results.items():
        assert row["errors"] == 0, (cell, row["first_error"])
        assert row["rps"] > 0
        assert row["app_cpu_ms"] > 0, cell
        assert row["rss_mb"] > 50, cell
        assert 0 < row["pss_mb"] <= row["rss_mb"], cell  # shared pages counted once, not per worker
    assert results[Cell("Asal", 12, "listing", "uncached", 2)]["pg_cpu_ms"] > 0
    assert len(json.loads(output.read_text())) == len(results)
